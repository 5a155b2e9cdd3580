import { MemoryEventStore } from '../adapters/memory/memoryEventStore.js';
import { isStatebridgeError } from '../core/errors.js';
import type { MachineDefinition } from '../core/machineDefinition.js';
import type { MachineEvent, StepRecord } from '../core/stepRecord.js';
import type { EventStore } from '../ports/eventStore.js';
import type { CommandExecutor } from '../runtime/executor.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../runtime/runtime.js';
import { VirtualClock } from '../runtime/virtualClock.js';
import type { ExecutionFault, StoreFault } from './faults.js';
import { FaultPlan } from './faults.js';
import { faultyEventStore, isInjectedStoreFault, type FaultControl } from './faultyEventStore.js';
import { isLate, type FaultyExecutor } from './lateOutcome.js';
import { ExecutionWatch, isProvoked } from './runWatch.js';
import { HarnessTimers } from './harnessTimers.js';

export { deliverLater, type FaultyExecutor, type LateOutcome } from './lateOutcome.js';

/** How long a `slow` execution takes on the virtual clock before it completes. */
const SLOW_MS = 45_000;
/** A client retries a start or send that failed on an injected store fault at most this often. */
const CLIENT_ATTEMPTS = 400;

/** Builds the runtime under test from the options the harness chooses (store, clock, onError). */
export type RuntimeFactory = (options: RuntimeOptions) => Runtime;

/** What a run adds to the plain one-instance, healthy-store run; every field is optional. */
export interface RunScenario {
  /** Store faults, one per store call, then none. */
  readonly storeFaults?: readonly StoreFault[];
  /** The runtime under test (default `createRuntime`): a seam for variants of the runtime. */
  readonly runtime?: RuntimeFactory;
  /** Real milliseconds without any call returning or step committing before a run reports hanging handlers. */
  readonly hangAfterMs?: number;
  /** Machines whose instances are in the store but deliberately not registered in this runtime. */
  readonly absentMachines?: readonly string[];
}

/** What one run plays: a machine with its executors, one instance and its world, and the faults to inject. */
interface LifecycleRunOptions<TWorld> {
  readonly definition: MachineDefinition;
  readonly executors: Readonly<Record<string, FaultyExecutor<TWorld>>>;
  /** The world of the first instance, `instanceId`. */
  readonly world: TWorld;
  /** Execution faults, one per command, then none. */
  readonly plan: readonly ExecutionFault[];
  readonly instanceId: string;
  /** Virtual time the run starts at, in epoch milliseconds. */
  readonly start: number;
  /** Commands whose outcomes may be reordered (default: all). */
  readonly reorderable?: (kind: string) => boolean;
  readonly scenario?: RunScenario;
}

/**
 * One run of a machine on the memory store and the virtual clock, under a fault plan. A `crash` fault
 * abandons the runtime mid-command and starts a fresh one over the same store, as a restart would.
 * Several instances may share the run (each with its own world); store faults, a runtime variant and
 * machines missing from the runtime come in through `scenario`.
 */
export class LifecycleRun<TWorld> {
  readonly clock: VirtualClock;
  /** The store as it is (no faults): what invariants read. */
  readonly store = new MemoryEventStore();
  runtime: Runtime;
  restarts = 0;
  /** Faults the runtime could not hand to the machine (a failing store, a bug): any of them fails the check. */
  readonly runtimeErrors: unknown[] = [];
  /** Faults the runtime reported that the scenario provoked (injected store faults, absent machines): expected. */
  readonly provokedErrors: unknown[] = [];
  readonly watch: ExecutionWatch;
  /** Instances the run checks, with their worlds; the first is `instanceId`. */
  readonly worlds = new Map<string, TWorld>();
  /** Instances of absent machines: in the store, never runnable here. */
  readonly absentInstances = new Set<string>();
  private readonly runtimeStore: EventStore & Partial<FaultControl>;
  private readonly timers: HarnessTimers;
  private readonly absentMachines: ReadonlySet<string>;
  private crashed: Promise<void>;
  private signalCrash: () => void = () => undefined;
  private readonly plan: FaultPlan;
  private readonly definition: MachineDefinition;
  private readonly executors: Readonly<Record<string, FaultyExecutor<TWorld>>>;
  private readonly reorderable: (kind: string) => boolean;
  private readonly scenario: RunScenario;
  readonly world: TWorld;
  readonly instanceId: string;

  constructor(options: LifecycleRunOptions<TWorld>) {
    const { world, instanceId, scenario = {} } = options;
    this.definition = options.definition;
    this.executors = options.executors;
    this.world = world;
    this.instanceId = instanceId;
    this.reorderable = options.reorderable ?? (() => true);
    this.scenario = scenario;
    this.clock = new VirtualClock(options.start);
    this.plan = new FaultPlan(options.plan);
    this.watch = new ExecutionWatch(scenario.hangAfterMs ?? 5_000);
    this.worlds.set(instanceId, world);
    this.absentMachines = new Set(scenario.absentMachines ?? []);
    this.runtimeStore =
      scenario.storeFaults === undefined ? this.store : faultyEventStore(this.store, scenario.storeFaults);
    this.timers = new HarnessTimers(
      this.store,
      () => this.runtime,
      (error) => this.report(error),
    );
    this.crashed = this.armCrash();
    this.runtime = this.boot();
    this.clock.attach({
      nextDueAt: () => this.timers.nextDueAt(),
      fireDue: (now) => this.timers.fireDue(now),
      idle: () => this.settle(),
    });
  }

