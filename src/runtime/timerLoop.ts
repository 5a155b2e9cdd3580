import type { Clock, TimerSource } from '../ports/clock.js';

/**
 * Fires durable timers on the wall clock: sleeps until the earliest due time (at most `pollMs`, so
 * timers set by other processes are seen too), then fires everything due.
 */
export class TimerLoop {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private busy: Promise<void> = Promise.resolve();

  constructor(
    private readonly source: TimerSource,
    private readonly clock: Clock,
    private readonly options: { pollMs?: number; onError?: (error: unknown) => void } = {},
  ) {}

  start(): void {
    this.running = true;
    this.wake();
  }

  /** Re-plan the next wake-up now (call after a step set a timer). */
  wake(): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.busy = this.busy.then(() => this.tick()).catch((error: unknown) => this.options.onError?.(error));
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.busy;
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    await this.source.fireDue(this.clock.now());
    const next = await this.source.nextDueAt();
    const poll = this.options.pollMs ?? 1000;
    const wait = next === undefined ? poll : Math.max(0, Math.min(poll, next - this.clock.now()));
    if (this.running) this.timer = setTimeout(() => this.wake(), wait);
  }
}
