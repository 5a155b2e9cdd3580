import { formatDuration, formatRelative, formatTime, formatWaiting, safeText } from './textFormat.js';
import type { TimelineEntry } from './timelineEntry.js';

/** The answer to "where is it now": current state, since when, waiting for what, how many retries. */
interface CurrentState {
  readonly instanceId: string;
  readonly state: string;
  readonly status: string;
  readonly tags: readonly string[];
  /** When the current state was entered. */
  readonly since: number;
  readonly startedAt: number;
  readonly lastChangeAt: number;
  readonly events: number;
  /** Entries that re-entered a state and issued its work again (see `isRetry`). */
  readonly retries: number;
  readonly waiting: TimelineEntry['waiting'];
}

/** A retry is a state entered again that issues its commands again; re-entering a waiting state is not. */
function isRetry(entry: TimelineEntry): boolean {
  return entry.attempt !== undefined && entry.attempt > 1 && entry.commands.length > 0;
}

/** Follows entries of one instance as they stream by, keeping only the running summary. */
export class StateTracker {
  private current: CurrentState | undefined;

  /** Fold the next entry in. */
  add(entry: TimelineEntry): void {
    const previous = this.current;
    const changed = previous === undefined || previous.state !== entry.stateAfter || entry.attempt !== undefined;
    this.current = {
      instanceId: entry.instanceId,
      state: entry.stateAfter,
      status: entry.status,
      tags: entry.tags,
      since: changed ? entry.at : previous.since,
      startedAt: entry.at - entry.sinceStartMs,
      lastChangeAt: entry.at,
      events: (previous?.events ?? 0) + 1,
      retries: (previous?.retries ?? 0) + (isRetry(entry) ? 1 : 0),
      waiting: entry.waiting,
    };
  }

  /** The summary so far, or undefined before the first entry. */
  get(): CurrentState | undefined {
    return this.current;
  }
}

/** Render the summary block printed under a timeline. */
export function formatCurrentState(s: CurrentState, now: number): string {
  const tags = s.tags.length > 0 ? `  tags: ${s.tags.map(safeText).join(', ')}` : '';
  return [
    `── ${safeText(s.instanceId)}: ${s.status}, ${s.events} ` +
      `event(s), ${s.retries} retr${s.retries === 1 ? 'y' : 'ies'}`,
    `   state:   ${safeText(s.state)} since ${formatTime(s.since)} ` +
      `(${formatDuration(Math.max(0, now - s.since))})${tags}`,
    `   started: ${formatTime(s.startedAt)} (${formatRelative(s.startedAt, now)}), ` +
      `last change ${formatRelative(s.lastChangeAt, now)}`,
    `   waiting: ${formatWaiting(s.waiting, s.status, now)}`,
    '',
  ].join('\n');
}
