import {
  InstanceNotFoundError,
  isConcurrencyConflict,
  PayloadTooLargeError,
  StatebridgeError,
} from '../core/errors.js';
import { acknowledgeAfterEnd, afterEnd } from '../core/finishedStep.js';
import { cancelledStep, type OperatorActor } from '../core/cancelledStep.js';
import type { MachineDefinition } from '../core/machineDefinition.js';
import { decide } from '../core/step.js';
import type { EventOrigin, MachineEvent, StepLinks, StepRecord } from '../core/stepRecord.js';
import type { Clock } from '../ports/clock.js';
import type { EventStore, StepReadHint, StepView } from '../ports/eventStore.js';
import { KeyedQueue } from './keyedQueue.js';
import type { MachineRegistry } from './registry.js';
import { SnapshotCache } from './snapshotCache.js';
import type { StoreOnlyCommands, UnitStep } from './storeOnlyCommands.js';
import { sentEvent, sleep, stepLinks } from './stepInputs.js';

/** The outcome of `start` or `send`. `applied` is false when the event id had been applied before. */
export interface StepResult {
  readonly applied: boolean;
  readonly record: StepRecord;
}

/** What every step names: the stream, the event with its id, where it came from and how it links to others. */
interface StepBasics {
  readonly streamId: string;
  readonly event: MachineEvent;
  readonly eventId: string;
  readonly origin: EventOrigin;
  readonly links: Partial<StepLinks>;
  /**
   * The runtime made the event id for this request (the caller gave none), so no earlier step can hold it
   * and the first attempt needs no event-id lookup. A retry after a conflict still looks it up: a store
   * whose write outcome can be unknown (a lost answer retried) may have written the first attempt.
   */
  readonly freshEventId?: boolean;
}

/**
 * One step to take: `start` a new instance with this definition, `send` an external event (checked against
 * the instance's pinned definition before anything is written, see `sentEvent`), `deliver` an event the
 * runtime produced, or `cancel` for an operator (written without the machine deciding it, see `cancelledStep`).
 */
export type StepRequest =
  | (StepBasics & { readonly kind: 'start'; readonly definition: MachineDefinition })
  | (StepBasics & { readonly kind: 'send' })
  | (StepBasics & { readonly kind: 'deliver' })
  | (StepBasics & { readonly kind: 'cancel'; readonly by: OperatorActor });

/** A decided step, before it is written. */
type Decision = ReturnType<typeof decide>;

/**
 * One step at a time per stream: read the head, decide with xstate's pure transition, commit under the
 * expected version (re-deciding after a conflict), then hand the committed record to `committed`.
 */
