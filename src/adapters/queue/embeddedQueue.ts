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

/**
 * Named queues in this process. Messages live in memory: the durable trace of a send is the outcome
 * event of the command that sent it, which the runtime writes to the log. Sends are at-least-once, so
 * a command re-run after a crash may enqueue a message twice (as with SQS standard queues).
 * @example
 * const queue = new EmbeddedQueue({ clock });
 * await queue.send('failed-resizes', { body: '{}' });
 * queue.messages('failed-resizes');
 */
export class EmbeddedQueue implements QueueSender {
  private readonly queues = new Map<string, QueuedMessage[]>();
  private readonly listeners = new Set<(message: QueuedMessage) => void>();
  private sequence = 0;

  constructor(private readonly options: { clock: Clock }) {}

  async send(queueName: string, message: OutgoingQueueMessage): Promise<{ messageId: string }> {
    this.sequence += 1;
    const queued: QueuedMessage = {
      messageId: `${queueName}-${this.sequence}`,
      queue: queueName,
      body: message.body,
      attributes: message.attributes ?? {},
      ...(message.deduplicationKey === undefined ? {} : { deduplicationKey: message.deduplicationKey }),
      sentAt: this.options.clock.now(),
    };
    const list = this.queues.get(queueName) ?? [];
    list.push(queued);
    this.queues.set(queueName, list);
    for (const listener of this.listeners) listener(queued);
    return { messageId: queued.messageId };
  }

  /** Messages waiting in a queue, oldest first. */
  messages(queueName: string): readonly QueuedMessage[] {
    return [...(this.queues.get(queueName) ?? [])];
  }

  /** Take up to `max` messages off a queue. */
  receive(queueName: string, max = 10): readonly QueuedMessage[] {
    const list = this.queues.get(queueName) ?? [];
    return list.splice(0, max);
  }

  /** Watch every message sent (tests, the demo). Returns an unsubscribe function. */
  onMessage(listener: (message: QueuedMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
