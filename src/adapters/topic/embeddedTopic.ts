import type { Clock } from '../../ports/clock.js';
import type { OutgoingTopicMessage, TopicMessageAttribute, TopicPublisher } from '../../ports/topicPublisher.js';

/** A message as an embedded topic hands it to subscribers. */
export interface PublishedMessage {
  readonly messageId: string;
  readonly topic: string;
  readonly message: string;
  readonly attributes: Readonly<Record<string, TopicMessageAttribute>>;
  readonly deduplicationKey?: string;
  readonly publishedAt: number;
}

/**
 * Named topics in this process with fan-out to subscribers. Like the embedded queue it keeps messages
 * in memory; the log holds the outcome event of each publishing command. A subscriber that throws
 * fails the publish, so the publishing command is retried (at-least-once).
 * @example
 * const topic = new EmbeddedTopic({ clock });
 * topic.subscribe('alerts', (m) => console.log(m.message));
 * await topic.publish('alerts', { message: 'hello' });
 */
export class EmbeddedTopic implements TopicPublisher {
  private readonly subscribers = new Map<string, Set<(message: PublishedMessage) => void | Promise<void>>>();
  private readonly published: PublishedMessage[] = [];
  private sequence = 0;

  constructor(private readonly options: { clock: Clock }) {}

  subscribe(topicName: string, subscriber: (message: PublishedMessage) => void | Promise<void>): () => void {
    const set = this.subscribers.get(topicName) ?? new Set();
    set.add(subscriber);
    this.subscribers.set(topicName, set);
    return () => set.delete(subscriber);
  }

  async publish(topicName: string, message: OutgoingTopicMessage): Promise<{ messageId: string }> {
    this.sequence += 1;
    const published: PublishedMessage = {
      messageId: `${topicName}-${this.sequence}`,
      topic: topicName,
      message: message.message,
      attributes: message.attributes ?? {},
      ...(message.deduplicationKey === undefined ? {} : { deduplicationKey: message.deduplicationKey }),
      publishedAt: this.options.clock.now(),
    };
    this.published.push(published);
    for (const subscriber of this.subscribers.get(topicName) ?? []) await subscriber(published);
    return { messageId: published.messageId };
  }

  /** Every message published to a topic so far, oldest first. */
  messages(topicName: string): readonly PublishedMessage[] {
    return this.published.filter((m) => m.topic === topicName);
  }
}
