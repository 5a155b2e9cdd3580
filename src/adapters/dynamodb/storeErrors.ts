import { StatebridgeError } from '../../core/errors.js';

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'LimitExceededException',
]);

/**
 * Wrap a DynamoDB failure in the statebridge family. Throttling, server faults and network errors are
 * retryable; anything else (a missing table, a bad request) is not, and keeps its cause for diagnosis.
 */
export function storeUnavailable(operation: string, tableName: string, error: unknown): StatebridgeError {
  if (error instanceof StatebridgeError) return error;
  const name = (error as { name?: string }).name ?? 'Error';
  const sdkRetryable = (error as { $retryable?: unknown }).$retryable !== undefined;
  const fault = (error as { $fault?: string }).$fault;
  const network = (error as { $metadata?: unknown }).$metadata === undefined;
  const retryable = sdkRetryable || THROTTLING.has(name) || fault === 'server' || network;
  return new StatebridgeError('STORE_UNAVAILABLE', `DynamoDB ${operation} on ${tableName} failed: ${name}`, {
    cause: error,
    retryable,
    context: { operation, tableName },
  });
}

/** The name DynamoDB gives a failed write condition. */
export const isConditionFailed = (error: unknown): boolean =>
  (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';
