import { StatebridgeError } from '../../src/core/errors.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import type {
  DueTimerQuery,
  EventStore,
  ListInstancesQuery,
  ReadStreamOptions,
  WorkQuery,
} from '../../src/ports/eventStore.js';

/**
 * One process's view of a shared store. After `crashAfterAppends` successful appends the process is
 * dead: later appends fail, so whatever it was executing is lost and must be recovered by the next
 * process — a crash between commit and execution.
 */
export class CrashableStoreView implements EventStore {
  private appends = 0;
  dead = false;

  constructor(
    private readonly inner: EventStore,
    private readonly crashAfterAppends: number,
    private readonly onCrash: () => void,
  ) {}

  get maxRecordBytes(): number {
    return this.inner.maxRecordBytes;
  }

  async append(record: StepRecord, expectedVersion: number): Promise<void> {
    // A dead process retries nothing: the error is final, so its relay gives up at once instead of
    // re-delivering with backoff as a live process would after a store fault.
    if (this.dead) throw new StatebridgeError('STORE_UNAVAILABLE', 'process crashed', { retryable: false });
    await this.inner.append(record, expectedVersion);
    this.appends += 1;
    if (this.appends === this.crashAfterAppends) {
      this.dead = true;
      this.onCrash();
    }
  }

  readHead(streamId: string) {
    return this.inner.readHead(streamId);
  }
  readStream(streamId: string, options?: ReadStreamOptions) {
    return this.inner.readStream(streamId, options);
  }
  findEvent(streamId: string, eventId: string) {
    return this.inner.findEvent(streamId, eventId);
  }
  listInstances(query: ListInstancesQuery) {
    return this.inner.listInstances(query);
  }
  listWork(query: WorkQuery) {
    return this.inner.listWork(query);
  }
  listDueTimers(query: DueTimerQuery) {
    return this.inner.listDueTimers(query);
  }
  nextTimerDue() {
    return this.inner.nextTimerDue();
  }
  async close(): Promise<void> {}
}
