import { randomUUID } from 'node:crypto';
import { isConcurrencyConflict, PayloadTooLargeError, StatebridgeError } from '../core/errors.js';
import type { MachineDefinition } from '../core/machineDefinition.js';
import { decide } from '../core/step.js';
import type { EventOrigin, MachineEvent, StepLinks, StepRecord } from '../core/stepRecord.js';
import type { Clock, TimerSource } from '../ports/clock.js';
import type { EventStore, StepView } from '../ports/eventStore.js';
import type { TimerService } from '../ports/timerService.js';
import { parseInput } from '../protocol/validate.js';
import type { CommandExecutor } from './executor.js';
import { KeyedQueue } from './keyedQueue.js';
import { MachineRegistry } from './registry.js';
import { Relay } from './relay.js';
import { SnapshotCache } from './snapshotCache.js';
import { checkEventShape, EXTERNAL, instanceIdSchema, notFound, sleep, stepLinks } from './stepInputs.js';
import { systemClock } from './systemClock.js';
import { TimerNotifier } from './timerNotifier.js';

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
  /** Told after each commit which timers the step armed and cancelled (Step Functions on AWS). */
  readonly timers?: TimerService;
}

/** Identity and links for an event entering the runtime. */
export interface SendOptions {
  /** Same id twice = applied once. Default: a random UUID (no de-duplication). */
  readonly eventId?: string;
  readonly causationId?: string;
  readonly correlationId?: string;
}

/** The outcome of `start` or `send`. `applied` is false when the event id had been applied before. */
export interface StepResult {
  readonly applied: boolean;
  readonly record: StepRecord;
}

type StepListener = (record: StepRecord) => void;

/** How a step is prepared: the definition to start with, or a validation of the event against the pinned definition. */
interface StepHow {
  readonly startWith?: MachineDefinition;
  readonly validate?: (definition: MachineDefinition) => MachineEvent;
}

/**
 * The runner: load the head → decide with xstate's pure transition → commit atomically under the
 * expected version → relay commands and arm timers. See README "The step".
 */
export class Runtime implements TimerSource {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly registry = new MachineRegistry();
  private readonly queue = new KeyedQueue();
  /** xstate snapshots of recently stepped instances, so a step restores nothing when this process wrote the head. */
  private readonly snapshots = new SnapshotCache(10_000);
  private readonly relay: Relay;
  private readonly listeners = new Set<StepListener>();
  private readonly maxStepAttempts: number;
  private readonly recoveryPageSize: number;
  private readonly onError: (error: unknown) => void;
  private readonly timerNotifier: TimerNotifier | undefined;

  constructor(options: RuntimeOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.maxStepAttempts = options.maxStepAttempts ?? 8;
    this.recoveryPageSize = options.recoveryPageSize ?? 1000;
    this.onError = options.onError ?? ((error) => console.error('[statebridge]', error));
    this.relay = new Relay(this, this.onError);
    this.timerNotifier = options.timers === undefined ? undefined : new TimerNotifier(options.timers, this.onError);
  }

  /** Register a machine version and the executors for its named actions. */
  register(definition: MachineDefinition, executors: Readonly<Record<string, CommandExecutor>> = {}): this {
    this.registry.register(definition, executors);
    return this;
  }

  /** Start an instance of the newest version of `machineId`. Starting the same id with the same eventId again is a no-op. */
  async start(machineId: string, instanceId: string, input: unknown, options: SendOptions = {}): Promise<StepResult> {
    const { definition } = this.registry.latestOf(machineId);
    const checkedId = parseInput(instanceIdSchema, instanceId, 'instance id');
    const parsed = definition.input === undefined ? input : parseInput(definition.input, input, `input of ${machineId}`);
    const eventId = options.eventId ?? `start:${checkedId}`;
    return this.step(checkedId, { type: 'xstate.init', input: parsed }, eventId, { kind: 'start' }, options, { startWith: definition });
  }

  /** Send an external event to an instance; validated with the machine's `events` schema before anything is written. */
  async send(instanceId: string, event: unknown, options: SendOptions = {}): Promise<StepResult> {
    const validate = (definition: MachineDefinition) =>
      definition.events === undefined ? checkEventShape(event, instanceId) : (parseInput(definition.events, event, `event for ${instanceId}`) as MachineEvent);
    return this.step(instanceId, event as MachineEvent, options.eventId ?? randomUUID(), EXTERNAL, options, { validate });
  }

