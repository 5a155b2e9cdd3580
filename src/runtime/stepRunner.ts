import type { AnyMachineSnapshot } from 'xstate';
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
import type { StoreOnlyCommands } from './storeOnlyCommands.js';
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
  /** A step's first attempt, as the queue runs it (made once: see `KeyedQueue.run`). */
  private readonly firstAttempt = (request: StepRequest): Promise<StepResult> => this.attempt(request, 1);

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
    return this.queue.run(request.streamId, this.firstAttempt, request);
  }

  /**
   * One attempt, and the next only after a conflict. Not async, nor is anything on the common step's way: a store
   * that reads synchronously (`readForStepNow`) has the step read, decided and handed to the store at once, and
   * what comes back is one reaction on the store's append, where an async function awaiting the read and the
   * append added a promise and several turns of the microtask queue to every step.
   */
  private attempt(request: StepRequest, attempt: number): Promise<StepResult> {
    const { streamId, eventId } = request;
    const skipEventLookup = request.origin.kind === 'timer' || (request.freshEventId === true && attempt === 1);
    // Only a start's first attempt may skip the head read: its retry reads what refused it.
    const hint = HINTS[request.kind === 'start' && attempt === 1 ? 1 : 0]![skipEventLookup ? 1 : 0]!;
    try {
      const view = this.store.readForStepNow?.(streamId, eventId, hint);
      if (view !== undefined) return this.stepFrom(request, attempt, view);
    } catch (error) {
      return rejectionOf(error);
    }
    // A reaction that hands back a promise costs two more turns: only stores that read asynchronously pay them.
    return this.readForStep(streamId, eventId, hint).then((view) => this.stepFrom(request, attempt, view));
  }

  private async afterFailure(request: StepRequest, attempt: number, error: unknown): Promise<StepResult> {
    if (!isConcurrencyConflict(error)) throw error;
    const { streamId } = request;
    // A start written without reading (see `StepReadHint.newStream`) is refused when the stream exists: that is
    // the read it skipped, not contention, so the retry reads at once and the refusal counts as no attempt.
    if (request.kind === 'start' && attempt === 1) return this.attempt(request, 2);
    if (attempt >= this.maxStepAttempts + (request.kind === 'start' ? 1 : 0)) {
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

  /** The step decided from what was read. Whatever its synchronous part throws is the step's rejection. */
  private stepFrom(request: StepRequest, attempt: number, { head, appliedAt }: StepView): Promise<StepResult> {
    const { streamId, eventId } = request;
    const duplicate = head !== undefined && (head.eventId === eventId || appliedAt !== undefined);
    if (request.kind === 'start' && head !== undefined) {
      // The same start delivered again is a duplicate; a different start of an existing id is an error.
      if (duplicate) return Promise.resolve({ applied: false, record: head });
      throw new StatebridgeError('INSTANCE_EXISTS', `instance ${streamId} already exists`, { context: { streamId } });
    }
    if (request.kind !== 'start' && head === undefined) throw new InstanceNotFoundError(streamId);
    if (head !== undefined && head.state.status !== 'active')
      return this.retried(this.stepAfterEnd(head, request, duplicate), request, attempt);
    const definition =
      request.kind === 'start'
        ? request.definition
        : this.registry.pinned(head!.machine.id, head!.machine.version).definition;
    const event = request.kind === 'send' ? sentEvent(definition, request.event, streamId) : request.event;
    const skipped = this.checkDuplicate(request, head, duplicate);
    if (skipped !== undefined) return Promise.resolve(skipped);
    if (request.kind === 'cancel' && head !== undefined)
      return this.retried(this.cancel(request, head, request.by), request, attempt);
    const decision = this.decideWith(definition, request, head, event);
    if (this.storeOnly?.wants(decision.record) === true)
      return this.retried(this.commitUnit(request, head, definition, decision), request, attempt);
    this.checkSize(request, decision);
    return this.appended(decision.record, head?.version ?? 0).then(
      () => this.written(request, head, definition, decision),
      (error: unknown) => this.afterFailure(request, attempt, error),
    );
  }

  /** A step written on its own: its snapshot kept for the next step, and the runtime told. */
  private written(
    request: StepRequest,
    head: StepRecord | undefined,
    definition: MachineDefinition,
    { record, snapshot }: Decision,
  ): StepResult {
    this.remember(record, definition, snapshot);
    this.committed(record, head, request.origin);
    return { applied: true, record };
  }

  /** The store's append, a synchronous throw (a conflict too) taken as its rejection, as an async caller did. */
  private appended(record: StepRecord, expectedVersion: number): Promise<void> {
    try {
      return this.store.append(record, expectedVersion);
    } catch (error) {
      return rejectionOf(error);
    }
  }

  /** A step's write that may conflict, taken again after a conflict (see `afterFailure`). */
  private retried(step: Promise<StepResult>, request: StepRequest, attempt: number): Promise<StepResult> {
    return step.catch((error: unknown) => this.afterFailure(request, attempt, error));
  }

  /** A step whose store-only commands are carried out within it: the steps they lead to are written with it. */
  private async commitUnit(
    request: StepRequest,
    head: StepRecord | undefined,
    definition: MachineDefinition,
    decision: Decision,
  ): Promise<StepResult> {
    const { record, snapshot } = decision;
    const unit = await this.storeOnly!.plan({ record, head, origin: request.origin, definition, snapshot });
    if (unit === undefined) {
      this.checkSize(request, decision);
      await this.store.append(record, head?.version ?? 0);
      return this.written(request, head, definition, decision);
    }
    let written = false;
    try {
      this.checkSize(request, decision);
      await this.store.appendSteps!(
        unit.steps.map((s) => ({ record: s.record, expectedVersion: s.head?.version ?? 0 })),
      );
      written = true;
    } finally {
      // What the unit's executors made late goes ahead (a turn later) or is dropped, whatever happens next here.
      unit.committed(written);
    }
    for (const step of unit.steps) this.remember(step.record, step.definition, step.snapshot);
    for (const step of unit.steps) this.committed(step.record, step.head, step.origin, unit.settled);
    return { applied: true, record };
  }

  /** A finished instance decides nothing more: its snapshot would only crowd out live ones. */
  private remember(record: StepRecord, definition: MachineDefinition, snapshot: AnyMachineSnapshot | undefined): void {
    if (record.state.status === 'active' && snapshot !== undefined)
      this.snapshots.set(record.streamId, record.version, definition, snapshot);
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

  /**
   * Without the store's own `readForStep`, the event id is looked up once the head is read, never beside it: a
   * lookup answered before another writer applied the event, paired with a head read after that writer's next
   * step, would call the event new, and the append after that head would apply it a second time. A stream with
   * no head has applied nothing (one made since makes the append of version 1 fail).
   */
  private async readForStep(streamId: string, eventId: string, hint: StepReadHint): Promise<StepView> {
    if (this.store.readForStep !== undefined) return this.store.readForStep(streamId, eventId, hint);
    const head = await this.store.readHead(streamId);
    const lookup = head !== undefined && hint.skipEventLookup !== true;
    return { head, appliedAt: lookup ? await this.store.findEvent(streamId, eventId) : undefined };
  }
}

/** A synchronous throw as the rejection an async function would have returned. */
export const rejectionOf = (error: unknown): Promise<never> =>
  Promise.reject(error instanceof Error ? error : new Error(String(error)));

/** The read hints a step gives, made once: [a start?][event-id look-up skipped?]. */
const HINTS: readonly (readonly StepReadHint[])[] = [false, true].map((newStream) =>
  [false, true].map((skipEventLookup) => Object.freeze({ newStream, skipEventLookup })),
);
