import { StatebridgeError } from '../../core/errors.js';

const PASSING = new Set(['Throttled', 'Throttling', 'ThrottlingException', 'InternalError', 'InternalErrorException', 'KMSThrottling', 'TimeoutError']);

/**
 * Wrap an SNS failure in the statebridge family, keeping the SDK error as `cause`. Throttling, server
 * faults and network failures (no HTTP answer) are retryable; a missing topic or a bad request is not.
 */
export function topicPublishFailed(operation: string, topic: string, error: unknown): StatebridgeError {
  if (error instanceof StatebridgeError) return error;
  const name = (error as { name?: string }).name ?? 'Error';
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const retryable = PASSING.has(name) || (error as { $fault?: string }).$fault === 'server' || status === undefined;
  const message = error instanceof Error ? error.message : String(error);
  return new StatebridgeError('COMMAND_FAILED', `SNS ${operation} to ${topic} failed: ${name}: ${message}`, { cause: error, retryable, context: { operation, topic, errorName: name } });
}

/** A topic name that no ARN in the account answers to. */
export function topicNotFound(topic: string): StatebridgeError {
  return new StatebridgeError('COMMAND_FAILED', `SNS topic ${topic} was not found by ListTopics; pass its ARN or set topicArns`, { context: { operation: 'ListTopics', topic } });
}

/** True when SNS says the topic does not exist. */
export const isTopicMissing = (error: unknown): boolean => (error as { name?: string } | undefined)?.name === 'NotFoundException' || (error as { name?: string } | undefined)?.name === 'NotFound';
