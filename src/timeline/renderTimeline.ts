import { setTimeout as sleep } from 'node:timers/promises';
import { formatCurrentState, StateTracker } from './stateTracker.js';
import { formatEntry } from './textFormat.js';
import type { TimelineEntry } from './timelineEntry.js';

/** Where entries come from: one pass (`read`) and, for following, whether more can still come. */
export interface EntrySource {
  read(): AsyncIterable<TimelineEntry>;
  settled(): Promise<boolean>;
}

/** How to render a timeline. */
export interface RenderOptions {
  /** One JSON object per line (`kind: "entry"`, then `kind: "current"` per instance) instead of text. */
  readonly json?: boolean;
  /** Prefix each entry with its instance id (chains). */
  readonly showInstance?: boolean;
  /** Keep polling for new entries until the source is settled or `signal` aborts. */
  readonly follow?: boolean;
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

/**
 * Write a timeline entry by entry as the source yields it; only a per-instance summary is kept, so a
 * history of any length renders in constant memory. `write` may return a promise to apply back-pressure. Resolves with
 * the number of entries written.
 */
export async function renderTimeline(
  source: EntrySource,
  write: (text: string) => void | Promise<void>,
  options: RenderOptions = {},
): Promise<number> {
  const trackers = new Map<string, StateTracker>();
  const now = options.now ?? (() => Date.now());
  let written = 0;
  for (;;) {
    for await (const entry of source.read()) {
      let tracker = trackers.get(entry.instanceId);
      if (tracker === undefined) trackers.set(entry.instanceId, (tracker = new StateTracker()));
      tracker.add(entry);
      await write(
        options.json === true
          ? `${JSON.stringify({ kind: 'entry', ...entry })}\n`
          : formatEntry(entry, { showInstance: options.showInstance === true }),
      );
      written += 1;
    }
    if (options.follow !== true || options.signal?.aborted === true || (await source.settled())) break;
    try {
      await sleep(options.intervalMs ?? 500, undefined, options.signal === undefined ? {} : { signal: options.signal });
    } catch {
      break; // aborted (Ctrl+C): print the summary of what was seen
    }
  }
  for (const tracker of trackers.values()) {
    const current = tracker.get();
    if (current === undefined) continue;
    await write(
      options.json === true
        ? `${JSON.stringify({ kind: 'current', ...current })}\n`
        : `\n${formatCurrentState(current, now())}`,
    );
  }
  return written;
}
