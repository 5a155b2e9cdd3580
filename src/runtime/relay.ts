import { errorCode, isStatebridgeError, StatebridgeError } from '../core/errors.js';
import type { Command, EventOrigin, MachineEvent, StepLinks, StepRecord } from '../core/stepRecord.js';
import type { Clock } from '../ports/clock.js';
import { backoffMs } from './boundedConcurrency.js';
import type { CommandExecutor, ExecutorContext } from './executor.js';
import { sleep } from './stepInputs.js';
import { COMMAND_DONE, COMMAND_FAILED, commandError, eventIds } from '../core/stepProtocol.js';

/** What the relay needs from the runtime: the executor of a command of a record's machine version, and steps. */
export interface RelayHost {
  readonly clock: Clock;
  /** Throws MACHINE_NOT_REGISTERED when the record's pinned version is not registered. */
  executorFor(record: StepRecord, kind: string): CommandExecutor;
  start(
    machineId: string,
    instanceId: string,
    input: unknown,
    options: { eventId: string } & Partial<StepLinks>,
  ): Promise<unknown>;
  deliver(
    instanceId: string,
    event: MachineEvent,
    eventId: string,
    origin: EventOrigin,
    links: Partial<StepLinks>,
  ): Promise<unknown>;
}

/** Where a command's starts, sends and outcome go: the runtime's steps, or a unit of steps being decided. */
export type OutcomeTarget = Pick<RelayHost, 'start' | 'deliver'>;

/** How hard the relay tries to record an outcome before leaving the command to recovery. */
export interface RelayOptions {
  readonly deliverAttempts: number;
  readonly deliverBackoffMs: number;
  readonly deliverBackoffMaxMs: number;
}

/**
 * The outbox relay: executes committed commands at least once and feeds each outcome back as an event
 * whose id derives from the command's idempotency key, so a repeated execution is applied once.
 */
export class Relay {
  private readonly inFlight = new Map<string, Promise<void>>();
  /**
   * Outcomes whose recording ran out of attempts on a transient store fault. The handler has run and its
   * result is known, so a store outage longer than the in-line retries must not wait for a restart: each
   * timer pass (`retryParked`) tries them again, and the command is not executed twice meanwhile.
   */
  private readonly parked = new Map<string, ParkedOutcome>();
  /** When parked outcomes are next tried (clock ms), backing off while the store stays down. */
  private parkedRetryAt: number | undefined;
  private parkedFailures = 0;
  private closed = false;

  constructor(
    private readonly host: RelayHost,
    private readonly onError: (error: unknown) => void,
    private readonly options: RelayOptions,
  ) {}

  execute(record: StepRecord, command: Command): void {
    if (this.closed || this.inFlight.has(command.key) || this.parked.has(command.key)) return;
    this.inFlight.set(command.key, this.runReported(record, command));
  }

  /** `run`, its failure reported; one promise per command rather than a chain of three. */
  private async runReported(record: StepRecord, command: Command): Promise<void> {
    try {
      await this.run(record, command);
    } catch (error) {
      this.onError(error);
    } finally {
      this.inFlight.delete(command.key);
    }
  }

  /** Outcomes waiting for the store to come back. */
  get parkedCount(): number {
    return this.parked.size;
  }

  /** When the parked outcomes are next due for a try (undefined when none is parked). */
  get nextParkedRetryAt(): number | undefined {
    return this.parked.size === 0 ? undefined : this.parkedRetryAt;
  }

