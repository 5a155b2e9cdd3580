import type { StepRecord } from '../../src/core/stepRecord.js';
import type {
  DueTimerQuery,
  EventStore,
  ListInstancesQuery,
  ReadStreamOptions,
  WorkQuery,
} from '../../src/ports/eventStore.js';

/**
 * An EventStore that hands every call to `inner`: tests extend it and override the one or two calls they
 * put faults or crashes on. It leaves out the optional `readForStep`, so the runtime reads heads and event
 * ids through the calls a wrapper can see.
 */
export class ForwardingEventStore implements EventStore {
  constructor(protected readonly inner: EventStore) {}

  get maxRecordBytes(): number {
    return this.inner.maxRecordBytes;
  }
  append(record: StepRecord, expectedVersion: number, json?: string): Promise<void> {
    return this.inner.append(record, expectedVersion, json);
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
  close() {
    return this.inner.close();
  }
}
