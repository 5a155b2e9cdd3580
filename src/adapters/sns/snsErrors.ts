import { StatebridgeError } from '../../core/errors.js';
import { awsCallFailed } from '../awsCallError.js';

/** Wrap an SNS failure in the statebridge family (retryable as `classifyAwsFailure` says). */
export function topicPublishFailed(operation: string, topic: string, error: unknown): StatebridgeError {
  return awsCallFailed({ service: 'SNS', operation, target: topic, targetKey: 'topic', error });
}

/** A topic name that no ARN in the account answers to. */
export function topicNotFound(topic: string): StatebridgeError {
  return new StatebridgeError(
    'COMMAND_FAILED',
    `SNS topic ${topic} was not found by ListTopics; pass its ARN or set topicArns`,
    { context: { operation: 'ListTopics', topic } },
  );
}

/** True when SNS says the topic does not exist. */
export const isTopicMissing = (error: unknown): boolean =>
  (error as { name?: string } | undefined)?.name === 'NotFoundException' ||
  (error as { name?: string } | undefined)?.name === 'NotFound';