  /**
   * Try once more to record every parked outcome (same event ids, so applied once). Returns how many were
   * recorded. A fault that is no longer transient drops the outcome: the command stays pending in the
   * store and runs again on recovery.
   */
  async retryParked(): Promise<number> {
    if (this.parked.size === 0 || (this.parkedRetryAt ?? 0) > this.host.clock.now()) return 0;
    let recorded = 0;
    let stillDown = false;
    for (const [key, parked] of [...this.parked]) {
      if (this.closed) break;
      try {
        await this.deliverOutcome(this.host, parked.record, parked.command, parked.outcome, parked.links);
        this.parked.delete(key);
        recorded += 1;
      } catch (error) {
        if (isTransientStoreFault(error)) {
          stillDown = true;
          continue;
        }
        this.parked.delete(key);
        this.onError(error);
      }
    }
    this.parkedFailures = stillDown ? this.parkedFailures + 1 : 0;
    this.parkedRetryAt =
      this.host.clock.now() + backoffMs(this.parkedFailures + 1, PARKED_RETRY_MS, PARKED_RETRY_MAX_MS);
    return recorded;
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight.values());
  }

  /**
   * Stop taking commands and wait up to `timeoutMs` for the running ones. Returns the keys of commands
   * still running then: they are abandoned (their outcomes are dropped) and stay pending in the store.
   */
  async close(timeoutMs: number): Promise<readonly string[]> {
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const result = await Promise.race([this.idle().then(() => 'idle' as const), timedOut]);
    clearTimeout(timer);
    return result === 'idle' ? [] : [...this.inFlight.keys()];
  }

  // The executor is awaited here, not in a helper both paths share: a handler's error trace, which records keep,
  // then ends in the same two frames of this class as it always has.
  private async run(record: StepRecord, command: Command): Promise<void> {
    const executor = this.host.executorFor(record, command.kind);
    const reach = reachOf(record, command, this.host);
    let outcome: readonly MachineEvent[];
    try {
      outcome = outcomeEvents(command, await executor(command, this.contextFor(record, command, reach)));
    } catch (error) {
      outcome = failedOutcome(command, error);
    }
    await this.record(record, command, outcome, outcomeLinks(reach));
  }

  /**
   * Carry out a store-only command (see `storeOnly`) against `target`, which decides the steps it makes
   * (the instances it starts, its outcome) into the transaction of the step that produced it: the same
   * events, ids and links as `execute`, but nothing retried and nothing parked.
   */
  async settleWithin(record: StepRecord, command: Command, target: OutcomeTarget): Promise<void> {
    const executor = this.host.executorFor(record, command.kind);
    const reach = reachOf(record, command, target);
    let outcome: readonly MachineEvent[];
    try {
      outcome = outcomeEvents(command, await executor(command, this.contextFor(record, command, reach)));
    } catch (error) {
      outcome = failedOutcome(command, error);
    }
    await this.deliverOutcome(target, record, command, outcome, outcomeLinks(reach));
  }

  /** What an executor is handed; bound methods rather than closures written here: this runs for every command. */
  private contextFor(record: StepRecord, command: Command, reach: CommandReach): ExecutorContext {
    return {
      instanceId: record.streamId,
      idempotencyKey: command.key,
      record,
      clock: this.host.clock,
      start: this.startFor.bind(this, reach),
      send: this.sendFor.bind(this, reach),
    };
  }

  /** `ExecutorContext.start` of one command. */
  private async startFor(
    reach: CommandReach,
    machineId: string,
    instanceId: string,
    input: unknown,
    key: string,
  ): Promise<void> {
    reached(reach, instanceId);
    try {
      const { causationId, correlationId } = reach.links;
      const options = { causationId, correlationId, eventId: eventIds.start(key) };
      await reach.target.start(machineId, instanceId, input, options);
    } catch (error) {
      if (!isStatebridgeError(error, 'INSTANCE_EXISTS')) throw error;
    }
  }

  /** `ExecutorContext.send` of one command. */
  private async sendFor(reach: CommandReach, instanceId: string, event: MachineEvent, key: string): Promise<void> {
    reached(reach, instanceId);
    await reach.target.deliver(instanceId, event, eventIds.send(key), { kind: 'external' }, reach.links);
  }

  /**
   * Record the outcome, re-delivering it (same event ids, so applied once) after store faults with capped
   * exponential backoff. Only transient store faults are retried (see `isTransientStoreFault`); anything
   * else ends at once.
   */
  private async record(
    record: StepRecord,
    command: Command,
    outcome: readonly MachineEvent[],
    links: StepLinks,
  ): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      if (this.closed) return; // abandoned by close(): the command stays pending for the next start
      try {
        await this.deliverOutcome(this.host, record, command, outcome, links);
        return;
      } catch (error) {
        const transient = isTransientStoreFault(error);
        if (!transient || attempt >= this.options.deliverAttempts) {
          if (transient) {
            this.parked.set(command.key, { record, command, outcome, links });
            this.parkedRetryAt ??= this.host.clock.now() + PARKED_RETRY_MS;
          }
          const next = transient
            ? 'it is retried on every timer pass until the store answers'
            : 'the command stays pending and runs again on recovery';
          throw new StatebridgeError(
            'OUTCOME_NOT_RECORDED',
            `outcome of command ${command.key} on ${record.streamId} ` +
              `was not recorded after ${attempt} attempt(s); ${next}`,
            {
              cause: error,
              retryable: true,
              context: { streamId: record.streamId, commandKey: command.key, attempts: attempt, parked: transient },
            },
          );
        }
        await sleep(backoffMs(attempt, this.options.deliverBackoffMs, this.options.deliverBackoffMaxMs));
      }
    }
  }

  private async deliverOutcome(
    target: OutcomeTarget,
    record: StepRecord,
    command: Command,
    outcome: readonly MachineEvent[],
    links: StepLinks,
  ): Promise<void> {
    const origin: EventOrigin = { kind: 'command', commandKey: command.key };
    for (let index = 0; index < outcome.length; index += 1) {
      const withLinks = index === 0 ? links : { causationId: links.causationId, correlationId: links.correlationId };
      await target.deliver(record.streamId, outcome[index]!, eventIds.outcome(command.key, index), origin, withLinks);
    }
  }
}

