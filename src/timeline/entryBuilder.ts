import { earliestTimer, type Json, type StepRecord, type Timer } from '../core/stepRecord.js';
import { redactRecordNoting, type RedactionOptions } from '../protocol/redaction.js';
import { instanceOfKey, type EntryTimer, type TimelineEntry, type Waiting } from './timelineEntry.js';

/**
 * Turns the records of one instance, in order, into timeline entries. It keeps only what it needs to
 * carry between records (the previous time, the timers then pending, how often each state was entered,
 * whether NoEcho was seen),
 * so a history of any length is converted one record at a time.
 */
export class EntryBuilder {
  private previousAt: number | undefined;
  private readonly entered = new Map<string, number>();
  private noEcho: boolean;
  /** Timers pending after the previous record: all that is needed to name a fired or cancelled one. */
  private pendingBefore: readonly Timer[] = [];

  constructor(private readonly options: RedactionOptions = {}) {
    this.noEcho = options.noEcho === true;
  }

  /** Convert the next record of the stream. */
  next(raw: StepRecord): TimelineEntry {
    const { record, noEcho } = redactRecordNoting(raw, { ...this.options, noEcho: this.noEcho });
    // NoEcho stays on for the rest of the stream once a response asked for it.
    this.noEcho = noEcho;
    const sincePreviousMs = this.previousAt === undefined ? 0 : record.at - this.previousAt;
    this.previousAt = record.at;
    const attempt = this.countEntry(record);
    // xstate cancels a fired timer again on exit; only a cancel of a timer still pending is news.
    const firedId = record.origin.kind === 'timer' ? record.origin.timerId : undefined;
    const timersCancelled = record.timersCancelled.filter(
      (id) => id !== firedId && this.pendingBefore.some((t) => t.id === id),
    );
    const firedKey = record.origin.kind === 'timer' ? record.origin.timerKey : undefined;
    const firedDelay = this.pendingBefore.find((t) => t.key === firedKey)?.delayMs ?? null;
    this.pendingBefore = record.pending.timers;
    const { type, ...payload } = record.event;
    const causationId = record.links.causationId ?? null;
    const causedBy = instanceOfKey(causationId);
    const origin = record.origin;
    const timerFired =
      origin.kind === 'timer' ? { id: origin.timerId, key: origin.timerKey, delayMs: firedDelay } : undefined;
    return {
      instanceId: record.streamId,
      seq: record.version,
      at: record.at,
      sinceStartMs: record.at - record.startedAt,
      sincePreviousMs,
      eventType: type,
      payload: payload as Json,
      origin: describeOrigin(record),
      stateBefore: record.stateBefore,
      stateAfter: record.stateAfter,
      status: record.state.status,
      tags: record.tags,
      commands: record.commands.map((c) => ({ key: c.key, kind: c.kind, params: c.params })),
      timersSet: record.timersSet.map(toEntryTimer),
      timersCancelled,
      ...(timerFired === undefined ? {} : { timerFired }),
      ...(attempt > 1 ? { attempt } : {}),
      links: {
        correlationId: record.links.correlationId,
        causationId,
        caused: record.links.caused ?? [],
        causedBy: causedBy !== null && causedBy !== record.streamId ? causedBy : null,
      },
      waiting: waitingOf(record),
      context: record.state.context,
    };
  }

  /** A state entered again (a retry loop, a poll) gets an attempt number; staying in a state does not count. */
  private countEntry(record: StepRecord): number {
    const reentered =
      record.stateBefore === record.stateAfter && (record.timersSet.length > 0 || record.commands.length > 0);
    if (record.stateBefore === record.stateAfter && !reentered) return 0;
    const count = (this.entered.get(record.stateAfter) ?? 0) + 1;
    this.entered.set(record.stateAfter, count);
    return count;
  }
}

function toEntryTimer(t: Timer): EntryTimer {
  return { id: t.id, key: t.key, delayMs: t.delayMs, dueAt: t.dueAt, eventType: t.event.type };
}

/** What the head of a stream waits for: the commands in flight and the earliest timer. */
export function waitingOf(record: StepRecord): Waiting {
  const next = earliestTimer(record);
  return {
    commands: record.pending.commands.map((c) => ({ key: c.key, kind: c.kind })),
    nextTimer:
      next === undefined ? null : { id: next.id, dueAt: next.dueAt, eventType: next.event.type, delayMs: next.delayMs },
    timers: record.pending.timers.length,
  };
}

function describeOrigin(record: StepRecord): string {
  const origin = record.origin;
  switch (origin.kind) {
    case 'start':
      return record.links.causationId === undefined ? 'start' : `started by ${record.links.causationId}`;
    case 'external':
      return record.links.causationId === undefined ? 'external' : `sent by ${record.links.causationId}`;
    case 'command':
      return `outcome of ${origin.commandKey}`;
    case 'timer':
      return `timer ${origin.timerId} fired`;
  }
}
