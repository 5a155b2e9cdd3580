import { errorMessage, StatebridgeError } from '../core/errors.js';
import type { StepRecord, Timer } from '../core/stepRecord.js';
import type { Clock } from '../ports/clock.js';
import type { EventStore } from '../ports/eventStore.js';
import { backoffMs, forEachBounded } from './boundedConcurrency.js';

/** What firing due timers needs from the runtime. */
export interface DueTimerHost {
  readonly store: EventStore;
  readonly clock: Clock;
  isRegistered(machine: StepRecord['machine']): boolean;
  /** Report an instance whose pinned machine version is not registered (once per instance and version). */
  reportUnregistered(head: StepRecord): void;
  /** Deliver one timer as a step; true when it was applied (not cancelled or fired elsewhere meanwhile). */
  fire(head: StepRecord, timer: Timer): Promise<boolean>;
  onError(error: unknown): void;
}

/** Tuning of timer firing. */
export interface DueTimerOptions {
  /** Streams fired at once; each stream's timers still fire one by one in due order. */
  readonly concurrency: number;
  readonly pageSize: number;
  /** First retry delay of a stream whose timer failed; doubles per failure up to `retryMaxMs`. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
}

/** A stream whose timer failed: skipped until `until` while its head stays at `version`. */
interface Hold {
  readonly version: number;
  readonly until: number;
  readonly failures: number;
}

/**
 * Fires due timers read from the store's due-time index, streams in parallel (bounded), each stream's
 * timers in due order. A stream that fails is reported, held back with capped exponential backoff and
 * skipped, so it never stops the others; a stream of an unregistered machine version is held until that
 * version is registered.
 */
export class DueTimers {
  private readonly held = new Map<string, Hold>();

  constructor(
    private readonly host: DueTimerHost,
    private readonly options: DueTimerOptions,
  ) {}

  /** Fire everything due by `now`, including timers that firings set due by `now`; returns how many fired. */
  async fireDue(now: number): Promise<number> {
    let fired = 0;
    for (;;) {
      const pass = await this.pass(now);
      fired += pass;
      if (pass === 0) return fired;
    }
  }

  /** The earliest time something should be fired: a due time, or the end of a hold. */
  async nextDueAt(): Promise<number | undefined> {
    if (this.held.size === 0) return this.host.store.nextTimerDue();
    // Among the first held-count + 1 entries is the earliest one not held; entries after it are later.
    const rows = await this.host.store.listDueTimers({ dueBy: Number.MAX_SAFE_INTEGER, limit: this.held.size + 1 });
    let best: number | undefined;
    for (const { dueAt, head } of rows) {
      const hold = this.held.get(head.streamId);
      const at = hold !== undefined && hold.version === head.version ? Math.max(dueAt, hold.until) : dueAt;
      if (Number.isFinite(at) && (best === undefined || at < best)) best = at;
    }
    return best;
  }

  /** Forget holds on unregistered versions (call after registering a machine version). */
  releaseUnregistered(): void {
    for (const [id, hold] of this.held) if (hold.until === Infinity) this.held.delete(id);
  }

  private async pass(now: number): Promise<number> {
    let fired = 0;
    let after: { dueAt: number; streamId: string } | undefined;
    for (;;) {
      const page = await this.host.store.listDueTimers({
        dueBy: now,
        limit: this.options.pageSize,
        ...(after === undefined ? {} : { after }),
      });
      await forEachBounded(page, this.options.concurrency, async ({ head }) => {
        // read `fired` only after the await: streams finish concurrently
        const count = await this.fireStream(head, now);
        fired += count;
      });
      const last = page[page.length - 1];
      if (last === undefined || page.length < this.options.pageSize) return fired;
      after = { dueAt: last.dueAt, streamId: last.head.streamId };
    }
  }

  private async fireStream(head: StepRecord, now: number): Promise<number> {
    const hold = this.held.get(head.streamId);
    if (hold !== undefined && hold.version === head.version && now < hold.until) return 0;
    if (!this.host.isRegistered(head.machine)) {
      this.held.set(head.streamId, { version: head.version, until: Infinity, failures: 1 });
      this.host.reportUnregistered(head);
      return 0;
    }
    const due = head.pending.timers.filter((t) => t.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt);
    let fired = 0;
    for (const timer of due) {
      try {
        if (await this.host.fire(head, timer)) fired += 1;
      } catch (error) {
        this.holdAfterFailure(head, timer, now, error, hold?.version === head.version ? hold.failures + 1 : 1);
        return fired;
      }
    }
    this.held.delete(head.streamId);
    return fired;
  }

  private holdAfterFailure(head: StepRecord, timer: Timer, now: number, error: unknown, failures: number): void {
    const retryInMs = backoffMs(failures, this.options.retryBaseMs, this.options.retryMaxMs);
    this.held.set(head.streamId, { version: head.version, until: now + retryInMs, failures });
    const reason = errorMessage(error);
    this.host.onError(
      new StatebridgeError(
        'TIMER_NOT_FIRED',
        `timer ${timer.id} of instance ${head.streamId} did not fire (${reason}); retrying in ${retryInMs} ms`,
        {
          cause: error,
          retryable: true,
          context: { streamId: head.streamId, timerKey: timer.key, failures, retryInMs },
        },
      ),
    );
  }
}
