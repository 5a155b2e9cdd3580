import type { QueueJournal, QueuedMessage } from '../../adapters/queue/embeddedQueue.js';
import { isStatebridgeError } from '../../core/errors.js';
import type { QueueMessageAttribute } from '../../ports/queueSender.js';
import type { Runtime } from '../../runtime/runtime.js';
import {
  QUEUE_MESSAGE_MACHINE_ID,
  queueMessageDefinition,
} from '../../../machines/queueMessage/queueMessage.definition.js';
import type {
  QueueMessageContext,
  QueueMessageInput,
  Receipt,
} from '../../../machines/queueMessage/queueMessage.machine.js';

/** How a batch left one of its messages. */
export type MessageOutcome =
  | { readonly kind: 'deleted' }
  | { readonly kind: 'returned' }
  | { readonly kind: 'redriven'; readonly deadLetterQueue: string };

/** A message read back from the log after a restart, with each consumer's receipt. */
export interface KeptMessage {
  readonly message: QueuedMessage;
  readonly receipts: Readonly<Record<string, Receipt>>;
}

/** What an SQS mapping records of its receives and batch outcomes. */
export interface ReceiptJournal {
  received(queue: string, messageIds: readonly string[], batch: BatchReceipt, visibleAt: number): Promise<void>;
  settled(queue: string, messageId: string, batch: BatchReceipt, outcome: MessageOutcome): Promise<void>;
}

/** The consumer and batch a receive or an outcome belongs to. */
export interface BatchReceipt {
  readonly consumer: string;
  readonly requestId: string;
}

/**
 * Embedded queue messages kept in the log: one `queueMessage` instance per message, started when it is
 * sent, a step per receive and per batch outcome, so `start --app` on SQLite loses no message in a crash.
 * A receive is committed before its batch is invoked, so a batch in flight at a crash has counted its
 * receive and shows again once its visibility timeout has passed. The instance id is stable per message
 * id, so a repeated send (same deduplication key, same id) is kept once.
 */
export class LoggedQueue implements QueueJournal, ReceiptJournal {
  constructor(
    private readonly runtime: Runtime,
    /** The functions mapped to a queue: each receives the message and must be done with it. */
    private readonly consumersOf: (queue: string) => readonly string[],
  ) {
    runtime.register(queueMessageDefinition);
  }

  /** The instance that holds one message. */
  instanceId(queue: string, messageId: string): string {
    return `sqs:${queue}:${messageId}`;
  }

  async keep(message: QueuedMessage): Promise<boolean> {
    const instanceId = this.instanceId(message.queue, message.messageId);
    const input: QueueMessageInput = {
      queue: message.queue,
      messageId: message.messageId,
      body: message.body,
      attributes: message.attributes,
      sentAt: message.sentAt,
      consumers: this.consumersOf(message.queue),
    };
    try {
      await this.runtime.start(QUEUE_MESSAGE_MACHINE_ID, instanceId, input, { eventId: `sent:${instanceId}` });
      return true;
    } catch (error) {
      if (isStatebridgeError(error, 'INSTANCE_EXISTS')) return false;
      throw error;
    }
  }

  async received(queue: string, messageIds: readonly string[], batch: BatchReceipt, visibleAt: number): Promise<void> {
    const { consumer, requestId } = batch;
    await Promise.all(
      messageIds.map((messageId) =>
        this.runtime.send(
          this.instanceId(queue, messageId),
          { type: 'message.received', consumer, requestId, visibleAt },
          { eventId: `received:${consumer}:${requestId}`, correlationId: requestId },
        ),
      ),
    );
  }

  async settled(queue: string, messageId: string, batch: BatchReceipt, outcome: MessageOutcome): Promise<void> {
    const { consumer, requestId } = batch;
    const event =
      outcome.kind === 'redriven'
        ? { type: 'message.redriven', consumer, requestId, deadLetterQueue: outcome.deadLetterQueue }
        : { type: `message.${outcome.kind}`, consumer, requestId };
    await this.runtime.send(this.instanceId(queue, messageId), event, {
      eventId: `settled:${consumer}:${requestId}`,
      correlationId: requestId,
    });
  }

  /** Every message still on a queue, oldest first, with each consumer's receipt. */
  async kept(): Promise<KeptMessage[]> {
    const kept: KeptMessage[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.runtime.store.listInstances({
        machineId: QUEUE_MESSAGE_MACHINE_ID,
        status: 'active',
        limit: 500,
        ...(cursor === undefined ? {} : { cursor }),
      });
      for (const summary of page.items) {
        const head = await this.runtime.store.readHead(summary.instanceId);
        if (head === undefined || head.state.status !== 'active') continue;
        const { input, receipts } = head.state.context as unknown as QueueMessageContext;
        const attributes = input.attributes as Readonly<Record<string, QueueMessageAttribute>>;
        kept.push({ message: { ...input, attributes }, receipts });
      }
      cursor = page.cursor;
    } while (cursor !== undefined);
    return kept.sort((a, b) => a.message.sentAt - b.message.sentAt);
  }
}
