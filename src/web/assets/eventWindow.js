// Long histories: the lanes and the event table show one window of entries (the latest by default) with
// controls to page through the rest, so a 20,000-event instance costs the page a few hundred rows, not
// tens of thousands of DOM nodes.
import { el } from './dom.js';
import { renderEvents } from './events.js';
import { drawLanes } from './lanes.js';

/** Entries drawn at once, in the table and in the lanes. */
export const WINDOW = 200;

const LEGEND =
  '◆ start · ● external event · ■ command outcome · ▲ timer fired · ↻n retry ' +
  '· dashed: in flight / pending / cancelled · gaps are drawn on a log scale';

/**
 * The lanes and event table for `entries[start, start + WINDOW)`; `start` null follows the latest events.
 * `onMove(start)` hears where the reader moved (null when back at the end), so a live reload keeps the place.
 */
export function windowedHistory(entries, current, now, { start = null, flashFrom, onMove = () => undefined }) {
  const root = el('div', { class: 'history' });
  const last = Math.max(0, entries.length - WINDOW);
  const render = (from, flash) => {
    const first = from === null ? last : Math.min(Math.max(0, from), last);
    const end = Math.min(entries.length, first + WINDOW);
    const shown = entries.slice(first, end);
    // Timers still pending and the "now" line belong after the last event: draw them only there.
    const tail = end === entries.length;
    const lanes = drawLanes(shown, tail ? current : null, now, (seq) => {
      root.querySelector(`tr[data-seq="${seq}"]`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    });
    const move = (to) => {
      const next = Math.min(Math.max(0, to), last);
      onMove(next === last ? null : next);
      render(next === last ? null : next);
    };
    // A short history has no pager; replaceChildren would print a null child as the text "null".
    const parts = [
      el('h2', {}, 'lanes'),
      pager(entries, first, end, move, last),
      el('div', { class: 'lanes-wrap' }, lanes),
      el('div', { class: 'legend' }, LEGEND),
      el('h2', {}, `events (${entries.length})`),
      renderEvents(shown, flash === undefined ? undefined : Math.max(0, flash - first)),
      pager(entries, first, end, move, last),
    ];
    root.replaceChildren(...parts.filter((part) => part !== null));
  };
  render(start, flashFrom);
  return root;
}

function pager(entries, first, end, move, last) {
  if (entries.length <= WINDOW) return null;
  const button = (name, label, to, disabled) => {
    const b = el('button', { type: 'button', 'data-window': name }, label);
    b.disabled = disabled;
    b.addEventListener('click', () => move(to));
    return b;
  };
  const seq = (i) => `#${entries[i]?.seq ?? i}`;
  return el(
    'nav',
    { class: 'window', 'aria-label': 'event pages' },
    button('first', '⇤ first', 0, first === 0),
    button('earlier', `← earlier ${WINDOW}`, first - WINDOW, first === 0),
    el('span', { class: 'window-range' }, `${seq(first)}–${seq(end - 1)} of ${entries.length} events`),
    button('later', `later ${WINDOW} →`, first + WINDOW, first === last),
    button('last', 'latest ⇥', last, first === last),
  );
}
