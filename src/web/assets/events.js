// The event table: one row per entry with time, event and origin, state change, and what the step set
// in motion (commands, timers, links); the payload and context open on demand.
import { duration, el, instanceHref, time, timerLabel } from './dom.js';
import { shortId } from './operator.js';

// Keys and origins name the instance in full; inside its own table a short form keeps rows a few lines high.
const shortKeys = (text, id) => (id && id.length > 28 ? text.split(id).join(shortId(id)) : text);

/** Render the table; rows from index `flashFrom` on are highlighted as new. */
export function renderEvents(entries, flashFrom) {
  const rows = entries.map((e, i) => {
    const retry = e.attempt !== undefined && e.attempt > 1 && e.commands.length > 0;
    return el(
      'tr',
      {
        'data-seq': e.seq,
        class:
          [retry ? 'retry' : '', flashFrom !== undefined && i >= flashFrom ? 'flash' : ''].join(' ').trim() || null,
      },
      el('td', { class: 'mono' }, `#${e.seq}`),
      el(
        'td',
        {},
        el('div', { class: 'mono' }, time(e.at)),
        el('div', { class: 'muted' }, `+${duration(e.sinceStartMs)} · Δ${duration(e.sincePreviousMs)}`),
      ),
      el(
        'td',
        {},
        el(
          'div',
          { class: 'mono', 'data-field': 'event' },
          e.timerFired ? timerLabel(e.timerFired.id, e.timerFired.delayMs) : e.eventType,
        ),
        el(
          'div',
          { class: 'muted', title: e.origin },
          e.timerFired ? 'timer fired' : shortKeys(e.origin, e.instanceId),
        ),
      ),
      el(
        'td',
        { 'data-field': 'state' },
        el('span', { class: 'mono' }, e.stateBefore ?? '∅'),
        el('span', { class: 'arrow' }, '→'),
        el('span', { class: 'mono' }, e.stateAfter),
        e.tags.length > 0 ? el('div', {}, ...e.tags.map((t) => el('span', { class: 'badge tag' }, t))) : null,
        e.attempt !== undefined ? el('div', { class: 'retry-tag' }, `attempt ${e.attempt}`) : null,
      ),
      el('td', {}, ...details(e)),
    );
  });
  return el(
    'table',
    { class: 'events' },
    el(
      'thead',
      {},
      el('tr', {}, ...['#', 'time', 'event', 'state', 'what it set in motion'].map((h) => el('th', {}, h))),
    ),
    el('tbody', {}, ...rows),
  );
}

function details(e) {
  const line = (k, ...v) => el('div', { class: 'detail-line' }, el('span', { class: 'k' }, k), ...v);
  const out = [];
  if (e.timerFired)
    out.push(
      line(
        'fired',
        el('span', { class: 'mono', title: e.timerFired.id }, timerLabel(e.timerFired.id, e.timerFired.delayMs)),
        el('span', { class: 'muted', title: e.timerFired.key }, ` set by ${shortKeys(e.timerFired.key, e.instanceId)}`),
      ),
    );
  for (const c of e.commands)
    out.push(
      line(
        'command',
        el('span', { class: 'mono' }, c.kind),
        ' ',
        el('span', { class: 'muted mono', title: c.key }, shortKeys(c.key, e.instanceId)),
      ),
    );
  for (const t of e.timersSet)
    out.push(
      line(
        'timer',
        el('span', { class: 'mono', title: t.id }, timerLabel(t.id, t.delayMs)),
        t.dueAt === null ? '' : el('span', { class: 'muted' }, ` due ${time(t.dueAt)}`),
      ),
    );
  for (const id of e.timersCancelled)
    out.push(line('cancelled', el('span', { class: 'mono', title: id }, timerLabel(id))));
  if (e.links.causedBy)
    out.push(
      line(
        'caused by',
        el(
          'a',
          { href: instanceHref(e.links.causedBy), class: 'mono', title: e.links.causedBy },
          shortId(e.links.causedBy),
        ),
      ),
    );
  for (const id of e.links.caused)
    out.push(line('caused', el('a', { href: instanceHref(id), class: 'mono', title: id }, shortId(id))));
  const payload = Object.keys(e.payload ?? {}).length > 0;
  const data = el(
    'details',
    {},
    el('summary', {}, payload ? 'payload & context' : 'context'),
    payload ? el('pre', { 'data-field': 'payload' }, JSON.stringify(e.payload, null, 2)) : null,
    e.commands.length > 0
      ? el(
          'pre',
          {},
          JSON.stringify(
            e.commands.map((c) => ({ [c.kind]: c.params })),
            null,
            2,
          ),
        )
      : null,
    el('pre', { 'data-field': 'context' }, JSON.stringify(e.context, null, 2)),
  );
  out.push(data);
  return out;
}
