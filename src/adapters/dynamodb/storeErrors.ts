import { StatebridgeError } from '../../core/errors.js';
import { classifyAwsFailure } from '../awsCallError.js';

/**
 * Wrap a DynamoDB failure in the statebridge family, retryable as `classifyAwsFailure` says (throttling,
 * server faults, no answer); anything else (a missing table, a bad request) keeps its cause for diagnosis.
 */
export function storeUnavailable(operation: string, tableName: string, error: unknown): StatebridgeError {
  if (error instanceof StatebridgeError) return error;
  const name = (error as { name?: string } | null)?.name ?? 'Error';
  const kind = classifyAwsFailure(error);
  return new StatebridgeError('STORE_UNAVAILABLE', `DynamoDB ${operation} on ${tableName} failed: ${name}`, {
    cause: error,
    retryable: kind !== 'final',
    context: { operation, tableName, failureKind: kind },
  });
}

/** The name DynamoDB gives a failed write condition. */
export const isConditionFailed = (error: unknown): boolean =>
  (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';

/** Whether the SDK sent the request more than once (its retries), as the error's metadata counts attempts. */
export const sentAgain = (error: unknown): boolean =>
  ((error as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts ?? 1) > 1;
