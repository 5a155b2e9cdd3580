// The timeline page: instance list with filters, and per instance a summary (state, since when,
// waiting for what, next timer, retries), lanes over time, the event table and links to related
// instances. Live updates arrive over Server-Sent Events, with polling when the stream breaks.
import { duration, el, instanceHref, relative, time, timerLabel } from './dom.js';
import { drawDiagram } from './diagram.js';
import { windowedHistory } from './eventWindow.js';
import { actionBar, idWithCopy, isAnswered, outcomeBadge, shortId } from './operator.js';

const state = {
  selected: null,
  cursor: null,
  items: [],
  pollTimer: null,
  reloadTimer: null,
  chain: [],
  machines: [],
  // The event window's first index for the shown instance (null: the latest events) and how many it had.
  windowStart: null,
  shownId: null,
  shownCount: 0,
};
const $ = (id) => document.getElementById(id);
// The server writes its per-process token into the page it serves (only to its own origin); every API
// call carries it, so the page works unchanged where the server asks for it.
const token = document.querySelector('meta[name="statebridge-token"]')?.getAttribute('content') ?? '';
const fetch = (path, init = {}) =>
  window.fetch(path, { ...init, headers: { ...init.headers, 'x-statebridge-token': token } });

async function loadMachines() {
  const res = await fetch('/api/machines');
  if (!res.ok) return;
  const { machines } = await res.json();
  const select = $('f-machine');
  const seen = new Set();
  for (const m of machines) {
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    select.append(el('option', { value: m.id }, m.id));
  }
}

function filterQuery() {
  const q = new URLSearchParams();
  for (const name of ['machine', 'status', 'outcome', 'since']) {
    const v = $(`f-${name}`).value;
    if (v) q.set(name, v);
  }
  return q;
}

async function loadList(append = false) {
  const q = filterQuery();
  q.set('limit', '50');
  if (append && state.cursor) q.set('cursor', state.cursor);
  const res = await fetch(`/api/instances?${q}`);
  if (!res.ok) return;
  const page = await res.json();
  state.items = append ? state.items.concat(page.items) : page.items;
  state.cursor = page.cursor ?? null;
  renderList(page.now);
}

function renderList(now) {
  const list = $('instances');
  list.replaceChildren(
    ...state.items.map((s) => {
      const overdue = s.status === 'active' && s.nextTimerAt !== undefined && s.nextTimerAt < now;
      const waiting =
        s.status !== 'active'
          ? s.status
          : isAnswered(s.status, s.settled)
            ? 'answered · takes duplicates of its request'
            : s.waiting && s.waiting.commands.length > 0
              ? `running ${s.waiting.commands.map((c) => c.kind).join(', ')}`
              : overdue
                ? `timer overdue by ${duration(now - s.nextTimerAt)}`
                : s.nextTimerAt !== undefined
                  ? `timer ${relative(s.nextTimerAt, now)}`
                  : 'waiting for an event';
      return el(
        'li',
        {},
        el(
          'a',
          {
            href: instanceHref(s.instanceId),
            'aria-current': s.instanceId === state.selected ? 'true' : 'false',
            'data-instance': s.instanceId,
          },
          el(
            'div',
            { class: 'row1' },
            el('span', { class: s.title ? 'name' : 'id', title: s.instanceId }, s.title ?? shortId(s.instanceId)),
            el(
              'span',
              { class: 'badges' },
              outcomeBadge(s.outcome),
              el(
                'span',
                { class: `badge ${s.status === 'error' || (s.tags ?? []).includes('failed') ? 'error' : s.status}` },
                s.state,
              ),
            ),
          ),
          el(
            'div',
            { class: `sub ${overdue ? 'overdue' : ''}` },
            `${s.machineId}@${s.machineVersion} · ${waiting} · changed ${relative(s.updatedAt, now)}`,
          ),
        ),
      );
    }),
  );
  if (state.items.length === 0) list.append(el('li', { class: 'empty' }, 'No instances match these filters.'));
  $('more').hidden = state.cursor === null;
}

