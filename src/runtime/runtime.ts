import { CANCEL_EVENT_TYPE, type OperatorActor } from '../core/cancelledStep.js';
import { StatebridgeError } from '../core/errors.js';
import type { MachineDefinition } from '../core/machineDefinition.js';
import type { EventOrigin, MachineEvent, StepLinks, StepRecord, Timer } from '../core/stepRecord.js';
import type { Clock, TimerSource } from '../ports/clock.js';
import type { EventStore } from '../ports/eventStore.js';
import type { TimerService } from '../ports/timerService.js';
import { parseInput } from '../protocol/validate.js';
import { DueTimers } from './dueTimers.js';
import type { CommandExecutor } from './executor.js';
import { resumePendingCommands } from './pendingCommands.js';
import { MachineRegistry } from './registry.js';
import { Relay } from './relay.js';
import { rejectionOf, StepRunner, type StepResult } from './stepRunner.js';
import { StoreOnlyCommands } from './storeOnlyCommands.js';
import { checkInstanceId, EXTERNAL } from './stepInputs.js';
import { systemClock } from './systemClock.js';
import { newTimeOrderedId } from './timeOrderedIds.js';
import { TimerNotifier } from './timerNotifier.js';
import { WallClockTimers } from './wallClockTimers.js';
import { eventIds } from '../core/stepProtocol.js';

/** Options for `createRuntime`. */
export interface RuntimeOptions {
  readonly store: EventStore;
  readonly clock?: Clock;
  /** How often a conflicting step is re-decided from a fresh read before giving up; default 8. */
  readonly maxStepAttempts?: number;
  /** Streams with pending work `recover()` reads at a time; default 1,000. */
  readonly recoveryPageSize?: number;
  /** Called with faults the runtime cannot hand to a machine (a store outage during relay, say). */
  readonly onError?: (error: unknown) => void;
  /**
   * Streams whose due timers fire at once; each stream's timers still fire in due order. Default 256: the
   * steps of streams firing together share one commit (SQLite's group commit), so wider is fewer fsyncs.
   */
  readonly timerConcurrency?: number;
  /** Attempts to record a command's outcome before leaving it to recovery; default 5. */
  readonly deliverAttempts?: number;
  /** How long `close()` waits for running commands before abandoning them; default 5,000 ms. */
  readonly closeTimeoutMs?: number;
  /**
   * Who fires durable timers. Default: on the wall clock (no `clock` given, or `systemClock`) the runtime
   * fires them itself; with any other clock the clock's owner does (`VirtualClock.attach`). A
   * TimerService is told after each commit which timers a step armed and cancelled (Step Functions on
   * AWS). `false`: nothing in this runtime fires them (tests, or a process running its own TimerLoop).
   */
  readonly timers?: TimerService | false;
}

/** Identity and links for an event entering the runtime. */
export interface SendOptions {
  /** Same id twice = applied once. Default: a fresh time-ordered UUID (no de-duplication). */
  readonly eventId?: string;
  readonly causationId?: string;
  readonly correlationId?: string;
}

export type { StepResult };

/** The options of a send made without any: one shared object rather than a new one per step. */
const NO_OPTIONS: SendOptions = Object.freeze({});

type StepListener = (record: StepRecord) => void;

/**
 * The runner: load the head → decide with xstate's pure transition → commit atomically under the
 * expected version → relay commands and arm timers. See README "The step".
 */
export class Runtime implements TimerSource {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly registry = new MachineRegistry();
  private readonly steps: StepRunner;
  private readonly relay: Relay;
  private readonly listeners = new Set<StepListener>();
  private readonly recoveryPageSize: number;
  private readonly closeTimeoutMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly timers: DueTimers;
  private readonly timerNotifier: TimerNotifier | undefined;
  private readonly wallClockTimers: WallClockTimers | undefined;
  /** `streamId@version` of instances already reported as pinned to an unregistered machine version. */
  private readonly reportedUnregistered = new Set<string>();

