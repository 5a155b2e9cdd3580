import { randomUUID } from 'node:crypto';
import type { EmbeddedQueue } from '../../adapters/queue/embeddedQueue.js';
import type { Json, StepRecord } from '../../core/stepRecord.js';
import type { Clock, TimerSource } from '../../ports/clock.js';
import type { FunctionsApp } from '../../app/functions/functionsApp.js';
import type { Registration } from '../../app/chalice/app.js';
import { sqsRecordOf } from '../../app/chalice/recordEvents.js';
import type { EventScope } from '../../app/chalice/serviceEvents.js';
import { guidOf } from './scheduleExecutors.js';
import { invoke } from './invoke.js';

interface HeldMessage {
  readonly messageId: string;
  readonly body: string;
  readonly sentAt: number;
  receiveCount: number;
  visibleAt: number;
  inFlight: boolean;
}

type SqsSpec = Extract<Registration['source'], { kind: 'sqs' }>;

/**
 * An event source mapping from an embedded queue to one function, with SQS's rules: batches of up to
 * `batchSize`, gathered for up to the batching window; a received batch is invisible for the visibility
 * timeout; a failed invocation leaves the whole batch to reappear, a `batchItemFailures` answer only
 * the messages it names; a message received `maxReceiveCount` times and failed again moves to the
 * redrive queue. A FIFO queue has one batch in flight at a time, so its messages go in order.
 * It is a timer source: a virtual clock drives its windows and timeouts, the wall clock a poll.
 */
export class SqsMapping implements TimerSource {
  private readonly held: HeldMessage[] = [];
  private readonly batches = new Map<string, HeldMessage[]>();
  private sequence = 0;

  constructor(
    private readonly registration: Registration & { source: SqsSpec },
    private readonly deps: { functions: FunctionsApp; queue: EmbeddedQueue; clock: Clock; scope: EventScope },
  ) {}

  /** Take a message sent to the queue; it gets a message id in SQS's form (a GUID). */
  accept(message: { body: string; sentAt: number }): void {
    const held = { messageId: randomUUID(), body: message.body, sentAt: message.sentAt };
    this.held.push({ ...held, receiveCount: 0, visibleAt: message.sentAt, inFlight: false });
  }

  /** The messages still on the queue (visible or in flight). */
  get depth(): number {
    return this.held.length;
  }

  async nextDueAt(): Promise<number | undefined> {
    const waiting = this.visible(Number.POSITIVE_INFINITY);
    if (waiting.length === 0 || this.fifoBusy()) return undefined;
    if (waiting.length >= this.spec.batchSize) return Math.min(...waiting.map((m) => m.visibleAt));
    return Math.min(...waiting.map((m) => m.visibleAt)) + this.spec.maximumBatchingWindowInSeconds * 1000;
  }

  async fireDue(now: number): Promise<void> {
    for (;;) {
      const due = await this.nextDueAt();
      if (due === undefined || due > now) return;
      await this.deliver(this.visible(now).slice(0, this.spec.batchSize), now);
    }
  }

  /** Settle the batch an invocation carried, from the step that decided its attempt. */
  observe(record: StepRecord): void {
    const batch = this.batches.get(record.streamId);
    if (batch === undefined) return;
    const event = record.event as { type: string; response?: Json };
    if (event.type === 'attempt.succeeded') this.settle(record.streamId, batch, failedIds(event.response));
    else if (event.type === 'attempt.failed' || event.type === 'attempt.expired')
      this.settle(record.streamId, batch, new Set(batch.map((m) => m.messageId)));
  }

  private get spec(): SqsSpec {
    return this.registration.source;
  }

  private visible(now: number): HeldMessage[] {
    return this.held.filter((m) => !m.inFlight && m.visibleAt <= now);
  }

  private fifoBusy(): boolean {
    return this.spec.queue.endsWith('.fifo') && this.batches.size > 0;
  }

  private async deliver(batch: HeldMessage[], now: number): Promise<void> {
    this.sequence += 1;
    const requestId = guidOf(`sqs:${this.spec.queue}:${this.registration.name}:${now}:${this.sequence}`);
    for (const message of batch) {
      message.receiveCount += 1;
      message.inFlight = true;
      message.visibleAt = now + this.spec.visibilityTimeoutSeconds * 1000;
    }
    this.batches.set(requestId, batch);
    const records = batch.map((m) =>
      sqsRecordOf(
        {
          queue: this.spec.queue,
          body: m.body,
          messageId: m.messageId,
          receiveCount: m.receiveCount,
          sentAt: m.sentAt,
          at: now,
        },
        this.deps.scope,
      ),
    );
    await invoke(
      this.deps.functions,
      this.registration,
      { Records: records },
      {
        requestId,
        trigger: { kind: 'eventSource', source: `sqs:${this.spec.queue}`, rule: `batch of ${batch.length}` },
      },
    );
  }

  private settle(requestId: string, batch: readonly HeldMessage[], failed: ReadonlySet<string>): void {
    this.batches.delete(requestId);
    const redrive = this.spec.redrive;
    for (const message of batch) {
      message.inFlight = false;
      const gone =
        !failed.has(message.messageId) || (redrive !== undefined && message.receiveCount >= redrive.maxReceiveCount);
      if (!gone) continue;
      this.held.splice(this.held.indexOf(message), 1);
      if (failed.has(message.messageId) && redrive !== undefined)
        void this.deps.queue.send(redrive.deadLetterQueue, { body: message.body, deduplicationKey: message.messageId });
    }
  }
}

/** The message ids a handler reported in `batchItemFailures`; an answer that is not that shape fails none. */
function failedIds(response: Json | undefined): Set<string> {
  const failures = (response as { batchItemFailures?: unknown } | null | undefined)?.batchItemFailures;
  if (!Array.isArray(failures)) return new Set();
  return new Set(
    failures
      .map((f) => (f as { itemIdentifier?: unknown } | null)?.itemIdentifier)
      .filter((id): id is string => typeof id === 'string'),
  );
}
