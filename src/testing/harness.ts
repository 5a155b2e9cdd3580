import { MemoryEventStore } from '../adapters/memory/memoryEventStore.js';
import type { MachineDefinition } from '../core/machineDefinition.js';
import type { Command, MachineEvent, StepRecord } from '../core/stepRecord.js';
import type { TimerSource } from '../ports/clock.js';
import type { CommandExecutor, ExecutorContext } from '../runtime/executor.js';
import { createRuntime, type Runtime } from '../runtime/runtime.js';
import { VirtualClock } from '../runtime/virtualClock.js';
import type { ExecutionFault } from './faults.js';
import { FaultPlan } from './faults.js';

const LATE = Symbol('statebridge.testing.late');

/** An outcome an executor hands back later: the external call completes only after the clock moved `afterMs` on. */
export interface LateOutcome {
  readonly [LATE]: true;
  readonly afterMs: number;
  readonly event: MachineEvent;
}

/**
 * Return this from a FaultyExecutor to play a call that hangs and answers late (a handler past its
 * deadline, a slow HTTP response): the command finishes now without an outcome, and `event` arrives as
 * its outcome once the virtual clock passed `afterMs` from now.
 * @example
 * return deliverLater(2 * 60_000, { type: 'handlerResult', outcome, at });
 */
export function deliverLater(afterMs: number, event: MachineEvent): LateOutcome {
  return { [LATE]: true, afterMs, event };
}

function isLate(value: unknown): value is LateOutcome {
  return typeof value === 'object' && value !== null && LATE in value;
}

/** An executor under test: like a CommandExecutor, told which fault (other than a crash) to play. */
export type FaultyExecutor<TWorld> = (
  command: Command,
  context: ExecutorContext,
  fault: Exclude<ExecutionFault, 'crash' | 'reorder'>,
  world: TWorld,
) => Promise<MachineEvent | readonly MachineEvent[] | LateOutcome | void>;

/** How long a `slow` execution takes on the virtual clock before it completes. */
const SLOW_MS = 45_000;

/**
 * One run of a machine on the memory store and the virtual clock, under a fault plan. A `crash` fault
 * abandons the runtime mid-command and starts a fresh one over the same store, as a restart would.
 */
export class LifecycleRun<TWorld> {
  readonly clock: VirtualClock;
  readonly store = new MemoryEventStore();
  runtime: Runtime;
  restarts = 0;
  /** Faults the runtime could not hand to the machine (a failing store, a bug): any of them fails the check. */
  readonly runtimeErrors: unknown[] = [];
  private crashed: Promise<void>;
  private signalCrash: () => void = () => undefined;
  private readonly plan: FaultPlan;
  /** Outcomes of calls still hanging, due at an absolute time (they survive a crash: the call was already out). */
  private readonly late: { dueAt: number; commandKey: string; eventId: string; event: MachineEvent }[] = [];

  constructor(
    private readonly definition: MachineDefinition,
    private readonly executors: Readonly<Record<string, FaultyExecutor<TWorld>>>,
    readonly world: TWorld,
    plan: readonly ExecutionFault[],
    readonly instanceId: string,
    start: number,
    /** Commands whose outcomes may be reordered (default: all). */
    private readonly reorderable: (kind: string) => boolean = () => true,
  ) {
    this.clock = new VirtualClock(start);
    this.plan = new FaultPlan(plan);
    this.crashed = this.armCrash();
    this.runtime = this.boot();
    const source: TimerSource & { idle(): Promise<void> } = {
      nextDueAt: async () => {
        const due = [await this.store.nextTimerDue(), ...this.late.map((l) => l.dueAt)].filter((d): d is number => d !== undefined);
        return due.length === 0 ? undefined : Math.min(...due);
      },
      fireDue: (now) => this.fireDue(now),
      idle: () => this.settle(),
    };
    this.clock.attach(source);
  }

  /** The faults drawn so far, in order (for counterexamples). */
  get faultsDrawn(): readonly ExecutionFault[] {
    return this.plan.drawn;
  }

  async start(input: unknown, eventId: string): Promise<void> {
    await this.runtime.start(this.definition.id, this.instanceId, input, { eventId });
    await this.settle();
  }

  async send(event: MachineEvent, eventId: string): Promise<void> {
    await this.runtime.send(this.instanceId, event, { eventId });
    await this.settle();
  }

  async records(): Promise<StepRecord[]> {
    const out: StepRecord[] = [];
    for await (const record of this.store.readStream(this.instanceId)) out.push(record);
    return out;
  }

  /** Wait until no command is running; restart the runtime whenever a crash fault fired. */
  async settle(): Promise<void> {
    for (;;) {
      const outcome = await Promise.race([this.runtime.idle().then(() => 'idle' as const), this.crashed.then(() => 'crash' as const)]);
      if (outcome === 'idle') return;
      this.restarts += 1;
      this.crashed = this.armCrash();
      this.runtime = this.boot();
      await this.runtime.recover();
    }
  }

  /** Fire due timers, then hand over the late outcomes that are due, oldest first. */
  private async fireDue(now: number): Promise<void> {
    await this.runtime.fireDue(now);
    const due = this.late.filter((l) => l.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt);
    for (const item of due) {
      this.late.splice(this.late.indexOf(item), 1);
      await this.runtime.deliver(this.instanceId, item.event, item.eventId, { kind: 'command', commandKey: item.commandKey });
    }
  }

  private armCrash(): Promise<void> {
    return new Promise<void>((resolve) => (this.signalCrash = resolve));
  }

  private boot(): Runtime {
    const wrapped: Record<string, CommandExecutor> = {};
    for (const [kind, executor] of Object.entries(this.executors)) {
      wrapped[kind] = async (command, context) => {
        const drawn = this.plan.next();
        const fault = drawn === 'reorder' && !this.reorderable(kind) ? 'none' : drawn;
        if (fault === 'crash') {
          this.signalCrash();
          return new Promise<never>(() => undefined); // this process is gone; the command never finishes here
        }
        if (fault === 'slow') this.clock.jump(SLOW_MS);
        const outcome = await executor(command, context, fault === 'reorder' ? 'none' : fault, this.world);
        if (isLate(outcome)) {
          this.late.push({ dueAt: this.clock.now() + outcome.afterMs, commandKey: command.key, eventId: `${command.key}/late`, event: outcome.event });
          return undefined;
        }
        if (fault !== 'reorder' || outcome === undefined) return outcome;
        // Reordered: the outcome overtakes nothing; it arrives a millisecond later, after the others.
        const events: readonly MachineEvent[] = Array.isArray(outcome) ? outcome : [outcome as MachineEvent];
        events.forEach((event, i) => this.late.push({ dueAt: this.clock.now() + 1, commandKey: command.key, eventId: `${command.key}/reordered/${i}`, event }));
        return undefined;
      };
    }
    return createRuntime({ store: this.store, clock: this.clock, onError: (error) => this.runtimeErrors.push(error) }).register(this.definition, wrapped);
  }
}
