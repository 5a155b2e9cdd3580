// The lanes drawing: states as bars, events as marks, commands and timers as spans, over a time
// axis that gives every event its own slot and shows gaps logarithmically, so a 4 ms retry and a
// one-hour timeout are both readable in one picture.
import { duration, stateColour, svg, time } from './dom.js';

const LEFT = 92;
const SLOT = 62;
const LANES = [
  { key: 'state', label: 'state', h: 30 },
  { key: 'events', label: 'events', h: 30 },
  { key: 'commands', label: 'commands', h: 26 },
  { key: 'timers', label: 'timers', h: 26 },
];
const TOP = 8;
const AXIS = 28;

/** Build the x positions: one slot per entry plus a log-scaled gap for the time between them. */
function scale(entries, extraTimes) {
  const xs = [];
  let x = LEFT + 16;
  let prev;
  for (const e of entries) {
    if (prev !== undefined) x += SLOT + gapWidth(e.at - prev);
    xs.push(x);
    prev = e.at;
  }
  const extras = [...new Set(extraTimes.filter((t) => prev === undefined || t > prev))]
    .sort((a, b) => a - b)
    .map((t) => {
      x += SLOT + gapWidth(t - prev);
      prev = t;
      return { t, x };
    });
  return { xs, extras, width: x + 60, at: (t) => locate(t, entries, xs, extras) };
}

function gapWidth(ms) {
  return ms <= 0 ? 0 : Math.round(18 * Math.log10(1 + ms / 50));
}

function locate(t, entries, xs, extras) {
  const points = entries.map((e, i) => ({ t: e.at, x: xs[i] })).concat(extras);
  let best = points[0];
  for (const p of points) if (p.t <= t) best = p;
  return best ? best.x : LEFT;
}

/** Draw the lanes for one instance. `onPick(seq)` is called when an event mark is clicked. */
export function drawLanes(entries, current, now, onPick) {
  const pendingDue = current?.waiting?.nextTimer ? [current.waiting.nextTimer.dueAt] : [];
  const running = current && current.status === 'active';
  const s = scale(entries, running ? [now, ...pendingDue] : []);
  const height = TOP + LANES.reduce((a, l) => a + l.h + 6, 0) + AXIS;
  const root = svg('svg', { class: 'lanes', width: s.width, height, role: 'img', 'aria-label': 'timeline lanes' });
  const y = {};
  let top = TOP;
  for (const lane of LANES) {
    y[lane.key] = { key: lane.key, top, mid: top + lane.h / 2, h: lane.h };
    root.append(svg('text', { class: 'lane-label', x: 10, y: top + lane.h / 2 + 4 }, lane.label));
    root.append(
      svg('line', { x1: LEFT, x2: s.width - 10, y1: top + lane.h + 3, y2: top + lane.h + 3, stroke: '#f0f1f3' }),
    );
    top += lane.h + 6;
  }
  const endX = running ? s.at(now) : (s.xs[s.xs.length - 1] ?? LEFT) + SLOT;

  // state bars: from the entry that entered a state to the next entry that changed it
  let start = 0;
  for (let i = 1; i <= entries.length; i += 1) {
    const e = entries[start];
    const next = entries[i];
    if (next !== undefined && next.stateAfter === e.stateAfter && next.attempt === undefined) continue;
    const x1 = s.xs[start];
    const x2 = next === undefined ? Math.max(endX, x1 + SLOT) : s.xs[i];
    const c = stateColour(e.stateAfter, e.status);
    const bar = svg(
      'g',
      { 'data-state': e.stateAfter },
      svg('rect', {
        x: x1,
        y: y.state.top + 3,
        width: Math.max(4, x2 - x1 - 2),
        height: y.state.h - 6,
        rx: 4,
        fill: c.fill,
        stroke: c.stroke,
      }),
      svg('title', {}, `${e.stateAfter} from ${time(e.at)}${next ? ` for ${duration(next.at - e.at)}` : ''}`),
    );
    if (x2 - x1 > 24)
      bar.append(
        svg(
          'text',
          { class: 'bar-label', x: x1 + 6, y: y.state.mid + 4 },
          fit(e.stateAfter, Math.floor((x2 - x1 - 10) / 6.9)),
        ),
      );
    root.append(bar);
    start = i;
  }

  // commands: issued → outcome (or still in flight)
  const issued = new Map();
  entries.forEach((e, i) => e.commands.forEach((c) => issued.set(c.key, { x: s.xs[i], c })));
  entries.forEach((e, i) => {
    const key = /^outcome of (.+)$/.exec(e.origin)?.[1];
    const from = key && issued.get(key);
    if (!from) return;
    issued.delete(key);
    root.append(
      span(
        from.x,
        s.xs[i],
        y.commands,
        '#6b8fd6',
        false,
        `${from.c.kind} (${from.c.key}) → ${e.eventType} ` +
          `after ${duration(e.at - (entries.find((x) => x.commands.some((c) => c.key === key))?.at ?? e.at))}`,
      ),
    );
  });
  for (const { x, c } of issued.values())
    root.append(span(x, Math.max(endX, x + SLOT), y.commands, '#6b8fd6', true, `${c.kind} (${c.key}) in flight`));

  // timers: set → fired, cancelled, or still pending until due (one pass: a state re-entered sets the same id again)
  const timers = new Map();
  entries.forEach((e, i) => {
    const ended = [];
    if (e.timerFired) ended.push([e.timerFired.id, '#d69e2e', false, 'fired']);
    for (const id of e.timersCancelled) ended.push([id, '#a0aec0', true, 'cancelled']);
    for (const [id, colour, dashed, how] of ended) {
      const from = timers.get(id);
      if (!from) continue;
      timers.delete(id);
      root.append(
        span(
          from.x,
          s.xs[i],
          y.timers,
          colour,
          dashed,
          `${id} ${how} after ${from.t.delayMs === null ? '?' : duration(from.t.delayMs)}`,
        ),
      );
    }
    for (const t of e.timersSet) timers.set(t.id, { x: s.xs[i], t });
  });
  if (running) {
    for (const { x, t } of timers.values()) {
      if (t.dueAt === null) continue;
      root.append(span(x, s.at(t.dueAt), y.timers, '#d69e2e', true, `${t.id} due ${time(t.dueAt)}`));
      const dx = s.at(t.dueAt);
      root.append(
        svg(
          'g',
          {},
          svg('circle', { cx: dx, cy: y.timers.mid, r: 5, fill: '#fff', stroke: '#d69e2e', 'stroke-width': 2 }),
          svg('title', {}, `${t.id} due ${time(t.dueAt)}`),
        ),
      );
      root.append(svg('text', { class: 'tick', x: dx - 8, y: height - 10 }, 'due'));
    }
  }

  // event marks, with retries called out
  entries.forEach((e, i) => {
    const x = s.xs[i];
    const shape = markShape(e, x, y.events.mid);
    shape.setAttribute('class', 'mark');
    shape.setAttribute('data-seq', String(e.seq));
    shape.append(
      svg(
        'title',
        {},
        `#${e.seq} ${e.eventType} — ${e.origin}\n${e.stateBefore ?? '∅'} → ${e.stateAfter}\n${time(e.at)}`,
      ),
    );
    shape.addEventListener('click', () => onPick(e.seq));
    root.append(shape);
    if (e.attempt !== undefined && e.attempt > 1 && e.commands.length > 0) {
      root.append(svg('text', { class: 'retry-label', x: x - 8, y: y.events.top + 2 }, `↻${e.attempt}`));
    }
  });

  // axis: elapsed time under each event, skipping labels that would collide
  const axisY = height - 10;
  let lastLabel = -Infinity;
  let lastText = '';
  entries.forEach((e, i) => {
    const text = `+${duration(e.sinceStartMs)}`;
    if (s.xs[i] - lastLabel < 56 || text === lastText) return;
    lastLabel = s.xs[i];
    lastText = text;
    root.append(svg('text', { class: 'tick', x: s.xs[i] - 6, y: axisY }, text));
  });
  if (running) {
    const x = s.at(now);
    root.append(svg('line', { class: 'now', x1: x, x2: x, y1: TOP, y2: height - AXIS + 4 }));
    root.append(svg('text', { class: 'tick', x: x - 10, y: axisY, fill: '#c53030' }, 'now'));
  }
  return root;
}

