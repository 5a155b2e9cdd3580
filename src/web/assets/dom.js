// Small DOM helpers. Every piece of user data reaches the page through textContent or a
// non-executable attribute: nothing here ever parses data as HTML.
const SVG = 'http://www.w3.org/2000/svg';

/** Create an element with attributes and children (strings become text nodes). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  return fill(node, attrs, children);
}

/** Create an SVG element the same way. */
export function svg(tag, attrs = {}, ...children) {
  return fill(document.createElementNS(SVG, tag), attrs, children);
}

function fill(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) throw new Error('event handlers are attached with addEventListener');
    node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(
      typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child,
    );
  }
  return node;
}

/** A link to an instance's timeline. */
export function instanceHref(id) {
  return `#/i/${encodeURIComponent(id)}`;
}

/** A duration for people: 850ms, 1.5s, 2m 5s, 3h 2m, 2d 4h. */
export function duration(ms) {
  const sign = ms < 0 ? '-' : '';
  const a = Math.abs(ms);
  if (a < 1000) return `${sign}${a}ms`;
  if (a < 60000) return `${sign}${(a / 1000).toFixed(a % 1000 === 0 ? 0 : 1)}s`;
  const s = Math.floor(a / 1000);
  if (s < 3600) return `${sign}${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86400) return `${sign}${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${sign}${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

/** "in 5m 0s" / "5m 0s ago". */
export function relative(at, now) {
  return at > now ? `in ${duration(at - now)}` : `${duration(now - at)} ago`;
}

/** An instant in UTC, readable. */
export function time(at) {
  return new Date(at).toISOString().replace('T', ' ');
}

/** A calm colour pair for a state name, stable across reloads. */
export function stateColour(name, status) {
  if (status === 'error') return { fill: '#fdecec', stroke: '#e29a9a' };
  const palette = [
    ['#e3edfc', '#8fb0e8'],
    ['#e4f4ea', '#8cc7a2'],
    ['#fdf1dc', '#e3bd78'],
    ['#f3e8fb', '#c3a0e0'],
    ['#e0f3f3', '#86c5c5'],
    ['#fce9ef', '#e4a1b6'],
    ['#eceff3', '#a9b4c0'],
    ['#eef5dc', '#b3cb7c'],
  ];
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const [fill, stroke] = palette[h % palette.length];
  return { fill, stroke };
}

/** A readable name for a timer: xstate's `xstate.after.<delay>.<state>` ids become "after 2s (backoff)". */
export function timerLabel(id, delayMs) {
  const m = /^xstate\.after\.([^.]+)\./.exec(id);
  if (!m) return id;
  const named = /^\d+$/.test(m[1]) ? '' : ` (${m[1]})`;
  return delayMs === null || delayMs === undefined ? `after ${m[1]}` : `after ${duration(delayMs)}${named}`;
}
