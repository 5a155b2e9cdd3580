import type { Clock, TimerSource } from '../ports/clock.js';
import { backoffMs } from './boundedConcurrency.js';

/** Options for the timer loop. */
export interface TimerLoopOptions {
  /** Longest sleep, so timers set by other processes are seen too; default 1,000 ms. */
  readonly pollMs?: number;
  /** First retry delay after a failed pass; doubles per consecutive failure. Default 100 ms. */
  readonly retryBaseMs?: number;
  /** Cap of the retry delay; default 30,000 ms. */
  readonly retryMaxMs?: number;
  /** Every failed pass is reported here; the loop keeps running either way. */
  readonly onError?: (error: unknown) => void;
  /** Let the process exit while no timer is armed (the loop then only polls); default false. */
  readonly idleUnref?: boolean;
}

/**
 * Fires durable timers on the wall clock: sleeps until the earliest due time (at most `pollMs`), then
 * fires everything due. A pass that fails (the store unavailable, say) is reported and retried with
 * capped exponential backoff; the loop only ends with `stop()`.
 */
export class TimerLoop {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private failures = 0;
  private busy: Promise<void> = Promise.resolve();

  constructor(
    private readonly source: TimerSource,
    private readonly clock: Clock,
    private readonly options: TimerLoopOptions = {},
  ) {}

  start(): void {
    this.running = true;
    this.wake();
  }

  /** Re-plan the next wake-up now (call after a step set a timer). */
  wake(): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.busy = this.busy.then(() => this.tick());
  }

  /** True until `stop()`: the loop never ends on its own. */
  get isRunning(): boolean {
    return this.running;
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.busy;
  }

  /** Never rejects: every outcome ends in planning the next wake-up. */
  private async tick(): Promise<void> {
    if (!this.running) return;
    let wait: number;
    let armed = false;
    try {
      await this.source.fireDue(this.clock.now());
      const next = await this.source.nextDueAt();
      const poll = this.options.pollMs ?? 1000;
      wait = next === undefined ? poll : Math.max(0, Math.min(poll, next - this.clock.now()));
      armed = next !== undefined;
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      wait = backoffMs(this.failures, this.options.retryBaseMs ?? 100, this.options.retryMaxMs ?? 30_000);
      this.report(error);
    }
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), wait);
    if (this.options.idleUnref === true && !armed) this.timer.unref();
  }

  private report(error: unknown): void {
    try {
      this.options.onError?.(error);
    } catch {
      // A throwing reporter must not end the loop it reports on.
    }
  }
}
