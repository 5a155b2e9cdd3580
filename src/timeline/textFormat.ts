import type { Json } from '../core/stepRecord.js';
import type { TimelineEntry, Waiting } from './timelineEntry.js';

/**
 * A duration for people: `850ms`, `1.5s`, `2m 5s`, `3h 2m`, `2d 4h`.
 * @example
 * formatDuration(125_000); // '2m 5s'
 */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${abs}ms`;
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(abs % 1000 === 0 ? 0 : 1)}s`;
  const s = Math.floor(abs / 1000);
  if (s < 3600) return `${sign}${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86_400) return `${sign}${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${sign}${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

/** An instant as ISO 8601 UTC. */
export function formatTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** "in 5m 0s" or "5m 0s ago". */
export function formatRelative(epochMs: number, now: number): string {
  const delta = epochMs - now;
  return delta >= 0 ? `in ${formatDuration(delta)}` : `${formatDuration(-delta)} ago`;
}

/**
 * Compact one-line JSON, cut at `max` characters, with control characters escaped so a payload cannot move the
 * terminal.
 */
export function formatJson(value: Json, max = 160): string {
  const text = JSON.stringify(value) ?? 'null';
  const safe = text.replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}

/** Strip control characters from user-chosen text (ids, state names) before printing it. */
export function safeText(text: string): string {
  return text.replace(/\p{Cc}/gu, '?');
}

/** What the instance is waiting for, in one line. */
export function formatWaiting(waiting: Waiting, status: string, now: number): string {
  if (status !== 'active') return `nothing (${status})`;
  const parts: string[] = [];
  if (waiting.commands.length > 0)
    parts.push(
      `command${waiting.commands.length > 1 ? 's' : ''} ${waiting.commands
        .map((c) => `${safeText(c.kind)} (${safeText(c.key)})`)
        .join(', ')}`,
    );
  const t = waiting.nextTimer;
  if (t !== null) {
    const target = t.eventType === t.id ? '' : ` → ${safeText(t.eventType)}`;
    const when = t.dueAt < now ? `OVERDUE by ${formatDuration(now - t.dueAt)}` : formatRelative(t.dueAt, now);
    parts.push(`timer ${safeText(t.id)}${target} due ${formatTime(t.dueAt)} (${when})`);
  }
  return parts.length > 0 ? parts.join('; ') : 'an external event';
}

/** Render one entry as indented lines, ending with a newline. */
export function formatEntry(entry: TimelineEntry, options: { showInstance?: boolean } = {}): string {
  const lines: string[] = [];
  const who = options.showInstance === true ? `${safeText(entry.instanceId)} ` : '';
  const attempt = entry.attempt === undefined ? '' : `  [attempt ${entry.attempt}]`;
  lines.push(
    `${who}#${entry.seq}  ${formatTime(entry.at)}  +${formatDuration(entry.sinceStartMs)} ` +
      `(Δ${formatDuration(entry.sincePreviousMs)})  ${safeText(entry.eventType)}  ` +
      `← ${safeText(entry.origin)}${attempt}`,
  );
  const tags = entry.tags.length > 0 ? `  tags: ${entry.tags.map(safeText).join(', ')}` : '';
  lines.push(
    `    state: ${safeText(entry.stateBefore ?? '∅')} ` +
      `→ ${safeText(entry.stateAfter)}${entry.status === 'active' ? '' : ` (${entry.status})`}${tags}`,
  );
  const payload = entry.payload as Record<string, Json>;
  if (Object.keys(payload).length > 0) lines.push(`    event: ${formatJson(entry.payload, 400)}`);
  if (entry.timerFired !== undefined) {
    const delay = entry.timerFired.delayMs === null ? '' : ` after ${formatDuration(entry.timerFired.delayMs)}`;
    lines.push(`    timer fired: ${safeText(entry.timerFired.id)}${delay} (set by ${safeText(entry.timerFired.key)})`);
  }
  for (const c of entry.commands)
    lines.push(`    command: ${safeText(c.kind)} ${safeText(c.key)} ${formatJson(c.params)}`);
  for (const t of entry.timersSet) {
    const due = t.dueAt === null ? '' : ` due ${formatTime(t.dueAt)}`;
    const delay = t.delayMs === null ? '' : ` after ${formatDuration(t.delayMs)}`;
    const event = t.eventType === t.id ? '' : ` → ${safeText(t.eventType)}`;
    lines.push(`    timer set: ${safeText(t.id)}${event}${delay}${due}`);
  }
  for (const id of entry.timersCancelled) lines.push(`    timer cancelled: ${safeText(id)}`);
  if (entry.links.causedBy !== null)
    lines.push(`    caused by: ${safeText(entry.links.causedBy)} (${safeText(entry.links.causationId ?? '')})`);
  if (entry.links.caused.length > 0) lines.push(`    caused: ${entry.links.caused.map(safeText).join(', ')}`);
  return `${lines.join('\n')}\n`;
}
