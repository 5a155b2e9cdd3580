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
import type { KeptMessage, MessageOutcome, ReceiptJournal } from './queueJournal.js';

interface HeldMessage {
  readonly messageId: string;
  readonly body: string;
  readonly sentAt: number;
  receiveCount: number;
  visibleAt: number;
  inFlight: boolean;
}

type SqsSpec = Extract<Registration['source'], { kind: 'sqs' }>;

/** What an SQS mapping works with; with a journal its receives and batch outcomes are kept in the log. */
export interface SqsMappingDeps {
  readonly functions: FunctionsApp;
  readonly queue: EmbeddedQueue;
  readonly clock: Clock;
  readonly scope: EventScope;
  readonly journal?: ReceiptJournal;
}

/**
 * An event source mapping from an embedded queue to one function, with SQS's rules: batches of up to
 * `batchSize`, gathered for up to the batching window; a received batch is invisible for the visibility
 * timeout; a failed invocation leaves the whole batch to reappear, a `batchItemFailures` answer only
 * the messages it names; a message received `maxReceiveCount` times and failed again moves to the
 * redrive queue. A FIFO queue has one batch in flight at a time, so its messages go in order.
 * It is a timer source: a virtual clock drives its windows and timeouts, the wall clock a poll.
 * With a journal, a receive is kept before its batch is invoked and each outcome after it is decided;
 * after a restart the messages come back with their receive counts and show when their visibility
 * timeout has passed (an outcome that arrives for a batch from before the restart is not acted on).
 */
export class SqsMapping implements TimerSource {
  private readonly held: HeldMessage[] = [];
  private readonly batches = new Map<string, HeldMessage[]>();
  private sequence = 0;
  /** Journal writes of batch outcomes, in the order they were decided. */
  private writes: Promise<void> = Promise.resolve();
  private writeError: Error | undefined;

  constructor(
    private readonly registration: Registration & { source: SqsSpec },
    private readonly deps: SqsMappingDeps,
  ) {}

  /** Take a message sent to the queue; it gets a message id in SQS's form (a GUID; a kept message has one). */
  accept(message: { messageId: string; body: string; sentAt: number }): void {
    const messageId = this.deps.journal === undefined ? randomUUID() : message.messageId;
    const held = { messageId, body: message.body, sentAt: message.sentAt };
    this.held.push({ ...held, receiveCount: 0, visibleAt: message.sentAt, inFlight: false });
  }

  /** Take back a message kept before a restart, with its receive count; visible once its timeout has passed. */
  restore({ message, receipts }: KeptMessage): void {
    const receipt = receipts[this.registration.name];
    if (receipt?.done !== undefined) return;
    this.held.push({
      messageId: message.messageId,
      body: message.body,
      sentAt: message.sentAt,
      receiveCount: receipt?.receiveCount ?? 0,
      visibleAt: receipt?.visibleAt ?? message.sentAt,
      inFlight: false,
    });
  }

  /** Resolves once every batch outcome decided so far is in the journal. */
  async flushed(): Promise<void> {
    await this.writes;
  }

  /** The function this mapping delivers to: the consumer its receipts are kept under. */
  get consumer(): string {
    return this.registration.name;
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
    if (this.writeError !== undefined) {
      const error = this.writeError;
      this.writeError = undefined;
      throw error;
    }
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
    const visibleAt = now + this.spec.visibilityTimeoutSeconds * 1000;
    for (const message of batch) {
      message.receiveCount += 1;
      message.inFlight = true;
      message.visibleAt = visibleAt;
    }
    this.batches.set(requestId, batch);
    // Kept before the invocation starts: a crash from here on finds the receive counted.
    const ids = batch.map((m) => m.messageId);
    const receipt = { consumer: this.registration.name, requestId };
    try {
      await this.deps.journal?.received(this.spec.queue, ids, receipt, visibleAt);
    } catch (error) {
      // Not invoked: the batch is back on the queue as it was (a receive the log did keep counts once more).
      this.batches.delete(requestId);
      for (const message of batch)
        Object.assign(message, { receiveCount: message.receiveCount - 1, inFlight: false, visibleAt: now });
      throw error;
    }
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
    const outcomes: [HeldMessage, MessageOutcome][] = [];
    for (const message of batch) {
      message.inFlight = false;
      const redriven =
        failed.has(message.messageId) && redrive !== undefined && message.receiveCount >= redrive.maxReceiveCount;
      if (failed.has(message.messageId) && !redriven) {
        outcomes.push([message, { kind: 'returned' }]);
        continue;
      }
      this.held.splice(this.held.indexOf(message), 1);
      if (!redriven) outcomes.push([message, { kind: 'deleted' }]);
      else if (this.deps.journal === undefined)
        void this.deps.queue.send(redrive.deadLetterQueue, { body: message.body, deduplicationKey: message.messageId });
      else outcomes.push([message, { kind: 'redriven', deadLetterQueue: redrive.deadLetterQueue }]);
    }
    if (this.deps.journal !== undefined) this.keepOutcomes(this.deps.journal, requestId, outcomes);
  }

  /**
   * Keep a batch's outcomes after those decided before it. A redriven message is sent on first and
   * marked after, so a crash between the two sends it again under the same id, which is kept once.
   */
  private keepOutcomes(journal: ReceiptJournal, requestId: string, outcomes: [HeldMessage, MessageOutcome][]): void {
    const batch = { consumer: this.registration.name, requestId };
    this.writes = this.writes.then(async () => {
      try {
        // One message's writes in order, the batch's messages together (the store commits them as a group).
        await Promise.all(
          outcomes.map(async ([message, outcome]) => {
            if (outcome.kind === 'redriven')
              await this.deps.queue.send(outcome.deadLetterQueue, {
                body: message.body,
                deduplicationKey: message.messageId,
              });
            await journal.settled(this.spec.queue, message.messageId, batch, outcome);
          }),
        );
      } catch (error) {
        // Reported by the next timer pass; the messages stay received in the log and show again after their timeout.
        this.writeError ??= error instanceof Error ? error : new Error(String(error));
      }
    });
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