export class StepRunner {
  private readonly queue = new KeyedQueue();
  /** xstate snapshots of recently stepped instances, so a step restores nothing when this process wrote the head. */
  private readonly snapshots = new SnapshotCache(10_000);

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly registry: MachineRegistry,
    private readonly maxStepAttempts: number,
    /**
     * Told of every committed step, with the head it was decided from and where its event came from; and, for
     * steps committed as a unit, the keys of the commands whose outcomes the unit holds (not to be relayed).
     */
    private readonly committed: (
      record: StepRecord,
      head: StepRecord | undefined,
      origin: EventOrigin,
      settled?: ReadonlySet<string>,
    ) => void,
    /** Carries out store-only commands within the step that produced them (see `storeOnly`). */
    private readonly storeOnly?: StoreOnlyCommands,
  ) {}

  step(request: StepRequest): Promise<StepResult> {
    return this.queue.run(request.streamId, () => this.attempt(request, 1));
  }

  /**
   * One attempt, and the next only after a conflict. Not async: the common step, written at the first attempt,
   * hands back the promise of `tryStep` with one reaction on it, where an async wrapper awaiting it adds a promise
   * and several turns of the microtask queue to every step.
   */
  private attempt(request: StepRequest, attempt: number): Promise<StepResult> {
    return this.tryStep(request, attempt).catch((error: unknown) => this.afterFailure(request, attempt, error));
  }

  private async afterFailure(request: StepRequest, attempt: number, error: unknown): Promise<StepResult> {
    if (!isConcurrencyConflict(error)) throw error;
    const { streamId } = request;
    if (attempt >= this.maxStepAttempts) {
      throw new StatebridgeError('STEP_RETRIES_EXHAUSTED', `step on ${streamId} conflicted ${attempt} times`, {
        cause: error,
        retryable: true,
        context: { streamId, attempts: attempt },
      });
    }
    // Jittered backoff so two writers that keep colliding drift apart instead of livelocking.
    await sleep(Math.random() * Math.min(250, 5 * 2 ** attempt));
    return this.attempt(request, attempt + 1);
  }

  private async tryStep(request: StepRequest, attempt: number): Promise<StepResult> {
    const { streamId, eventId } = request;
    const { head, appliedAt } = await this.readForStep(streamId, eventId, {
      newStream: request.kind === 'start',
      skipEventLookup: request.origin.kind === 'timer' || (request.freshEventId === true && attempt === 1),
    });
    const duplicate = head !== undefined && (head.eventId === eventId || appliedAt !== undefined);
    if (request.kind === 'start' && head !== undefined) {
      // The same start delivered again is a duplicate; a different start of an existing id is an error.
      if (duplicate) return { applied: false, record: head };
      throw new StatebridgeError('INSTANCE_EXISTS', `instance ${streamId} already exists`, { context: { streamId } });
    }
    if (request.kind !== 'start' && head === undefined) throw new InstanceNotFoundError(streamId);
    if (head !== undefined && head.state.status !== 'active') return this.stepAfterEnd(head, request, duplicate);
    const definition =
      request.kind === 'start'
        ? request.definition
        : this.registry.pinned(head!.machine.id, head!.machine.version).definition;
    const event = request.kind === 'send' ? sentEvent(definition, request.event, streamId) : request.event;
    const skipped = this.checkDuplicate(request, head, duplicate);
    if (skipped !== undefined) return skipped;
    if (request.kind === 'cancel' && head !== undefined) return this.cancel(request, head, request.by);
    const decision = this.decideWith(definition, request, head, event);
    const { record, snapshot } = decision;
    const first = { record, head, origin: request.origin, definition, snapshot };
    const unit = this.storeOnly?.wants(record) === true ? await this.storeOnly.plan(first) : undefined;
    if (unit === undefined) {
      await this.commit(request, head, decision);
      this.remember(first);
      this.committed(record, head, request.origin);
    } else {
      this.checkSize(request, decision);
      await this.store.appendSteps!(
        unit.steps.map((s) => ({ record: s.record, expectedVersion: s.head?.version ?? 0 })),
      );
      for (const step of unit.steps) this.remember(step);
      for (const step of unit.steps) this.committed(step.record, step.head, step.origin, unit.settled);
    }
    return { applied: true, record };
  }

  /** A finished instance decides nothing more: its snapshot would only crowd out live ones. */
  private remember({ record, definition, snapshot }: UnitStep): void {
    if (record.state.status === 'active' && snapshot !== undefined)
      this.snapshots.set(record.streamId, { version: record.version, definition, snapshot });
    else this.snapshots.delete(record.streamId);
  }

  /** An event applied before, or a timer cancelled or already fired elsewhere, leaves the head as it is. */
  private checkDuplicate(
    request: StepRequest,
    head: StepRecord | undefined,
    duplicate: boolean,
  ): StepResult | undefined {
    if (head === undefined) return undefined;
    if (duplicate) return { applied: false, record: head };
    const { origin } = request;
    if (origin.kind === 'timer' && !head.pending.timers.some((t) => t.key === origin.timerKey))
      return { applied: false, record: head };
    return undefined;
  }

  /** Decide the step from the head, restoring nothing when this process holds the head's snapshot. */
  private decideWith(
    definition: MachineDefinition,
    request: StepRequest,
    head: StepRecord | undefined,
    event: MachineEvent,
  ): Decision {
    const { streamId, eventId, origin, links } = request;
    const cached = head === undefined ? undefined : this.snapshots.get(streamId);
    return decide(
      {
        definition,
        streamId,
        head,
        eventId,
        event,
        origin,
        at: this.clock.now(),
        links: stepLinks(links, head, streamId),
      },
      cached !== undefined && cached.version === head?.version && cached.definition === definition
        ? cached.snapshot
        : undefined,
    );
  }

  /** Write the record under the head's version; a record over the store's limit is refused before the write. */
  private commit(request: StepRequest, head: StepRecord | undefined, decision: Decision): Promise<void> {
    // Not async (nor is readForStep): the caller awaits the store's own promise, not one more wrapped around it.
    this.checkSize(request, decision);
    return this.store.append(decision.record, head?.version ?? 0);
  }

  /**
   * Records far below the limit (nearly all) skip the exact count, which is a whole JSON write: the bound was
   * worked out as the record was made, moments ago in this same synchronous stretch.
   */
  private checkSize(request: StepRequest, { record, bound }: Decision): void {
    if (bound === undefined || bound > this.store.maxRecordBytes) {
      const bytes = Buffer.byteLength(JSON.stringify(record));
      if (bytes > this.store.maxRecordBytes)
        throw new PayloadTooLargeError(request.streamId, bytes, this.store.maxRecordBytes);
    }
  }

  /** An operator's cancel: the instance ends where it stands. */
  private async cancel(request: StepRequest, head: StepRecord, by: OperatorActor): Promise<StepResult> {
    const { event, eventId, origin, links } = request;
    const at = this.clock.now();
    const record = cancelledStep({ head, eventId, event, by, at, links: stepLinks(links, head, head.streamId) });
    await this.store.append(record, head.version);
    this.committed(record, head, origin);
    return { applied: true, record };
  }

  /** See `afterEnd`: a finished instance only acknowledges outcomes of commands it left running. */
  private async stepAfterEnd(head: StepRecord, request: StepRequest, duplicate: boolean): Promise<StepResult> {
    const { event, eventId, origin, links } = request;
    // `afterEnd` throws INSTANCE_FINISHED for an external event; a duplicate of one applied before is still a no-op.
    if (duplicate || afterEnd(head, origin).kind === 'ignore' || origin.kind !== 'command')
      return { applied: false, record: head };
    const record = acknowledgeAfterEnd({
      head,
      eventId,
      event,
      origin,
      at: this.clock.now(),
      links: stepLinks(links, head, head.streamId),
    });
    await this.store.append(record, head.version);
    this.committed(record, head, origin);
    return { applied: true, record };
  }

  private readForStep(streamId: string, eventId: string, hint: StepReadHint): Promise<StepView> {
    if (this.store.readForStep !== undefined) return this.store.readForStep(streamId, eventId, hint);
    return Promise.all([this.store.readHead(streamId), this.store.findEvent(streamId, eventId)]).then(
      ([head, appliedAt]) => ({ head, appliedAt }),
    );
  }
}