/** Read the streamed timeline (one JSON object per line) as it arrives. */
async function readTimeline(id) {
  const res = await fetch(`/api/instances/${encodeURIComponent(id)}/timeline`);
  if (!res.ok) return { error: (await res.json()).message };
  const out = { meta: null, entries: [], current: null };
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += value;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (!line) continue;
      const row = JSON.parse(line);
      if (row.kind === 'meta') out.meta = row;
      else if (row.kind === 'entry') out.entries.push(row);
      else if (row.kind === 'current') out.current = row;
    }
    if (done) break;
  }
  return out;
}

async function loadChain(correlationId) {
  const res = await fetch(`/api/instances?correlation=${encodeURIComponent(correlationId)}&limit=100`);
  return res.ok ? (await res.json()).items.map((s) => s.instanceId) : [];
}

async function showInstance(id, flashFrom) {
  const detail = $('detail');
  const data = await readTimeline(id);
  if (state.selected !== id) return;
  if (data.error) {
    detail.replaceChildren(el('p', { class: 'empty' }, data.error));
    return;
  }
  const { meta, entries, current } = data;
  state.chain = await loadChain(meta.correlationId);
  const now = meta.now;
  const caused = new Set();
  const causedBy = new Set();
  for (const e of entries) {
    e.links.caused.forEach((c) => caused.add(c));
    if (e.links.causedBy) causedBy.add(e.links.causedBy);
  }
  const others = state.chain.filter((c) => c !== id && !caused.has(c) && !causedBy.has(c));
  const links = el(
    'div',
    { class: 'links', 'aria-label': 'linked instances' },
    causedBy.size > 0 ? ['caused by', ...[...causedBy].map(linkTo)] : null,
    caused.size > 0 ? ['caused', ...[...caused].map(linkTo)] : null,
    others.length > 0 ? ['same chain', ...others.map(linkTo)] : null,
  );
  if (state.shownId !== id) state.windowStart = null;
  const history = windowedHistory(entries, current, now, {
    start: state.windowStart,
    flashFrom,
    onMove: (start) => (state.windowStart = start),
  });
  const graph = el(
    'details',
    { class: 'graph' },
    el('summary', {}, 'state diagram'),
    el('div', { id: 'graph-picture', class: 'graph-picture', 'aria-label': 'state diagram' }, 'loading…'),
    el('details', { class: 'graph-source' }, el('summary', {}, 'Mermaid source'), el('pre', { id: 'graph-text' })),
  );
  graph.addEventListener('toggle', () => loadGraph(meta.machine.id, id), { once: true });
  const actions = await actionBar(id, meta.status, meta.about, () => scheduleReload(id));
  if (state.selected !== id) return;
  state.shownId = id;
  state.shownCount = entries.length;
  detail.replaceChildren(
    el(
      'div',
      { class: 'title' },
      el('h1', { title: id }, meta.about?.title ?? shortId(id, 60)),
      outcomeBadge(meta.about?.outcome),
      el('span', { class: 'machine' }, `${meta.machine.id}@${meta.machine.version}`),
    ),
    el(
      'div',
      { class: 'subtitle' },
      idWithCopy(id),
      meta.about?.outcome?.detail
        ? el('span', { class: `outcome-detail ${meta.about.outcome.result}` }, meta.about.outcome.detail)
        : null,
      isAnswered(meta.status, meta.about?.settled)
        ? el('span', { class: 'answered-note' }, 'answered · a duplicate of its request is answered again, same body')
        : null,
    ),
    actions,
    summaryCards(current, now, isAnswered(meta.status, meta.about?.settled)),
    links.childElementCount > 0 ? links : el('div', { class: 'links' }, 'no linked instances'),
    history,
    graph,
  );
}

