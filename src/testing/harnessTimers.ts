import type { MachineEvent } from '../core/stepRecord.js';
import type { EventStore } from '../ports/eventStore.js';
import type { Runtime } from '../runtime/runtime.js';
import { isInjectedStoreFault } from './faultyEventStore.js';

/** An outcome of a call still out, due at an absolute time (it survives a crash: the call was already out). */
interface LateDelivery {
  readonly dueAt: number;
  readonly instanceId: string;
  readonly commandKey: string;
  readonly eventId: string;
  readonly event: MachineEvent;
}

/** After a pass that moved nothing while work stayed due, the next try waits this long, doubling up to the cap. */
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 60_000;

/**
 * Drives the runtime's timers from the virtual clock as the timer loop does on real time: fire what is
 * due, report a failing pass and keep going, and when work stays due without anything moving, try again
 * after a capped, growing wait instead of spinning (so a stuck timer shows as an instance that stops
 * moving, not as a clock that never gets anywhere). Also hands over outcomes of calls answering late.
 */
export class HarnessTimers {
  private readonly late: LateDelivery[] = [];
  private lastPass = Number.NEGATIVE_INFINITY;
  private progressed = true;
  private retryMs = RETRY_MIN_MS;
  private steps = 0;

  constructor(
    /** The store without faults: the harness's own view of what is due. */
    private readonly store: EventStore,
    private readonly runtime: () => Runtime,
    private readonly report: (error: unknown) => void,
  ) {}

  /** Hand `delivery.event` to its instance once the clock reaches `delivery.dueAt`. */
  later(delivery: LateDelivery): void {
    this.late.push(delivery);
  }

  /** A step committed (anywhere in the run). */
  stepped(): void {
    this.steps += 1;
  }

  async nextDueAt(): Promise<number | undefined> {
    // The runtime's own answer also covers held-back timers and outcomes parked by a store outage; its
    // store may be the fault-injecting one, so the raw store answers when that call fails.
    const raw = await this.store.nextTimerDue();
    const own = await this.runtime()
      .nextDueAt()
      .catch(() => raw);
    const due = [own, raw, ...this.late.map((l) => l.dueAt)].filter((d): d is number => d !== undefined);
    if (due.length === 0) return undefined;
    const earliest = Math.min(...due);
    return earliest <= this.lastPass && !this.progressed ? this.lastPass + this.retryMs : earliest;
  }

  /** Fire due timers, then hand over the late outcomes that are due, oldest first. */
  async fireDue(now: number): Promise<void> {
    const before = this.steps;
    try {
      await this.runtime().fireDue(now);
    } catch (error) {
      this.report(error); // a timer loop reports a failed pass and runs the next one
    }
    const due = this.late.filter((l) => l.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt);
    for (const item of due) {
      try {
        await this.runtime().deliver(item.instanceId, item.event, item.eventId, {
          kind: 'command',
          commandKey: item.commandKey,
        });
        this.late.splice(this.late.indexOf(item), 1);
      } catch (error) {
        this.report(error);
        if (!isInjectedStoreFault(error)) this.late.splice(this.late.indexOf(item), 1);
      }
    }
    this.lastPass = now;
    this.progressed = this.steps > before;
    this.retryMs = this.progressed ? RETRY_MIN_MS : Math.min(RETRY_MAX_MS, this.retryMs * 2);
  }
}
