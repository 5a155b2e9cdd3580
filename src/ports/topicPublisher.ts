/** A message attribute as SNS carries it. */
export interface TopicMessageAttribute {
  readonly DataType: 'String' | 'Number';
  readonly StringValue: string;
}

/** One message to publish to a topic. */
export interface OutgoingTopicMessage {
  readonly message: string;
  readonly attributes?: Readonly<Record<string, TopicMessageAttribute>>;
  /** The publisher's idempotency key; a re-publish after a crash carries the same one (at-least-once). */
  readonly deduplicationKey?: string;
}

/** Publishes to named topics: the embedded topic on one machine, SNS `Publish` in AWS. */
export interface TopicPublisher {
  publish(topicName: string, message: OutgoingTopicMessage): Promise<{ readonly messageId: string }>;
}