function linkTo(id) {
  return el('a', { href: instanceHref(id), 'data-instance': id }, id);
}

function summaryCards(c, now, answered) {
  if (!c) return el('div');
  const next = c.waiting.nextTimer;
  const cmds = c.waiting.commands;
  const waiting =
    c.status !== 'active'
      ? `nothing — ${c.status}`
      : answered && cmds.length === 0
        ? 'nothing — answered'
        : cmds.length > 0
          ? `command ${cmds.map((x) => x.kind).join(', ')}`
          : next
            ? `timer ${timerLabel(next.id, next.delayMs)}`
            : 'an external event';
  const card = (k, v, s, extra = {}) =>
    el(
      'div',
      { class: `card ${extra.attention ? 'attention' : ''}`, 'data-card': k },
      el('div', { class: 'k' }, k),
      el('div', { class: `v ${extra.mono ? 'mono' : ''}` }, v),
      s ? el('div', { class: 's' }, s) : null,
    );
  return el(
    'div',
    { class: 'cards' },
    card('state', c.state, c.tags.length > 0 ? `tags: ${c.tags.join(', ')}` : c.status, { mono: true }),
    card('since', duration(Math.max(0, now - c.since)), time(c.since)),
    card(
      'waiting for',
      waiting,
      cmds.length > 0 ? cmds.map((x) => x.key).join(', ') : next ? 'or an external event before it fires' : null,
      { attention: c.status === 'active' && !answered },
    ),
    card('next timer', next ? relative(next.dueAt, now) : '—', next ? time(next.dueAt) : null),
    card('retries', String(c.retries), `${c.events} events`),
    card('started', relative(c.startedAt, now), time(c.startedAt)),
  );
}

async function loadGraph(machineId, id) {
  const res = await fetch(`/api/machines/${encodeURIComponent(machineId)}/graph?instance=${encodeURIComponent(id)}`);
  const text = res.ok ? await res.text() : null;
  const pre = $('graph-text');
  const picture = $('graph-picture');
  if (pre) pre.textContent = text ?? (await res.json()).message;
  if (!picture) return;
  if (text === null) return void (picture.textContent = 'no diagram for this machine');
  try {
    await drawDiagram(picture, text);
  } catch (error) {
    picture.textContent = `the diagram could not be drawn: ${error.message}`;
  }
}

function route() {
  const match = /^#\/i\/(.+)$/.exec(location.hash);
  state.selected = match ? decodeURIComponent(match[1]) : null;
  for (const a of document.querySelectorAll('#instances a'))
    a.setAttribute('aria-current', a.dataset.instance === state.selected ? 'true' : 'false');
  if (state.selected) void showInstance(state.selected);
}

function scheduleReload(instanceId) {
  clearTimeout(state.reloadTimer);
  state.reloadTimer = setTimeout(() => {
    void loadList();
    if (
      state.selected &&
      (instanceId === undefined || instanceId === state.selected || state.chain.includes(instanceId))
    ) {
      void showInstance(state.selected, state.shownId === state.selected ? state.shownCount : undefined);
    }
  }, 250);
}

function connectLive() {
  const live = $('live');
  const source = new EventSource('/api/stream');
  source.addEventListener('open', () => {
    live.dataset.state = 'live';
    live.textContent = 'live';
    clearInterval(state.pollTimer);
    state.pollTimer = null;
  });
  source.addEventListener('step', (e) => scheduleReload(JSON.parse(e.data).instanceId));
  source.addEventListener('error', () => {
    live.dataset.state = 'polling';
    live.textContent = 'reconnecting — polling every 3s';
    state.pollTimer ??= setInterval(() => scheduleReload(), 3000);
  });
}

$('filters').addEventListener('change', () => void loadList());
$('more').addEventListener('click', () => void loadList(true));
window.addEventListener('hashchange', route);
await loadMachines();
await loadList();
route();
connectLive();