  constructor(options: RuntimeOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.recoveryPageSize = options.recoveryPageSize ?? 1000;
    this.closeTimeoutMs = options.closeTimeoutMs ?? 5000;
    this.onError = options.onError ?? ((error) => console.error('[statebridge]', error));
    this.timerNotifier = options.timers ? new TimerNotifier(options.timers, this.onError) : undefined;
    this.steps = new StepRunner(
      this.store,
      this.clock,
      this.registry,
      options.maxStepAttempts ?? 8,
      (record, head, origin, settled) => {
        this.timerNotifier?.afterCommit(head, record, origin);
        for (const command of record.commands)
          if (settled === undefined || !settled.has(command.key)) this.relay.execute(record, command);
        this.notify(record);
      },
      new StoreOnlyCommands({
        store: this.store,
        clock: this.clock,
        registry: this.registry,
        settle: (record, command, target) => this.relay.settleWithin(record, command, target),
        late: {
          start: (machineId, instanceId, input, options) => this.start(machineId, instanceId, input, options),
          deliver: (instanceId, event, eventId, origin, links) =>
            this.deliver(instanceId, event, eventId, origin, links),
        },
      }),
    );
    this.relay = new Relay(
      {
        clock: this.clock,
        executorFor: (record, kind) => this.registry.executorOf(record.machine.id, record.machine.version, kind),
        start: (machineId, instanceId, input, options) => this.start(machineId, instanceId, input, options),
        deliver: (instanceId, event, eventId, origin, links) => this.deliver(instanceId, event, eventId, origin, links),
      },
      this.onError,
      { deliverAttempts: options.deliverAttempts ?? 5, deliverBackoffMs: 50, deliverBackoffMaxMs: 2000 },
    );
    const host = {
      ...this.pinnedWork(),
      clock: this.clock,
      fire: (head: StepRecord, timer: Timer) => this.fireTimer(head, timer),
      onError: this.onError,
    };
    this.timers = new DueTimers(host, {
      concurrency: options.timerConcurrency ?? 256,
      pageSize: 500,
      retryBaseMs: 1000,
      retryMaxMs: 60_000,
    });
    this.wallClockTimers =
      options.timers === undefined && this.clock === systemClock
        ? new WallClockTimers(this, this.clock, this.onError)
        : undefined;
  }

  /** Register a machine version and the executors for its named actions. */
  register(definition: MachineDefinition, executors: Readonly<Record<string, CommandExecutor>> = {}): this {
    this.registry.register(definition, executors);
    this.timers.releaseUnregistered();
    this.reportedUnregistered.clear();
    return this;
  }

  /**
   * Start an instance of the newest version of `machineId`. Starting the same id with the same eventId again is a
   * no-op.
   */
  async start(machineId: string, instanceId: string, input: unknown, options: SendOptions = {}): Promise<StepResult> {
    const { definition } = this.registry.latestOf(machineId);
    const checkedId = checkInstanceId(instanceId);
    const parsed =
      definition.input === undefined ? input : parseInput(definition.input, input, `input of ${machineId}`);
    return this.steps.step({
      kind: 'start',
      definition,
      streamId: checkedId,
      event: { type: 'xstate.init', input: parsed },
      eventId: options.eventId ?? eventIds.start(checkedId),
      origin: { kind: 'start' },
      links: options,
    });
  }

  /** Send an external event to an instance; validated with the machine's `events` schema before anything is written. */
  send(instanceId: string, event: unknown, options: SendOptions = NO_OPTIONS): Promise<StepResult> {
    // Not async and no closure per call: the step's own promise is handed back, and the runner checks the event
    // against the pinned definition (see `sentEvent`). Whatever goes wrong still rejects, as from an async method.
    try {
      const { eventId } = options;
      return this.steps.step({
        kind: 'send',
        streamId: instanceId,
        event: event as MachineEvent,
        // Named member by member: spreading an object made for the purpose cost a copy on every step.
        eventId: eventId ?? newTimeOrderedId(),
        freshEventId: eventId === undefined,
        origin: EXTERNAL,
        links: options,
      });
    } catch (error) {
      return rejectionOf(error);
    }
  }

  /**
   * Cancel a running instance for an operator: a step that ends it where it stands (see `cancelledStep`).
   * Refused with INSTANCE_FINISHED on a finished instance, INSTANCE_NOT_FOUND on an unknown id.
   */
  async cancel(instanceId: string, by: OperatorActor, options: SendOptions = {}): Promise<StepResult> {
    const event = { type: CANCEL_EVENT_TYPE, actor: by.actor, ...(by.user === undefined ? {} : { user: by.user }) };
    return this.steps.step({
      kind: 'cancel',
      by,
      streamId: instanceId,
      event,
      ...eventIdOf(options),
      origin: EXTERNAL,
      links: options,
    });
  }

  /** Deliver an event produced by the runtime itself (a command outcome, a timer). */
  deliver(
    instanceId: string,
    event: MachineEvent,
    eventId: string,
    origin: EventOrigin,
    links: Partial<StepLinks> = {},
  ): Promise<StepResult> {
    return this.steps.step({ kind: 'deliver', streamId: instanceId, event, eventId, origin, links });
  }

