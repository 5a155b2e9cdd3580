import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../../ports/clock.js';
import type { OutgoingQueueMessage, QueueMessageAttribute, QueueSender } from '../../ports/queueSender.js';

/** A message as it sits in an embedded queue. */
export interface QueuedMessage {
  readonly messageId: string;
  readonly queue: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, QueueMessageAttribute>>;
  readonly deduplicationKey?: string;
  readonly sentAt: number;
}

/** Where a queue keeps its messages beyond this process (the App runner keeps them in the log). */
export interface QueueJournal {
  /**
   * Keep a message before anyone hears of it; false when one with its id is kept already. `sendOrder`
   * counts the queue's sends (on from the restored ones): two sent in one millisecond keep their order.
   */
  keep(message: QueuedMessage, sendOrder: number): Promise<boolean>;
}

/**
 * Named queues in this process. Without a journal messages live in memory: the durable trace of a send
 * is the outcome event of the command that sent it, which the runtime writes to the log. Sends are
 * at-least-once, so a command re-run after a crash may enqueue a message twice (as with SQS standard
 * queues). With a journal (`keepIn`) each message is kept before `send` answers, under a GUID; a send
 * with a deduplication key gets the same GUID each time, so a repeated send is kept once.
 * @example
 * const queue = new EmbeddedQueue({ clock });
 * await queue.send('failed-resizes', { body: '{}' });
 * queue.messages('failed-resizes');
 */
export class EmbeddedQueue implements QueueSender {
  private readonly queues = new Map<string, QueuedMessage[]>();
  private readonly listeners = new Set<(message: QueuedMessage) => void>();
  private sequence = 0;
  private journal: QueueJournal | undefined;

  constructor(private readonly options: { clock: Clock }) {}

  /** Keep every message sent from now on in `journal` before announcing it. */
  keepIn(journal: QueueJournal): void {
    this.journal = journal;
  }

  async send(queueName: string, message: OutgoingQueueMessage): Promise<{ messageId: string }> {
    const sendOrder = ++this.sequence;
    const queued: QueuedMessage = {
      messageId: this.messageIdOf(queueName, message.deduplicationKey),
      queue: queueName,
      body: message.body,
      attributes: message.attributes ?? {},
      ...(message.deduplicationKey === undefined ? {} : { deduplicationKey: message.deduplicationKey }),
      sentAt: this.options.clock.now(),
    };
    const kept = this.journal === undefined || (await this.journal.keep(queued, sendOrder));
    if (!kept) return { messageId: queued.messageId };
    const list = this.queues.get(queueName) ?? [];
    list.push(queued);
    this.queues.set(queueName, list);
    for (const listener of this.listeners) listener(queued);
    return { messageId: queued.messageId };
  }

  /**
   * Put back a message kept before a restart; nobody is told (its consumers restore their own receipts).
   * Sends from now on are ordered after it, so a later restart restores them after it too.
   */
  restore(message: QueuedMessage, sendOrder = 0): void {
    this.sequence = Math.max(this.sequence, sendOrder);
    const list = this.queues.get(message.queue) ?? [];
    list.push(message);
    this.queues.set(message.queue, list);
  }

  /** Messages waiting in a queue, oldest first. */
  messages(queueName: string): readonly QueuedMessage[] {
    return [...(this.queues.get(queueName) ?? [])];
  }

  /** Take up to `max` messages off a queue (not journaled: a kept message taken this way is back after a restart). */
  receive(queueName: string, max = 10): readonly QueuedMessage[] {
    const list = this.queues.get(queueName) ?? [];
    return list.splice(0, max);
  }

  /** Watch every message sent (tests, the demo). Returns an unsubscribe function. */
  onMessage(listener: (message: QueuedMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** In memory a counter; kept in a journal a GUID, the same for the same deduplication key. */
  private messageIdOf(queueName: string, deduplicationKey: string | undefined): string {
    if (this.journal === undefined) return `${queueName}-${this.sequence}`;
    if (deduplicationKey === undefined) return randomUUID();
    const hex = createHash('sha256').update(`${queueName}\n${deduplicationKey}`).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  }
}
