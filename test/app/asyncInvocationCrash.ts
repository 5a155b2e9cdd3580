import { StatebridgeError } from '../../src/core/errors.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import type { EventStore } from '../../src/ports/eventStore.js';
import { ForwardingEventStore } from '../support/forwardingEventStore.js';

/**
 * One process's view of a shared store. After `crashAfterAppends` successful appends the process is
 * dead: later appends fail, so whatever it was executing is lost and must be recovered by the next
 * process — a crash between commit and execution.
 */
export class CrashableStoreView extends ForwardingEventStore {
  private appends = 0;
  dead = false;

  constructor(
    inner: EventStore,
    private readonly crashAfterAppends: number,
    private readonly onCrash: () => void,
  ) {
    super(inner);
  }

  override async append(record: StepRecord, expectedVersion: number): Promise<void> {
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

  override async close(): Promise<void> {}
}