  /** Watch committed steps (the timeline's live view, tests). Returns an unsubscribe function. */
  onStep(listener: StepListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when no command is executing and none is queued. */
  async idle(): Promise<void> {
    await this.relay.idle();
    await this.timerNotifier?.idle();
  }

  /**
   * Resume after a restart: run every unacknowledged command and fire every timer already due. An
   * instance pinned to an unregistered machine version is reported through onError and skipped.
   */
  async recover(): Promise<{ commands: number; timers: number }> {
    const commands = await resumePendingCommands(
      {
        ...this.pinnedWork(),
        execute: (head, command) => this.relay.execute(head, command),
        idle: () => this.relay.idle(),
      },
      this.recoveryPageSize,
    );
    const timers = await this.timers.fireDue(this.clock.now());
    return { commands, timers };
  }

  /** The next time a timer falls due, a held-back timer is retried, or parked outcomes are tried again. */
  async nextDueAt(): Promise<number | undefined> {
    const timer = await this.timers.nextDueAt();
    const parked = this.relay.nextParkedRetryAt;
    return parked === undefined || (timer !== undefined && timer < parked) ? timer : parked;
  }

  /**
   * Fire every timer due by `now`; a timer that fails is reported and retried later, never stopping the
   * others. Each pass first retries outcomes parked by a store outage, so they are recorded in this
   * process as soon as the store answers again, not only after a restart.
   */
  async fireDue(now: number): Promise<void> {
    await this.relay.retryParked();
    await this.timers.fireDue(now);
  }

  private async fireTimer(head: StepRecord, timer: Timer): Promise<boolean> {
    const origin = { kind: 'timer', timerKey: timer.key, timerId: timer.id } as const;
    const result = await this.steps.step({
      kind: 'deliver',
      streamId: head.streamId,
      event: timer.event,
      eventId: eventIds.timer(timer.key),
      origin,
      links: { causationId: timer.key },
    });
    return result.applied;
  }

  /** What timer passes and recovery both need to skip (and report) instances of unregistered versions. */
  private pinnedWork() {
    return {
      store: this.store,
      isRegistered: (machine: StepRecord['machine']) => this.registry.has(machine.id, machine.version),
      reportUnregistered: (head: StepRecord) => this.reportUnregistered(head),
    };
  }

  private reportUnregistered(head: StepRecord): void {
    const key = `${head.streamId}@${head.machine.id}@${head.machine.version}`;
    if (this.reportedUnregistered.has(key)) return;
    this.reportedUnregistered.add(key);
    const { id, version } = head.machine;
    this.onError(
      new StatebridgeError(
        'MACHINE_NOT_REGISTERED',
        `instance ${head.streamId} needs machine ${id}@${version}, which is not ` +
          `registered; its pending commands and timers wait until that version is registered`,
        { context: { streamId: head.streamId, machineId: id, version } },
      ),
    );
  }

  private notify(record: StepRecord): void {
    // Most runtimes have no observer: no iterator over an empty set on every step.
    if (this.listeners.size === 0) return;
    for (const listener of this.listeners) {
      // The step is committed; a failing observer must not make it look failed to the caller.
      try {
        listener(record);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  /**
   * Stop relaying and close the store. Commands still running after `closeTimeoutMs` are abandoned
   * (reported through onError); they stay pending in the store and run again on the next `recover()`.
   */
  async close(): Promise<void> {
    await this.wallClockTimers?.stop();
    const abandoned = await this.relay.close(this.closeTimeoutMs);
    if (abandoned.length > 0) {
      this.onError(
        new StatebridgeError(
          'CLOSE_TIMED_OUT',
          `closed with ${abandoned.length} command(s) still running after ${this.closeTimeoutMs} ms ` +
            `(${abandoned.slice(0, 5).join(', ')}); they stay pending and run again on the next recover()`,
          { retryable: true, context: { commandKeys: abandoned, closeTimeoutMs: this.closeTimeoutMs } },
        ),
      );
    }
    await this.store.close();
  }
}

/**
 * Create a runtime over a store.
 * @example
 * const runtime = createRuntime({ store: new MemoryEventStore() }).register(def, executors);
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  return new Runtime(options);
}

/**
 * The caller's event id, or one the runtime makes, which no step can hold yet (see `freshEventId`). Made ids
 * are time-ordered, so the store's event index takes them at its right edge rather than all over it.
 */
function eventIdOf(options: SendOptions): { eventId: string; freshEventId: boolean } {
  return options.eventId === undefined
    ? { eventId: newTimeOrderedId(), freshEventId: true }
    : { eventId: options.eventId, freshEventId: false };
}