function span(x1, x2, lane, colour, dashed, title) {
  return svg(
    'g',
    { 'data-lane': lane.key, 'data-open': dashed ? 'true' : 'false' },
    svg('line', {
      x1,
      x2: Math.max(x1 + 6, x2),
      y1: lane.mid,
      y2: lane.mid,
      stroke: colour,
      'stroke-width': 4,
      'stroke-linecap': 'round',
      'stroke-dasharray': dashed ? '5 4' : null,
    }),
    svg('circle', { cx: x1, cy: lane.mid, r: 3.5, fill: colour }),
    svg('title', {}, title),
  );
}

function markShape(e, x, cy) {
  const kind = e.origin.startsWith('timer')
    ? 'timer'
    : e.origin.startsWith('outcome')
      ? 'outcome'
      : e.origin.startsWith('start')
        ? 'start'
        : 'external';
  const fill =
    e.status === 'error'
      ? '#c53030'
      : kind === 'timer'
        ? '#d69e2e'
        : kind === 'outcome'
          ? '#4a6fc1'
          : kind === 'start'
            ? '#2f855a'
            : '#6b46c1';
  if (kind === 'timer')
    return svg('polygon', { points: `${x},${cy - 7} ${x + 7},${cy + 6} ${x - 7},${cy + 6}`, fill, 'data-kind': kind });
  if (kind === 'outcome')
    return svg('rect', { x: x - 6, y: cy - 6, width: 12, height: 12, rx: 2, fill, 'data-kind': kind });
  if (kind === 'start')
    return svg('polygon', {
      points: `${x},${cy - 8} ${x + 8},${cy} ${x},${cy + 8} ${x - 8},${cy}`,
      fill,
      'data-kind': kind,
    });
  return svg('circle', { cx: x, cy, r: 6.5, fill, 'data-kind': kind });
}

/** The full state path when it fits, else its innermost part, else that part cut short. */
function fit(text, max) {
  if (text.length <= max) return text;
  const leaf =
    text
      .split(/[.|() ]+/)
      .filter(Boolean)
      .pop() ?? text;
  return clip(leaf, max);
}

function clip(text, max) {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}