const NO_CAUSED: readonly string[] = Object.freeze([]);

function reachOf(record: StepRecord, command: Command, target: OutcomeTarget): CommandReach {
  return { links: { causationId: command.key, correlationId: record.links.correlationId }, caused: [], target };
}

/** An executor's result as the outcome's events: `command.done` when it returned none. */
function outcomeEvents(
  command: Command,
  result: MachineEvent | readonly MachineEvent[] | void,
): readonly MachineEvent[] {
  const events = result === undefined ? [] : Array.isArray(result) ? result : [result as MachineEvent];
  return events.length === 0 ? [{ type: COMMAND_DONE, kind: command.kind, key: command.key }] : events;
}

function failedOutcome(command: Command, error: unknown): readonly MachineEvent[] {
  return [{ type: COMMAND_FAILED, kind: command.kind, key: command.key, error: commandError(error) }];
}

/**
 * The first outcome event's links: the command's, and the instances it reached. A copy: an executor may still
 * call start or send after it returned, which must not change the record. Spelled out: a spread copy that then
 * gains a key is slow in V8, and this runs for every command.
 */
function outcomeLinks({ links, caused }: CommandReach): StepLinks {
  return {
    causationId: links.causationId,
    correlationId: links.correlationId,
    caused: caused.length === 0 ? NO_CAUSED : [...caused],
  };
}

/** What a command's outcome links to: its own links, and the instances it started or sent to, each once, in order. */
interface CommandReach {
  readonly links: { readonly causationId: string; readonly correlationId: string };
  readonly caused: string[];
  readonly target: OutcomeTarget;
}

function reached(reach: CommandReach, instanceId: string): void {
  if (!reach.caused.includes(instanceId)) reach.caused.push(instanceId);
}

/** First wait before a parked outcome is tried again, and the cap of the backoff while the store stays down. */
const PARKED_RETRY_MS = 1_000;
const PARKED_RETRY_MAX_MS = 30_000;

interface ParkedOutcome {
  readonly record: StepRecord;
  readonly command: Command;
  readonly outcome: readonly MachineEvent[];
  readonly links: StepLinks;
}

/** SQLite's lock errors, which better-sqlite3 raises unwrapped from reads (`SqliteError` with this code). */
const LOCKED = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED']);

/** A fault a later attempt may not meet: a statebridge error marked retryable, or a locked SQLite database. */
export function isTransientStoreFault(error: unknown): boolean {
  if (isStatebridgeError(error)) return error.retryable;
  const code = errorCode(error);
  return code !== undefined && LOCKED.has(code);
}
