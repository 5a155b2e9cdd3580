import { ConcurrencyConflictError } from '../../core/errors.js';
import { summarize, type InstanceSummary, type StepRecord } from '../../core/stepRecord.js';
import type {
  DueTimerHead,
  DueTimerQuery,
  EventStore,
  ListInstancesQuery,
  Page,
  ReadStreamOptions,
  StepView,
  WorkQuery,
} from '../../ports/eventStore.js';
import { ListingOrder } from '../storeQueries.js';
import { MemoryWorkIndex } from './memoryWorkIndex.js';

/** Event store held in memory: for unit and property tests, and as the reference for the contract suite. */
export class MemoryEventStore implements EventStore {
  readonly maxRecordBytes: number;
  private readonly streams = new Map<string, StepRecord[]>();
  /** Per stream: event id → the version that applied it. */
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
    // Records are immutable by contract (readonly all the way down; the runtime never mutates one), so
    // this store keeps and hands out the very objects it is given: no copies, which keeps it fast.
    stream.push(record);
    if (stream.length === 1) {
      this.streams.set(record.streamId, stream);
      this.eventIndex.set(record.streamId, new Map());
      this.listing.add({ startedAt: record.startedAt, instanceId: record.streamId });
    }
    this.eventIndex.get(record.streamId)!.set(record.eventId, record.version);
    this.indexSource(record);
    this.work.update(record);
    return Promise.resolve();
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
    return Promise.resolve(this.eventIndex.get(streamId)?.get(eventId));
  }

  readForStep(streamId: string, eventId: string): Promise<StepView> {
    const stream = this.streams.get(streamId);
    return Promise.resolve({
      head: stream?.[stream.length - 1],
      appliedAt: this.eventIndex.get(streamId)?.get(eventId),
    });
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
