import { StatebridgeError } from '../../core/errors.js';
import { awsCallFailed } from '../awsCallError.js';

/** Wrap an SQS failure in the statebridge family (retryable as `classifyAwsFailure` says). */
export function queueSendFailed(operation: string, queue: string, error: unknown): StatebridgeError {
  return awsCallFailed({ service: 'SQS', operation, target: queue, targetKey: 'queue', error });
}

/** True when SQS says the queue (name or URL) does not exist. */
export const isQueueMissing = (error: unknown): boolean => {
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'QueueDoesNotExist' || name === 'AWS.SimpleQueueService.NonExistentQueue';
};
