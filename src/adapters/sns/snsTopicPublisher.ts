import { PublishCommand, type PublishInput, type SNSClient } from '@aws-sdk/client-sns';
import { ValidationError } from '../../core/errors.js';
import type { OutgoingTopicMessage, TopicPublisher } from '../../ports/topicPublisher.js';
import { fifoIdsFor } from '../sqs/fifoMessageIds.js';
import { isTopicMissing, topicPublishFailed } from './snsErrors.js';
import { TopicArnResolver } from './topicArns.js';

/** SNS's limit on message attributes per message. */
export const SNS_MAX_MESSAGE_ATTRIBUTES = 10;

/** Options of an `SnsTopicPublisher`. */
export interface SnsTopicPublisherOptions {
  readonly client: SNSClient;
  /** Topic ARNs known in advance, by name. */
  readonly topicArns?: Readonly<Record<string, string>>;
  /** The account owning the topics: ARNs are then built from name and region, with no `ListTopics`. */
  readonly accountId?: string;
  /** FIFO topics: the message group (default: the publishing instance's stream id, from the idempotency key). */
  readonly messageGroupId?: (topic: string, message: OutgoingTopicMessage) => string;
}

/**
 * The `TopicPublisher` port over SNS `Publish`. A topic is named by ARN, or by name (resolved once and
 * cached; see `TopicArnResolver`). Message attributes go out as given. A topic whose ARN ends in
 * `.fifo` gets a group id and a deduplication id derived from the publisher's idempotency key.
 * @example
 * import { SNSClient } from '@aws-sdk/client-sns';
 * const topic = new SnsTopicPublisher({ client: new SNSClient({}), accountId: '111122223333' });
 * await topic.publish('resize-results', { message: '{"ok":true}' });
 */
export class SnsTopicPublisher implements TopicPublisher {
  private readonly resolver: TopicArnResolver;

  constructor(private readonly options: SnsTopicPublisherOptions) {
    this.resolver = new TopicArnResolver(options.client, options);
  }

  /** Publish one message; throws a StatebridgeError (with the SDK error as cause) when SNS refuses it. */
  async publish(topicName: string, message: OutgoingTopicMessage): Promise<{ messageId: string }> {
    const attributes = Object.entries(message.attributes ?? {});
    if (attributes.length > SNS_MAX_MESSAGE_ATTRIBUTES) {
      throw new ValidationError(`message to topic ${topicName}`, [
        {
          path: 'attributes',
          rule: `at most ${SNS_MAX_MESSAGE_ATTRIBUTES} message attributes, got ${attributes.length}`,
        },
      ]);
    }
    const topicArn = await this.resolver.arnFor(topicName);
    const input: PublishInput = {
      TopicArn: topicArn,
      Message: message.message,
      ...(attributes.length === 0
        ? {}
        : {
            MessageAttributes: Object.fromEntries(
              attributes.map(([name, a]) => [name, { DataType: a.DataType, StringValue: a.StringValue }]),
            ),
          }),
      ...(topicArn.endsWith('.fifo') ? this.fifoIds(topicName, message) : {}),
    };
    try {
      const published = await this.options.client.send(new PublishCommand(input));
      return { messageId: published.MessageId ?? '' };
    } catch (error) {
      if (isTopicMissing(error)) this.resolver.forget(topicName);
      throw topicPublishFailed('Publish', topicName, error);
    }
  }

  private fifoIds(
    topicName: string,
    message: OutgoingTopicMessage,
  ): Pick<PublishInput, 'MessageGroupId' | 'MessageDeduplicationId'> {
    const ids = fifoIdsFor(message.deduplicationKey, topicName.split(':').at(-1) ?? topicName);
    const group = this.options.messageGroupId?.(topicName, message);
    return group === undefined ? ids : { ...ids, MessageGroupId: group };
  }
}
