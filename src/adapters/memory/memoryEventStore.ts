import { ConcurrencyConflictError } from '../../core/errors.js';
import { summarize, type InstanceSummary, type StepRecord } from '../../core/stepRecord.js';
import type {
  AppendedStep,
  DueTimerHead,
  DueTimerQuery,
  EventStore,
  ListInstancesQuery,
  Page,
  ReadStreamOptions,
  StepReadHint,
  StepView,
  WorkQuery,
} from '../../ports/eventStore.js';
import { ListingOrder } from '../storeQueries.js';
import { MemoryWorkIndex } from './memoryWorkIndex.js';

/** Streams up to this many steps find an event id by searching their records rather than through a map. */
const SHORT_STREAM = 8;

/** Event store held in memory: for unit and property tests, and as the reference for the contract suite. */
export class MemoryEventStore implements EventStore {
  readonly maxRecordBytes: number;
  private readonly streams = new Map<string, StepRecord[]>();
  /**
   * Per long stream: event id → the version that applied it. A short stream (nearly every one: an invocation
   * takes three to six steps) is searched instead, which spares a map per stream in a heap of many streams.
   * A long stream's map is made at its first look-up and kept up from then on: steps whose event ids need no
   * look-up (ids the runtime made, timers) never pay for one.
   */
  private readonly eventIndex = new Map<string, Map<string, number>>();
  private readonly listing = new ListingOrder();
  /** The same order per source (`about.source`), so a listing of one source reads only its instances. */
  private readonly bySource = new Map<string, ListingOrder>();
  private readonly sourceOf = new Map<string, string>();
  private readonly work = new MemoryWorkIndex();

  constructor(options: { maxRecordBytes?: number } = {}) {
    this.maxRecordBytes = options.maxRecordBytes ?? 1024 * 1024;
  }

  append(record: StepRecord, expectedVersion: number): Promise<void> {
    const stream = this.streams.get(record.streamId) ?? [];
    if (stream.length !== expectedVersion || record.version !== expectedVersion + 1) {
      return Promise.reject(new ConcurrencyConflictError(record.streamId, expectedVersion));
    }
    this.write(record, stream);
    return Promise.resolve();
  }

  /** Every version is checked (against the steps before it in the same call too) before any is written. */
  appendSteps(steps: readonly AppendedStep[]): Promise<void> {
    const versions = new Map<string, number>();
    for (const { record, expectedVersion } of steps) {
      const { streamId } = record;
      const at = versions.get(streamId) ?? this.streams.get(streamId)?.length ?? 0;
      if (at !== expectedVersion || record.version !== expectedVersion + 1)
        return Promise.reject(new ConcurrencyConflictError(streamId, expectedVersion));
      versions.set(streamId, record.version);
    }
    for (const { record } of steps) this.write(record, this.streams.get(record.streamId) ?? []);
    return Promise.resolve();
  }

  private write(record: StepRecord, stream: StepRecord[]): void {
    // Records are immutable by contract (readonly all the way down; the runtime never mutates one), so
    // this store keeps and hands out the very objects it is given: no copies, which keeps it fast.
    stream.push(record);
    if (stream.length === 1) {
      this.streams.set(record.streamId, stream);
      this.listing.add({ startedAt: record.startedAt, instanceId: record.streamId });
    }
    this.eventIndex.get(record.streamId)?.set(record.eventId, record.version);
    this.indexSource(record);
    this.work.update(record);
  }

  readHead(streamId: string): Promise<StepRecord | undefined> {
    const stream = this.streams.get(streamId);
    const head = stream?.[stream.length - 1];
    return Promise.resolve(head);
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StepRecord> {
    const stream = this.streams.get(streamId) ?? [];
    for (const record of stream.slice(Math.max(0, (options.fromVersion ?? 1) - 1))) {
      yield await Promise.resolve(record);
    }
  }

  findEvent(streamId: string, eventId: string): Promise<number | undefined> {
    return Promise.resolve(this.versionOf(streamId, this.streams.get(streamId), eventId));
  }

  readForStep(streamId: string, eventId: string, hint?: StepReadHint): Promise<StepView> {
    return Promise.resolve(this.readForStepNow(streamId, eventId, hint));
  }

  /** `readForStep`, answered at once: this store reads synchronously. */
  readForStepNow(streamId: string, eventId: string, hint: StepReadHint = {}): StepView {
    const stream = this.streams.get(streamId);
    return {
      head: stream?.[stream.length - 1],
      appliedAt: hint.skipEventLookup === true ? undefined : this.versionOf(streamId, stream, eventId),
    };
  }

  /** The version that applied `eventId` to the stream, if any. */
  private versionOf(streamId: string, stream: StepRecord[] | undefined, eventId: string): number | undefined {
    if (stream === undefined) return undefined;
    if (stream.length > SHORT_STREAM) return this.indexOf(streamId, stream).get(eventId);
    for (let i = stream.length - 1; i >= 0; i -= 1) if (stream[i]!.eventId === eventId) return stream[i]!.version;
    return undefined;
  }

  /** A long stream's event ids, indexed at the first look-up (`append` adds each one after). */
  private indexOf(streamId: string, stream: readonly StepRecord[]): Map<string, number> {
    let index = this.eventIndex.get(streamId);
    if (index === undefined) {
      index = new Map(stream.map((r) => [r.eventId, r.version]));
      this.eventIndex.set(streamId, index);
    }
    return index;
  }

  // async, so that a bad cursor becomes a rejected promise rather than a throw.
  async listInstances(query: ListInstancesQuery): Promise<Page<InstanceSummary>> {
    const order = query.source === undefined ? this.listing : (this.bySource.get(query.source) ?? new ListingOrder());
    return order.page(query, (id) => summarize(this.streams.get(id)!.at(-1)!));
  }

  private indexSource(record: StepRecord): void {
    const source = record.about?.source;
    if (source === undefined || this.sourceOf.has(record.streamId)) return;
    this.sourceOf.set(record.streamId, source);
    let order = this.bySource.get(source);
    if (order === undefined) this.bySource.set(source, (order = new ListingOrder()));
    order.add({ startedAt: record.startedAt, instanceId: record.streamId });
  }

  listWork(query: WorkQuery): Promise<readonly StepRecord[]> {
    return Promise.resolve(this.work.work(query).map((id) => this.head(id)));
  }

  listDueTimers(query: DueTimerQuery): Promise<readonly DueTimerHead[]> {
    return Promise.resolve(
      this.work.due(query).map((entry) => ({ dueAt: entry.dueAt, head: this.head(entry.streamId) })),
    );
  }

  nextTimerDue(): Promise<number | undefined> {
    return Promise.resolve(this.work.nextDue());
  }

  private head(streamId: string): StepRecord {
    const stream = this.streams.get(streamId)!;
    return stream[stream.length - 1]!;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
