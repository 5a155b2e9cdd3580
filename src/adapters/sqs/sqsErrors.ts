import { StatebridgeError } from '../../core/errors.js';

const PASSING = new Set(['ThrottlingException', 'RequestThrottled', 'ServiceUnavailable', 'InternalFailure', 'InternalError', 'KmsThrottled', 'TimeoutError']);

/**
 * Wrap an SQS failure in the statebridge family, keeping the SDK error as `cause`. Throttling, server
 * faults and network failures (no HTTP answer) are retryable; a missing queue or a bad request is not.
 */
export function queueSendFailed(operation: string, queue: string, error: unknown): StatebridgeError {
  if (error instanceof StatebridgeError) return error;
  const name = (error as { name?: string }).name ?? 'Error';
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const retryable = PASSING.has(name) || (error as { $fault?: string }).$fault === 'server' || status === undefined;
  const message = error instanceof Error ? error.message : String(error);
  return new StatebridgeError('COMMAND_FAILED', `SQS ${operation} to ${queue} failed: ${name}: ${message}`, { cause: error, retryable, context: { operation, queue, errorName: name } });
}

/** True when SQS says the queue (name or URL) does not exist. */
export const isQueueMissing = (error: unknown): boolean => {
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'QueueDoesNotExist' || name === 'AWS.SimpleQueueService.NonExistentQueue';
};
