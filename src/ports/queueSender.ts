/** A message attribute as SQS carries it. */
export interface QueueMessageAttribute {
  readonly DataType: 'String' | 'Number';
  readonly StringValue: string;
}

/** One message to send to a queue. */
export interface OutgoingQueueMessage {
  readonly body: string;
  readonly attributes?: Readonly<Record<string, QueueMessageAttribute>>;
  /** The sender's idempotency key; a re-send after a crash carries the same one (at-least-once). */
  readonly deduplicationKey?: string;
}

/** Sends messages to named queues: the embedded queue on one machine, SQS `SendMessage` in AWS. */
export interface QueueSender {
  send(queueName: string, message: OutgoingQueueMessage): Promise<{ readonly messageId: string }>;
}
