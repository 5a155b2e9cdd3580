/**
 * Ids stored relative to their stream: event ids, command and timer keys and causation ids nearly all
 * contain the stream id, so it is cut out and its position kept (`6.start:` for `start:<id>`). Strings
 * without it are stored with a leading `=`.
 */
export function toRelative(value: string, streamId: string): string {
  const at = streamId.length === 0 ? -1 : value.indexOf(streamId);
  if (at < 0) return `=${value}`;
  // Most ids start with their stream id: one slice rather than two.
  if (at === 0) return `0.${value.slice(streamId.length)}`;
  return `${at.toString(36)}.${value.slice(0, at)}${value.slice(at + streamId.length)}`;
}

/** The string `toRelative` encoded. */
export function fromRelative(stored: string, streamId: string): string {
  if (stored.startsWith('=')) return stored.slice(1);
  const dot = stored.indexOf('.');
  const at = Number.parseInt(stored.slice(0, dot), 36);
  const rest = stored.slice(dot + 1);
  return `${rest.slice(0, at)}${streamId}${rest.slice(at)}`;
}
