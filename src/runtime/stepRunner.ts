import {
  InstanceNotFoundError,
  isConcurrencyConflict,
  PayloadTooLargeError,
  StatebridgeError,
} from '../core/errors.js';
import { acknowledgeAfterEnd, afterEnd } from '../core/finishedStep.js';
import type { MachineDefinition } from '../core/machineDefinition.js';
import { decide } from '../core/step.js';
import type { EventOrigin, MachineEvent, StepLinks, StepRecord } from '../core/stepRecord.js';
import type { Clock } from '../ports/clock.js';
import type { EventStore, StepReadHint, StepView } from '../ports/eventStore.js';
import { KeyedQueue } from './keyedQueue.js';
import type { MachineRegistry } from './registry.js';
import { SnapshotCache } from './snapshotCache.js';
import { sleep, stepLinks } from './stepInputs.js';

/** The outcome of `start` or `send`. `applied` is false when the event id had been applied before. */
export interface StepResult {
  readonly applied: boolean;
  readonly record: StepRecord;
}

/** How a step is prepared: the definition to start with, or a validation of the event against the pinned definition. */
export interface StepHow {
  readonly startWith?: MachineDefinition;
  readonly validate?: (definition: MachineDefinition) => MachineEvent;
}

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
    /** Told of every committed step, with the head it was decided from and where its event came from. */
    private readonly committed: (record: StepRecord, head: StepRecord | undefined, origin: EventOrigin) => void,
  ) {}

  step(
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
    const { head, appliedAt } = await this.readForStep(streamId, eventId, {
      newStream: startWith !== undefined,
      skipEventLookup: origin.kind === 'timer',
    });
    const duplicate = head !== undefined && (head.eventId === eventId || appliedAt !== undefined);
    if (startWith !== undefined && head !== undefined) {
      // The same start delivered again is a duplicate; a different start of an existing id is an error.
      if (duplicate) return { applied: false, record: head };
      throw new StatebridgeError('INSTANCE_EXISTS', `instance ${streamId} already exists`, { context: { streamId } });
    }
    if (startWith === undefined && head === undefined) throw new InstanceNotFoundError(streamId);
    if (head !== undefined && head.state.status !== 'active')
      return this.stepAfterEnd(head, event, eventId, origin, links, duplicate);
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
      cached !== undefined && cached.version === head?.version && cached.definition === definition
        ? cached.snapshot
        : undefined,
    );
    const json = JSON.stringify(record);
    // A UTF-16 code unit is at most 3 UTF-8 bytes, so short records skip the exact count.
    if (json.length * 3 > this.store.maxRecordBytes) {
      const bytes = Buffer.byteLength(json);
      if (bytes > this.store.maxRecordBytes) throw new PayloadTooLargeError(streamId, bytes, this.store.maxRecordBytes);
    }
    await this.store.append(record, head?.version ?? 0, json);
    this.snapshots.set(streamId, { version: record.version, definition, snapshot });
    this.committed(record, head, origin);
    return { applied: true, record };
  }

  /** See `afterEnd`: a finished instance only acknowledges outcomes of commands it left running. */
  private async stepAfterEnd(
    head: StepRecord,
    event: MachineEvent,
    eventId: string,
    origin: EventOrigin,
    links: Partial<StepLinks>,
    duplicate: boolean,
  ): Promise<StepResult> {
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

  private async readForStep(streamId: string, eventId: string, hint: StepReadHint): Promise<StepView> {
    if (this.store.readForStep !== undefined) return this.store.readForStep(streamId, eventId, hint);
    const [head, appliedAt] = await Promise.all([
      this.store.readHead(streamId),
      this.store.findEvent(streamId, eventId),
    ]);
    return { head, appliedAt };
  }
}
