import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { StatebridgeError, ValidationError } from '../../core/errors.js';

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

/** What a listing cursor carries: the query's index and the last returned entry's full index key. */
interface CursorBody {
  readonly i: string;
  readonly k: Record<string, AttributeValue>;
}

/** Opaque cursor: base64url of the index name and the exclusive start key. */
export function encodeCursor(indexName: string, key: Record<string, AttributeValue>): string {
  return Buffer.from(JSON.stringify({ i: indexName, k: key } satisfies CursorBody)).toString('base64url');
}

/** Decode a cursor this store returned for a query on `indexName`; anything else is bad input. */
export function decodeCursor(cursor: string, indexName: string): Record<string, AttributeValue> {
  try {
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as Partial<CursorBody>;
    const key = body.k;
    const wellFormed =
      body.i === indexName &&
      typeof key === 'object' &&
      key !== null &&
      Object.values(key).every((v) => typeof v === 'object' && v !== null && (typeof v.S === 'string' || typeof v.N === 'string'));
    if (wellFormed) return key;
  } catch {
    // not base64url JSON: reported below with the same message as a foreign cursor
  }
  throw new ValidationError('listing cursor', [{ path: 'cursor', rule: 'must be a cursor this store returned for the same filters' }]);
}
