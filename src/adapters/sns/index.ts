/**
 * The SNS topic publisher, published as `statebridge/sns`. `@aws-sdk/client-sns` is a peer: bring your
 * own client.
 * @example
 * import { SNSClient } from '@aws-sdk/client-sns';
 * import { SnsTopicPublisher } from 'statebridge/sns';
 * const topic = new SnsTopicPublisher({
 *   client: new SNSClient({}),
 *   topicArns: { alerts: 'arn:aws:sns:eu-west-1:111122223333:alerts' },
 * });
 */
export { SNS_MAX_MESSAGE_ATTRIBUTES, SnsTopicPublisher, type SnsTopicPublisherOptions } from './snsTopicPublisher.js';
export { isTopicMissing, topicNotFound, topicPublishFailed } from './snsErrors.js';
export { TopicArnResolver } from './topicArns.js';