  /** The faults drawn so far, in order (for counterexamples). */
  get faultsDrawn(): readonly string[] {
    return [...this.plan.drawn, ...(this.runtimeStore.injected ?? []).map((f) => `store ${f}`)];
  }

  /** Add an instance to check, with its own world (before starting it). */
  addInstance(instanceId: string, world: TWorld): void {
    this.worlds.set(instanceId, world);
  }

  /** End every fault: store faults stop and the execution fault plan plays `none` from now on. */
  stopFaults(): void {
    this.runtimeStore.stop?.();
    this.plan.stop();
  }

  async start(input: unknown, eventId: string, instanceId = this.instanceId): Promise<void> {
    await this.asClient(() => this.runtime.start(this.definition.id, instanceId, input, { eventId }));
    await this.settle();
  }

  /**
   * Send an event as the outside world does; a finished instance refusing it (INSTANCE_FINISHED) is an answer, not a
   * fault.
   */
  async send(event: MachineEvent, eventId: string, instanceId = this.instanceId): Promise<void> {
    await this.asClient(() => this.runtime.send(instanceId, event, { eventId })).catch((error: unknown) => {
      if (!isStatebridgeError(error, 'INSTANCE_FINISHED')) throw error;
    });
    await this.settle();
  }

  async records(instanceId = this.instanceId): Promise<StepRecord[]> {
    const out: StepRecord[] = [];
    for await (const record of this.store.readStream(instanceId)) out.push(record);
    return out;
  }

  /** Wait until no command is running; restart the runtime whenever a crash fault fired. */
  async settle(): Promise<void> {
    for (;;) {
      const outcome = await this.watch.bound(
        Promise.race([this.runtime.idle().then(() => 'idle' as const), this.crashed.then(() => 'crash' as const)]),
      );
      if (outcome === 'idle') return;
      await this.restart();
    }
  }

  /** Abandon the runtime (its running calls never finish here) and start a fresh one that recovers from the store. */
  async restart(): Promise<void> {
    this.restarts += 1;
    this.watch.forget();
    this.crashed = this.armCrash();
    this.runtime = this.boot();
    await this.recover();
  }

  /** What a process does when it starts over a store: resume pending commands and due timers. */
  async recover(): Promise<void> {
    try {
      await this.asClient(() => this.runtime.recover());
    } catch (error) {
      // The process keeps serving; what recovery failed to resume shows as instances that stop moving.
      if (!isProvoked(error, this.absentMachines, this.absentInstances)) throw error;
      this.provokedErrors.push(error);
    }
  }

  /** A client of the runtime retries what failed on an injected store fault (it is told the call failed). */
  private async asClient<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await call();
      } catch (error) {
        if (!isInjectedStoreFault(error)) throw error;
        this.provokedErrors.push(error);
        if (attempt >= CLIENT_ATTEMPTS) throw error;
      }
    }
  }

  private report(error: unknown): void {
    if (isProvoked(error, this.absentMachines, this.absentInstances)) this.provokedErrors.push(error);
    else this.runtimeErrors.push(error);
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
        const world = this.worlds.get(context.instanceId) ?? this.world;
        const done = this.watch.begin(`${kind} ${command.key}`);
        const outcome = await executor(command, context, fault === 'reorder' ? 'none' : fault, world).finally(done);
        if (isLate(outcome)) {
          this.timers.later({
            dueAt: this.clock.now() + outcome.afterMs,
            instanceId: context.instanceId,
            commandKey: command.key,
            eventId: `${command.key}/late`,
            event: outcome.event,
          });
          return undefined;
        }
        if (fault !== 'reorder' || outcome === undefined) return outcome;
        // Reordered: the outcome overtakes nothing; it arrives a millisecond later, after the others.
        const events: readonly MachineEvent[] = Array.isArray(outcome) ? outcome : [outcome as MachineEvent];
        events.forEach((event, i) =>
          this.timers.later({
            dueAt: this.clock.now() + 1,
            instanceId: context.instanceId,
            commandKey: command.key,
            eventId: `${command.key}/reordered/${i}`,
            event,
          }),
        );
        return undefined;
      };
    }
    const build = this.scenario.runtime ?? createRuntime;
    const runtime = build({
      store: this.runtimeStore,
      clock: this.clock,
      onError: (error) => this.report(error),
    }).register(this.definition, wrapped);
    runtime.onStep(() => {
      this.watch.moved();
      this.timers.stepped();
    });
    return runtime;
  }
}
