import type { StepRecord } from '../core/stepRecord.js';
import type { Clock, TimerSource } from '../ports/clock.js';
import { TimerLoop } from './timerLoop.js';

/** What the wall-clock timers need of a runtime. */
export interface TimedRuntime extends TimerSource {
  onStep(listener: (record: StepRecord) => void): () => void;
}

/**
 * The timer loop a runtime on the wall clock runs for itself, so embedding needs no separate wiring:
 * it wakes when a step arms a timer and keeps the process alive only while a timer is armed. It starts
 * on the next turn of the event loop, after the machines registered right after `createRuntime`.
 */
export class WallClockTimers {
  private readonly loop: TimerLoop;
  private readonly stopWaking: () => void;
  private readonly starting: NodeJS.Timeout;

  constructor(runtime: TimedRuntime, clock: Clock, onError: (error: unknown) => void) {
    this.loop = new TimerLoop(runtime, clock, { onError, idleUnref: true });
    this.stopWaking = runtime.onStep((record) => {
      if (record.timersSet.length > 0) this.loop.wake();
    });
    this.starting = setTimeout(() => this.loop.start(), 0);
    this.starting.unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.starting);
    this.stopWaking();
    await this.loop.stop();
  }
}
