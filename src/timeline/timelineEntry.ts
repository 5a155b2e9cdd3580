import type { Json } from '../core/stepRecord.js';

/** A command as the timeline shows it. */
export interface EntryCommand {
  readonly key: string;
  readonly kind: string;
  readonly params: Json;
}

/** A timer set by a step: when it falls due and what it delivers. */
export interface EntryTimer {
  readonly id: string;
  readonly key: string;
  readonly delayMs: number | null;
  readonly dueAt: number | null;
  readonly eventType: string;
}

/**
 * One row of a timeline, the same for a local instance (a StepRecord) and a Step Functions execution
 * (a HistoryEvent), so both read alike in every view.
 */
export interface TimelineEntry {
  readonly instanceId: string;
  /** Position in the instance's history (the stream version, or the history event id). */
  readonly seq: number;
  readonly at: number;
  /** Milliseconds since the instance started. */
  readonly sinceStartMs: number;
  /** Milliseconds since the previous entry of the same instance (0 for the first). */
  readonly sincePreviousMs: number;
  readonly eventType: string;
  /** The event without its `type`, already redacted. */
  readonly payload: Json;
  /** Where the event came from, in words: `start`, `external`, `outcome of k`, `timer t fired`. */
  readonly origin: string;
  readonly stateBefore: string | null;
  readonly stateAfter: string;
  readonly status: string;
  readonly tags: readonly string[];
  readonly commands: readonly EntryCommand[];
  readonly timersSet: readonly EntryTimer[];
  readonly timersCancelled: readonly string[];
  /** The timer whose firing this entry is, with the delay it was set with. */
  readonly timerFired?: { readonly id: string; readonly key: string; readonly delayMs: number | null };
  /** Set when this entry re-enters a state it was in before: the attempt number of that state. */
  readonly attempt?: number;
  readonly links: {
    readonly correlationId: string | null;
    readonly causationId: string | null;
    /** Instances this entry's command started or sent to. */
    readonly caused: readonly string[];
    /** The instance whose command or timer caused this entry, when it is another instance. */
    readonly causedBy: string | null;
  };
  /** What the instance waits for after this entry. */
  readonly waiting: Waiting;
  /** Context after the step, redacted; null when the source has none. */
  readonly context: Json;
}

/** What an instance is waiting for: commands in flight and the next timer. */
export interface Waiting {
  readonly commands: readonly { readonly key: string; readonly kind: string }[];
  readonly nextTimer: {
    readonly id: string;
    readonly dueAt: number;
    readonly eventType: string;
    readonly delayMs: number;
  } | null;
  readonly timers: number;
}

/** The instance a causation key (`streamId#version#index`) belongs to, or null when it is not a key. */
export function instanceOfKey(key: string | undefined | null): string | null {
  if (key === undefined || key === null) return null;
  const parts = key.split('#');
  return parts.length >= 3 ? parts.slice(0, -2).join('#') : null;
}
