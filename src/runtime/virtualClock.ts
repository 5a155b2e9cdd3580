import type { Clock, TimerSource } from '../ports/clock.js';
import { StatebridgeError } from '../core/errors.js';

/**
 * A clock that moves only when told to. `advance` fires every timer that falls due on the way, in
 * due-time order, waiting for each firing's consequences, so a one-hour timeout takes milliseconds.
 * @example
 * const clock = new VirtualClock(Date.parse('2026-01-01T00:00:00Z'));
 * const runtime = createRuntime({ store, clock }); clock.attach(runtime);
 * await clock.advance(60 * 60 * 1000);
 */
export class VirtualClock implements Clock {
  private current: number;
  private readonly sources = new Set<TimerSource & { idle?: () => Promise<void> }>();

  constructor(start = Date.parse('2026-01-01T00:00:00.000Z')) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  attach(source: TimerSource & { idle?: () => Promise<void> }): () => void {
    this.sources.add(source);
    return () => this.sources.delete(source);
  }

  /** Move time forward by `ms`, firing due timers on the way. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.current + ms);
  }

  /** Move time forward to `target` (epoch ms); never backwards. */
  async advanceTo(target: number): Promise<void> {
    for (let rounds = 0; ; rounds += 1) {
      if (rounds > 100_000)
        throw new StatebridgeError('TIMERS_STALLED', 'VirtualClock.advance: timers keep falling due without progress');
      await this.settle();
      let next: number | undefined;
      for (const source of this.sources) {
        const due = await source.nextDueAt();
        if (due !== undefined && (next === undefined || due < next)) next = due;
      }
      if (next === undefined || next > target) break;
      this.current = Math.max(this.current, next);
      for (const source of this.sources) await source.fireDue(this.current);
    }
    this.current = Math.max(this.current, target);
    await this.settle();
  }

  /** Jump the clock without firing anything (a clock jump fault); the next advance fires what is overdue. */
  jump(ms: number): void {
    this.current += ms;
  }

  private async settle(): Promise<void> {
    for (const source of this.sources) await source.idle?.();
  }
}
