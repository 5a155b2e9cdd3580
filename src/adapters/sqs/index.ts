/**
 * The SQS queue sender, published as `statebridge/sqs`. `@aws-sdk/client-sqs` is a peer: bring your own
 * client.
 * @example
 * import { SQSClient } from '@aws-sdk/client-sqs';
 * import { SqsQueueSender } from 'statebridge/sqs';
 * const queue = new SqsQueueSender({
 *   client: new SQSClient({}),
 *   queueUrls: { 'failed-resizes': 'https://sqs.eu-west-1.amazonaws.com/111122223333/failed-resizes' },
 * });
 */
export { SQS_MAX_MESSAGE_ATTRIBUTES, SqsQueueSender, type SqsQueueSenderOptions } from './sqsQueueSender.js';
export { fifoIdsFor, fifoSafeId } from './fifoMessageIds.js';
export { isQueueMissing, queueSendFailed } from './sqsErrors.js';
