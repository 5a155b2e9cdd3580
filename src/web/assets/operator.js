// Outcomes, short ids and operator actions on the page. Actions ask first, then show the step they wrote;
// they exist only where the server offers them (`start`, not the read-only `serve`).
import { el } from './dom.js';

/** A long id cut in the middle, as `ls` prints it; the whole id stays in the title and the copy button. */
export function shortId(id, max = 28) {
  if (id.length <= max) return id;
  const tail = Math.floor((max - 1) / 2);
  return `${id.slice(0, max - 1 - tail)}…${id.slice(id.length - tail)}`;
}

/** The id on one line, shortened, with a button that copies it whole. */
export function idWithCopy(id) {
  const button = el('button', { type: 'button', class: 'copy', title: 'copy the id', 'data-copy': id }, 'copy');
  button.addEventListener('click', (event) => {
    event.preventDefault();
    event.stopPropagation();
    void navigator.clipboard?.writeText(id).then(
      () => (button.textContent = 'copied'),
      () => (button.textContent = 'select it: copy is blocked'),
    );
  });
  return el('span', { class: 'id-line' }, el('span', { class: 'id-short', title: id }, shortId(id)), button);
}

/** The outcome as a coloured pill: succeeded green, failed red; nothing while it has none. */
export function outcomeBadge(outcome) {
  if (!outcome) return null;
  return el('span', { class: `outcome ${outcome.result}`, title: outcome.detail ?? outcome.label }, outcome.label);
}

/** `answered` for an instance that has its answer but still takes duplicates of its request. */
export const isAnswered = (status, settled) => status === 'active' && settled === true;

const fetchWithToken = (path, init = {}) => {
  const token = document.querySelector('meta[name="statebridge-token"]')?.getAttribute('content') ?? '';
  return window.fetch(path, { ...init, headers: { ...init.headers, 'x-statebridge-token': token } });
};

let offered = null;
/** The actions this server offers (none on a read-only page). */
export async function offeredActions() {
  offered ??= fetchWithToken('/api/actions').then(
    async (res) => (res.ok ? (await res.json()).actions : []),
    () => [],
  );
  return offered;
}

function describeStep(step) {
  const outcome = step.about?.outcome ? `, ${step.about.outcome.label}` : '';
  const states = `${step.stateBefore ?? '∅'} → ${step.stateAfter}`;
  return `#${step.version} ${step.eventType}: ${states} (${step.status}${outcome})`;
}

// The detail pane is redrawn on every step (live updates); the last answer stays shown across redraws.
let lastAnswer = null;
function show(result, id, kind, text) {
  lastAnswer = { id, kind, text };
  result.className = `action-result ${kind}`;
  result.textContent = text;
}

async function run(id, body, result, onDone) {
  show(result, id, 'pending', 'working…');
  const res = await fetchWithToken(`/api/instances/${encodeURIComponent(id)}/actions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await res.json();
  if (!res.ok) return show(result, id, 'refused', `refused: ${answer.message}`);
  const step = answer.step;
  const text =
    step.instanceId === id ? `wrote ${describeStep(step)}` : `started ${step.instanceId}: ${describeStep(step)}`;
  show(result, id, 'done', text);
  onDone(step);
}

/**
 * Buttons for what an operator may do with this instance now: send an event or cancel while it runs,
 * retry a failed finished lifecycle or an undelivered answer. Each asks for confirmation.
 */
export async function actionBar(id, status, about, onDone) {
  const actions = await offeredActions();
  if (actions.length === 0) return null;
  const kept = lastAnswer?.id === id ? lastAnswer : null;
  const result = el(
    'div',
    { class: `action-result ${kept?.kind ?? ''}`.trim(), role: 'status', 'aria-live': 'polite' },
    kept?.text ?? '',
  );
  const running = status === 'active' && about?.settled !== true;
  const button = (name, label, handler) => {
    const b = el('button', { type: 'button', class: `action ${name}`, 'data-action': name }, label);
    b.addEventListener('click', handler);
    return b;
  };
  const buttons = [];
  if (status === 'active')
    buttons.push(
      button('send', 'Send event…', () => {
        const text = window.prompt(`Event to send to ${id} (JSON)`, '{"type":""}');
        if (text === null) return;
        let event;
        try {
          event = JSON.parse(text);
        } catch (error) {
          return show(result, id, 'refused', `not sent: the event must be JSON (${error.message})`);
        }
        if (window.confirm(`Send ${text} to ${id}?`)) void run(id, { action: 'send', event }, result, onDone);
      }),
    );
  if ((status === 'done' && about?.outcome?.result === 'failed') || about?.outcome?.label === 'UNDELIVERED')
    buttons.push(
      button('retry', 'Retry', () => {
        if (window.confirm(`Retry ${id}? A failed invocation starts again as a new invocation.`))
          void run(id, { action: 'retry' }, result, onDone);
      }),
    );
  if (running)
    buttons.push(
      button('cancel', 'Cancel', () => {
        if (window.confirm(`Cancel ${id}? It stops where it stands and its timers are cancelled.`))
          void run(id, { action: 'cancel' }, result, onDone);
      }),
    );
  if (buttons.length === 0 && kept === null) return null;
  return el('div', { class: 'actions', 'aria-label': 'operator actions' }, ...buttons, result);
}
