import type { AnyMachineSnapshot } from 'xstate';
import { acknowledgeAfterEnd, afterEnd } from '../core/finishedStep.js';
import type { MachineDefinition } from '../core/machineDefinition.js';
import { decide } from '../core/step.js';
import type { EventOrigin, MachineEvent, StepLinks, StepRecord } from '../core/stepRecord.js';
import type { Clock } from '../ports/clock.js';
import type { EventStore } from '../ports/eventStore.js';
import { parseInput } from '../protocol/validate.js';
import { actsOnStoreOnly, type CommandExecutor } from './executor.js';
import type { MachineRegistry } from './registry.js';
import type { OutcomeTarget } from './relay.js';
import { checkInstanceId, stepLinks } from './stepInputs.js';

/** A step decided and not yet written. */
export interface UnitStep {
  readonly record: StepRecord;
  /** The record it follows (undefined for a start). */
  readonly head: StepRecord | undefined;
  readonly origin: EventOrigin;
  readonly definition: MachineDefinition;
  /** xstate's snapshot after the step, when the machine decided it (not for a step after the end). */
  readonly snapshot: AnyMachineSnapshot | undefined;
}

/** Steps to commit in one transaction, in order; `settled` are the keys of commands whose outcomes are among them. */
export interface StepUnit {
  readonly steps: readonly UnitStep[];
  readonly settled: ReadonlySet<string>;
  /**
   * Call once the unit's commit is known: the starts and sends its executors made after it was planned are then
   * carried out (committed) or dropped (not written; a retry of the step runs its executors again).
   */
  committed(written: boolean): void;
}

/** What planning a unit needs from the runtime. */
export interface StoreOnlyHost {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly registry: MachineRegistry;
  /** Carry a command out with its starts and outcome going to `target` (`Relay.settleWithin`). */
  settle(record: StepRecord, command: StepRecord['commands'][number], target: OutcomeTarget): Promise<void>;
  /**
   * Where a start or send an executor makes after its unit was planned goes (one it did not await), once the unit
   * is committed: the runtime, as when the command is relayed. Its ids derive from the command's key, so it is
   * applied once either way.
   */
  readonly late: OutcomeTarget;
}

/** A unit stops taking more commands at this many steps; commands left over are relayed after the commit. */
const MAX_UNIT_STEPS = 32;

/** Why a unit is given up: the step commits alone and its commands are relayed, exactly as without units. */
class UnitAbandoned extends Error {}

/**
 * Plans the unit of a decided step: each of its commands whose executor acts on the store alone (see
 * `storeOnly`) is carried out now, and the steps it makes (instances started, its outcome, and in turn
 * their own store-only commands) are decided from the steps before them in the unit, to be committed with
 * it atomically. Only the plain paths are taken here; anything else (a send, a start that meets an existing
 * instance or any error, a record over the store's limit) gives the unit up.
 */
export class StoreOnlyCommands {
  constructor(private readonly host: StoreOnlyHost) {}

  /** Whether the step has a command to carry out in its own transaction: cheap, as it is asked of every step. */
  wants(record: StepRecord): boolean {
    if (record.commands.length === 0 || this.host.store.appendSteps === undefined) return false;
    const { id, version } = record.machine;
    return record.commands.some((command) => actsOnStoreOnly(this.executorOf(id, version, command.kind), command));
  }

  /**
   * The unit of `first`, or undefined when it is given up or holds nothing but `first`: the step then commits
   * alone and its commands are relayed, so what its executors made late here is dropped (the relay runs them again).
   */
  async plan(first: UnitStep): Promise<StepUnit | undefined> {
    // Once planned, the unit takes nothing more: a start or send made later (not awaited) waits for its commit.
    const runtime = this.host.late;
    const late = new LateCalls();
    const unit: UnitBuilder = new UnitBuilder(first, late, {
      start: (machineId, instanceId, input, options) =>
        unit.sealed
          ? late.after(() => runtime.start(machineId, instanceId, input, options))
          : this.start(unit, machineId, instanceId, input, options),
      deliver: (instanceId, event, eventId, origin, links) =>
        unit.sealed
          ? late.after(() => runtime.deliver(instanceId, event, eventId, origin, links))
          : this.deliver(unit, instanceId, event, eventId, origin, links),
    });
    try {
      await this.settleCommands(unit, first);
    } catch {
      // Whatever failed here fails again, and is reported as it always is, when the relay runs the command.
      unit.abandoned = true;
    } finally {
      unit.sealed = true;
    }
    // An executor may turn a failed start into an outcome of its own: the unit is given up all the same.
    if (!unit.abandoned && unit.steps.length > 1) return unit;
    late.settle(false);
    return undefined;
  }

  private executorOf(machineId: string, version: number, kind: string): CommandExecutor {
    return this.host.registry.executorOf(machineId, version, kind);
  }

  private async settleCommands(unit: UnitBuilder, step: UnitStep): Promise<void> {
    const { id, version } = step.record.machine;
    for (const command of step.record.commands) {
      if (unit.steps.length >= MAX_UNIT_STEPS) return;
      if (!actsOnStoreOnly(this.executorOf(id, version, command.kind), command)) continue;
      await this.host.settle(step.record, command, unit.target);
      if (unit.abandoned) throw new UnitAbandoned();
      unit.settled.add(command.key);
    }
  }

