import type { StepRecord, Timer } from '../../core/stepRecord.js';
import { Runtime, type RuntimeOptions } from '../../runtime/runtime.js';
import { eventIds } from '../../core/stepProtocol.js';

// Variants of the runtime that bring back, one at a time, liveness bugs the runtime once had. They
// override only public entry points (the timer pass, recovery) and use only the runtime's public API,
// so they keep working as the runtime's internals change.

/** How the timer loop steps one timer: the same event id and origin as the runtime's own firing. */
function fireTimer(runtime: Runtime, head: StepRecord, timer: Timer) {
  return runtime.deliver(
    head.streamId,
    timer.event,
    eventIds.timer(timer.key),
    { kind: 'timer', timerKey: timer.key, timerId: timer.id },
    { causationId: timer.key },
  );
}

/**
 * The timer pass reads the work listing (streams with pending commands first) a page of 500 at a time
 * and stops at the first page with no due timer: more than 500 busy streams hide every due timer.
 */
export class TimersBehindBusyStreams extends Runtime {
  private readonly report: (error: unknown) => void;

  constructor(options: RuntimeOptions) {
    super(options);
    this.report = options.onError ?? (() => undefined);
  }

  override async fireDue(now: number): Promise<void> {
    for (;;) {
      const heads = await this.store.listWork({ dueBy: now, limit: 500 });
      const due = heads.flatMap((head) =>
        head.pending.timers.filter((t) => t.dueAt <= now).map((timer) => ({ head, timer })),
      );
      if (due.length === 0) return;
      let fired = 0;
      for (const { head, timer } of due.sort((a, b) => a.timer.dueAt - b.timer.dueAt)) {
        try {
          if ((await fireTimer(this, head, timer)).applied) fired += 1;
        } catch (error) {
          this.report(error);
        }
      }
      if (fired === 0) return;
    }
  }
}

/**
 * The timer loop stops for good after the first error reported while a pass runs (a store hiccup, an unknown version).
 */
export class TimerLoopDiesOnError extends Runtime {
  private readonly loop: { dead: boolean; inPass: boolean };

  constructor(options: RuntimeOptions) {
    const loop = { dead: false, inPass: false };
    super({
      ...options,
      onError: (error) => {
        if (loop.inPass) loop.dead = true;
        options.onError?.(error);
      },
    });
    this.loop = loop;
  }

  override async fireDue(now: number): Promise<void> {
    if (this.loop.dead) return;
    this.loop.inPass = true;
    try {
      await super.fireDue(now);
    } catch (error) {
      this.loop.dead = true;
      throw error;
    } finally {
      this.loop.inPass = false;
    }
  }
}

/**
 * One instance pinned to a machine version that is not registered stops everyone: recovery throws
 * before resuming anything, and each timer pass throws at that instance's due timer, in due order.
 */
export class UnregisteredVersionStopsOthers extends Runtime {
  override async recover(): Promise<{ commands: number; timers: number }> {
    for (const head of await this.store.listWork({ dueBy: this.clock.now(), limit: 1000 }))
      this.registry.pinned(head.machine.id, head.machine.version);
    return super.recover();
  }

  override async fireDue(now: number): Promise<void> {
    for (;;) {
      const rows = await this.store.listDueTimers({ dueBy: now, limit: 500 });
      const due = rows.flatMap(({ head }) =>
        head.pending.timers.filter((t) => t.dueAt <= now).map((timer) => ({ head, timer })),
      );
      if (due.length === 0) return;
      let fired = 0;
      for (const { head, timer } of due.sort((a, b) => a.timer.dueAt - b.timer.dueAt)) {
        // throws for an unregistered version, ending the pass
        this.registry.pinned(head.machine.id, head.machine.version);
        if ((await fireTimer(this, head, timer)).applied) fired += 1;
      }
      if (fired === 0) return;
    }
  }
}
