import { StatebridgeError } from '../../core/errors.js';
import { awsCallFailed } from '../awsCallError.js';

const PASSING = new Set([
  'ThrottlingException',
  'RequestThrottled',
  'ServiceUnavailable',
  'InternalFailure',
  'InternalError',
  'KmsThrottled',
  'TimeoutError',
]);

/** Wrap an SQS failure in the statebridge family (see awsCallFailed): passing trouble is retryable. */
export function queueSendFailed(operation: string, queue: string, error: unknown): StatebridgeError {
  return awsCallFailed({ service: 'SQS', operation, target: queue, targetKey: 'queue', error, passingNames: PASSING });
}

/** True when SQS says the queue (name or URL) does not exist. */
export const isQueueMissing = (error: unknown): boolean => {
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'QueueDoesNotExist' || name === 'AWS.SimpleQueueService.NonExistentQueue';
};
