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
  /** Its place among the queue's sends; absent for a message kept before sends were numbered. */
  readonly sendOrder?: number;
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

  async keep(message: QueuedMessage, sendOrder: number): Promise<boolean> {
    const instanceId = this.instanceId(message.queue, message.messageId);
    const input: QueueMessageInput = {
      queue: message.queue,
      messageId: message.messageId,
      body: message.body,
      attributes: message.attributes,
      sentAt: message.sentAt,
      sendOrder,
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

  /**
   * Every message still on a queue in the order it was sent, with each consumer's receipt. The send order
   * decides, not the send time: a FIFO queue's messages sent within one millisecond stay in order.
   */
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
        const { sendOrder, ...sent } = input;
        kept.push({ message: { ...sent, attributes }, receipts, ...(sendOrder === undefined ? {} : { sendOrder }) });
      }
      cursor = page.cursor;
    } while (cursor !== undefined);
    return kept.sort(bySendOrder);
  }
}

/** Messages kept before sends were numbered come first (all were sent earlier), by time; then by number. */
function bySendOrder(a: KeptMessage, b: KeptMessage): number {
  const rank = (m: KeptMessage) => [m.sendOrder === undefined ? 0 : 1, m.sendOrder ?? 0, m.message.sentAt] as const;
  const [x, y] = [rank(a), rank(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}