  /** `Runtime.start` of an instance that does not exist yet, decided into the unit. */
  private async start(
    unit: UnitBuilder,
    machineId: string,
    instanceId: string,
    input: unknown,
    options: { eventId: string } & Partial<StepLinks>,
  ): Promise<void> {
    try {
      if (unit.abandoned) throw new UnitAbandoned();
      const { definition } = this.host.registry.latestOf(machineId);
      const streamId = checkInstanceId(instanceId);
      const parsed =
        definition.input === undefined ? input : parseInput(definition.input, input, `input of ${machineId}`);
      if (unit.latest(streamId) !== undefined || (await this.host.store.readHead(streamId)) !== undefined)
        throw new UnitAbandoned();
      const origin: EventOrigin = { kind: 'start' };
      const decided = decide({
        definition,
        streamId,
        head: undefined,
        eventId: options.eventId,
        event: { type: 'xstate.init', input: parsed },
        origin,
        at: this.host.clock.now(),
        links: stepLinks(options, undefined, streamId),
      });
      this.checkSize(decided.record, decided.bound);
      const step = { record: decided.record, head: undefined, origin, definition, snapshot: decided.snapshot };
      unit.steps.push(step);
      await this.settleCommands(unit, step);
    } catch (error) {
      throw unit.abandon(error);
    }
  }

  /** A command's outcome for an instance of the unit, decided from its step before. */
  private async deliver(
    unit: UnitBuilder,
    instanceId: string,
    event: MachineEvent,
    eventId: string,
    origin: EventOrigin,
    links: Partial<StepLinks>,
  ): Promise<void> {
    try {
      const before = unit.latest(instanceId);
      if (unit.abandoned || before === undefined || origin.kind !== 'command') throw new UnitAbandoned();
      const head = before.record;
      const at = this.host.clock.now();
      const stepLinksNow = stepLinks(links, head, instanceId);
      if (head.state.status !== 'active') {
        // As a relayed outcome of a command the instance left running when it ended (see `afterEnd`).
        if (afterEnd(head, origin).kind === 'ignore') return;
        const record = acknowledgeAfterEnd({ head, eventId, event, origin, at, links: stepLinksNow });
        this.checkSize(record, undefined);
        unit.steps.push({ record, head, origin, definition: before.definition, snapshot: undefined });
        return;
      }
      const { definition } = before;
      const decided = decide(
        { definition, streamId: instanceId, head, eventId, event, origin, at, links: stepLinksNow },
        before.snapshot,
      );
      this.checkSize(decided.record, decided.bound);
      const step = { record: decided.record, head, origin, definition, snapshot: decided.snapshot };
      unit.steps.push(step);
      await this.settleCommands(unit, step);
    } catch (error) {
      throw unit.abandon(error);
    }
  }

  /** A record over the store's limit is refused by the step that makes it alone, as without units. */
  private checkSize(record: StepRecord, bound: number | undefined): void {
    const max = this.host.store.maxRecordBytes;
    if ((bound === undefined || bound > max) && Buffer.byteLength(JSON.stringify(record)) > max)
      throw new UnitAbandoned();
  }
}

/**
 * The starts and sends an executor makes after its unit was planned (ones it did not await). They come from a
 * step not yet committed, so they wait for its commit: carried out by the runtime once it is written, as when
 * the command is relayed, and dropped when it is not, as the command then never was.
 */
class LateCalls {
  private settleWith!: (written: boolean) => void;
  private readonly commit = new Promise<boolean>((resolve) => (this.settleWith = resolve));

  /** The commit is known (a second call changes nothing): the calls waiting for it go ahead or are dropped. */
  settle(written: boolean): void {
    this.settleWith(written);
  }

  /** `call` once the unit is written; nothing if it is not. */
  after(call: () => Promise<unknown>): Promise<unknown> {
    return this.commit.then((written) => (written ? call() : undefined));
  }
}

/** The unit as it is planned. */
class UnitBuilder implements StepUnit {
  readonly steps: UnitStep[];
  readonly settled = new Set<string>();
  abandoned = false;
  /** Planned: what its executors start or send from now on is no longer part of it (see `LateCalls`). */
  sealed = false;

  constructor(
    first: UnitStep,
    private readonly late: LateCalls,
    /** Where the unit's commands start instances and deliver outcomes: into the unit. */
    readonly target: OutcomeTarget,
  ) {
    this.steps = [first];
  }

  committed(written: boolean): void {
    this.late.settle(written);
  }

  /** The last step of a stream in the unit. */
  latest(streamId: string): UnitStep | undefined {
    for (let i = this.steps.length - 1; i >= 0; i -= 1)
      if (this.steps[i]!.record.streamId === streamId) return this.steps[i];
    return undefined;
  }

  /** Marks the unit given up (an executor may catch the error) and hands back what to throw. */
  abandon(error: unknown): unknown {
    this.abandoned = true;
    return error instanceof UnitAbandoned
      ? error
      : new UnitAbandoned('store-only command left to the relay', { cause: error });
  }
}