  /** Deliver an event produced by the runtime itself (a command outcome, a timer). */
  deliver(instanceId: string, event: MachineEvent, eventId: string, origin: EventOrigin, links: Partial<StepLinks> = {}): Promise<StepResult> {
    return this.step(instanceId, event, eventId, origin, links);
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
   * Resume after a restart: run every unacknowledged command and fire every timer already due. Work is
   * read a page at a time; the next page is read once the commands of this one have finished (and so
   * left the work index).
   */
  async recover(): Promise<{ commands: number; timers: number }> {
    const started = new Set<string>();
    for (;;) {
      const heads = await this.store.listWork({ dueBy: this.clock.now(), limit: this.recoveryPageSize });
      let fresh = 0;
      for (const head of heads) {
        for (const command of head.pending.commands) {
          if (started.has(command.key)) continue;
          started.add(command.key);
          this.relay.execute(head, command);
          fresh += 1;
        }
      }
      if (heads.length < this.recoveryPageSize || fresh === 0) break;
      await this.relay.idle();
    }
    const timers = await this.fireDueCount(this.clock.now());
    return { commands: started.size, timers };
  }

  nextDueAt(): Promise<number | undefined> {
    return this.store.nextTimerDue();
  }

  async fireDue(now: number): Promise<void> {
    await this.fireDueCount(now);
  }

  private async fireDueCount(now: number): Promise<number> {
    let fired = 0;
    for (;;) {
      const heads = await this.store.listWork({ dueBy: now, limit: 500 });
      const due = heads.flatMap((head) => head.pending.timers.filter((t) => t.dueAt <= now).map((t) => ({ head, t })));
      if (due.length === 0) return fired;
      due.sort((a, b) => a.t.dueAt - b.t.dueAt);
      for (const { head, t } of due) {
        const result = await this.step(head.streamId, t.event, `timer:${t.key}`, { kind: 'timer', timerKey: t.key, timerId: t.id }, {
          causationId: t.key,
        });
        if (result.applied) fired += 1;
      }
    }
  }

  private step(
    streamId: string,
    event: MachineEvent,
    eventId: string,
    origin: EventOrigin,
    links: Partial<StepLinks>,
    how: StepHow = {},
  ): Promise<StepResult> {
    return this.queue.run(streamId, async () => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await this.tryStep(streamId, event, eventId, origin, links, how);
        } catch (error) {
          if (!isConcurrencyConflict(error)) throw error;
          if (attempt >= this.maxStepAttempts) {
            throw new StatebridgeError('STEP_RETRIES_EXHAUSTED', `step on ${streamId} conflicted ${attempt} times`, {
              cause: error,
              retryable: true,
              context: { streamId, attempts: attempt },
            });
          }
          // Jittered backoff so two writers that keep colliding drift apart instead of livelocking.
          await sleep(Math.random() * Math.min(250, 5 * 2 ** attempt));
        }
      }
    });
  }

  private async tryStep(
    streamId: string,
    event: MachineEvent,
    eventId: string,
    origin: EventOrigin,
    links: Partial<StepLinks>,
    { startWith, validate }: StepHow,
  ): Promise<StepResult> {
    const { head, appliedAt } = await this.readForStep(streamId, eventId);
    const duplicate = head !== undefined && (head.eventId === eventId || appliedAt !== undefined);
    if (startWith !== undefined && head !== undefined) {
      // The same start delivered again is a duplicate; a different start of an existing id is an error.
      if (duplicate) return { applied: false, record: head };
      throw new StatebridgeError('INSTANCE_EXISTS', `instance ${streamId} already exists`, { context: { streamId } });
    }
    if (startWith === undefined && head === undefined) throw notFound(streamId);
    const definition = startWith ?? this.registry.pinned(head!.machine.id, head!.machine.version).definition;
    const input = validate === undefined ? event : validate(definition);
    if (duplicate) return { applied: false, record: head };
    if (head !== undefined && origin.kind === 'timer' && !head.pending.timers.some((t) => t.key === origin.timerKey)) {
      return { applied: false, record: head }; // cancelled or already fired elsewhere
    }
    const cached = head === undefined ? undefined : this.snapshots.get(streamId);
    const { record, snapshot } = decide(
      {
        definition,
        streamId,
        head,
        eventId,
        event: input,
        origin,
        at: this.clock.now(),
        links: stepLinks(links, head, streamId),
      },
      cached !== undefined && cached.version === head?.version && cached.definition === definition ? cached.snapshot : undefined,
    );
    const json = JSON.stringify(record);
    // A UTF-16 code unit is at most 3 UTF-8 bytes, so short records skip the exact count.
    if (json.length * 3 > this.store.maxRecordBytes) {
      const bytes = Buffer.byteLength(json);
      if (bytes > this.store.maxRecordBytes) throw new PayloadTooLargeError(streamId, bytes, this.store.maxRecordBytes);
    }
    await this.store.append(record, head?.version ?? 0, json);
    this.snapshots.set(streamId, { version: record.version, definition, snapshot });
    this.timerNotifier?.afterCommit(head, record, origin);
    for (const command of record.commands) this.relay.execute(record, command);
    for (const listener of this.listeners) {
      // The step is committed; a failing observer must not make it look failed to the caller.
      try {
        listener(record);
      } catch (error) {
        this.onError(error);
      }
    }
    return { applied: true, record };
  }

  private async readForStep(streamId: string, eventId: string): Promise<StepView> {
    if (this.store.readForStep !== undefined) return this.store.readForStep(streamId, eventId);
    const [head, appliedAt] = await Promise.all([this.store.readHead(streamId), this.store.findEvent(streamId, eventId)]);
    return { head, appliedAt };
  }

  /** Stop relaying and close the store. */
  async close(): Promise<void> {
    await this.relay.idle();
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
