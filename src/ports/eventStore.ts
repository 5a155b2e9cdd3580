import type { InstanceOutcome, InstanceStatus, InstanceSummary, StepRecord } from '../core/stepRecord.js';

/** One step of an atomic `appendSteps`: the record and the version its stream is expected to be at. */
export interface AppendedStep {
  readonly record: StepRecord;
  readonly expectedVersion: number;
}

/** Options for reading a stream in order. */
export interface ReadStreamOptions {
  /** First version to return (inclusive); default 1. */
  readonly fromVersion?: number;
  /** Records fetched per round trip; adapters stream page by page. */
  readonly pageSize?: number;
}

/** Filter and page for instance listings. */
export interface ListInstancesQuery {
  readonly machineId?: string;
  readonly status?: InstanceStatus;
  /** Only instances of one chain. */
  readonly correlationId?: string;
  /** Only instances whose last change is at or after this epoch ms. */
  readonly updatedSince?: number;
  /** Only instances whose machine reported this outcome (`succeeded`/`failed`), whatever the machine. */
  readonly outcome?: InstanceOutcome['result'];
  /** Only settled instances (true) or only those still working towards an answer (false). */
  readonly settled?: boolean;
  /** Only instances started by this source (`InstanceSummary.source`, e.g. `sqs:jobs`), read from an index. */
  readonly source?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

/** One page of a listing; `cursor` is set when more remain. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly cursor?: string;
}

/** What a step is decided from. */
export interface StepView {
  readonly head: StepRecord | undefined;
  /** The version that applied the event id, when it was applied before. */
  readonly appliedAt: number | undefined;
}

/**
 * What the runtime knows about a step before reading, so a store may skip reads the step does not need.
 * Each is backed by a check that still happens: the conditional append, or the step's own idempotence.
 */
export interface StepReadHint {
  /**
   * A start: the store may answer "no stream" without reading, because appending version 1 fails when
   * the stream exists and the runtime then reads again (finding the duplicate or the existing instance).
   */
  readonly newStream?: boolean;
  /**
   * The step is idempotent without the event-id lookup (a timer applies only while it is pending, and a
   * fired timer never becomes pending again; an event id the runtime has just made is in no step yet), so
   * `appliedAt` may be left undefined.
   */
  readonly skipEventLookup?: boolean;
}

/** Streams with work outstanding: commands not yet acknowledged, or timers due by `dueBy`. */
export interface WorkQuery {
  readonly dueBy: number;
  readonly limit?: number;
}

/** Position in the due-timer order, to read the page after it. */
export interface DueTimerPosition {
  readonly dueAt: number;
  readonly streamId: string;
}

/** Streams with a pending timer due by `dueBy`, earliest first; `after` continues past a previous page. */
export interface DueTimerQuery {
  readonly dueBy: number;
  readonly limit?: number;
  readonly after?: DueTimerPosition;
}

/** A stream head with a pending timer; `dueAt` is its earliest pending timer's due time. */
export interface DueTimerHead {
  readonly dueAt: number;
  readonly head: StepRecord;
}

/**
 * The event log. One `append` is one atomic step; `expectedVersion` is the version the writer read
 * (0 for a new stream) and a mismatch throws ConcurrencyConflictError without writing anything.
 */
export interface EventStore {
  /** Largest serialised record the store accepts, in bytes. */
  readonly maxRecordBytes: number;
  /** `json` is `JSON.stringify(record)` when the caller already has it, so the store need not encode again. */
  append(record: StepRecord, expectedVersion: number, json?: string): Promise<void>;
  /**
   * Optional: append several steps (of one or more streams, each stream's in version order) as one atomic
   * write: all commit or none does, and any version mismatch throws ConcurrencyConflictError. The runtime
   * uses it to commit a step with the steps of commands that act only on this store (see `storeOnly`);
   * without it those commands are relayed after the commit, as every other command is.
   */
  appendSteps?(steps: readonly AppendedStep[]): Promise<void>;
  /** The latest record of a stream, or undefined when the stream does not exist. */
  readHead(streamId: string): Promise<StepRecord | undefined>;
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StepRecord>;
  /** The version that applied `eventId` to the stream, if any. */
  findEvent(streamId: string, eventId: string): Promise<number | undefined>;
  /**
   * Optional fast path for deciding a step: the head and the version that applied `eventId`, if any. A
   * store may answer from what this process last wrote, because the conditional append that ends every
   * step fails on a stale head and the runtime then re-reads. Without it the runtime calls `readHead`, then
   * `findEvent`. A store that implements it looks the event id up after the head too, never beside it: a lookup
   * answered before another writer applied the event, paired with a head read after that writer's next step,
   * would call the event new, and the append of the version after that head would apply it twice.
   */
  readForStep?(streamId: string, eventId: string, hint?: StepReadHint): Promise<StepView>;
  /**
   * `readForStep` answered at once, for stores whose reads are synchronous anyway (in memory, SQLite): the step
   * is then read, decided and appended without waiting a turn. Answers what `readForStep` would.
   */
  readForStepNow?(streamId: string, eventId: string, hint?: StepReadHint): StepView;
  listInstances(query: ListInstancesQuery): Promise<Page<InstanceSummary>>;
  /** Heads of streams with pending commands or timers due by `dueBy`. */
  listWork(query: WorkQuery): Promise<readonly StepRecord[]>;
  /**
   * Heads with a timer due by `dueBy`, ordered by (earliest due time, stream id), read from an index of
   * due times so streams busy with commands never hide a due timer.
   */
  listDueTimers(query: DueTimerQuery): Promise<readonly DueTimerHead[]>;
  /** The earliest pending timer's due time across all streams. */
  nextTimerDue(): Promise<number | undefined>;
  close(): Promise<void>;
}
