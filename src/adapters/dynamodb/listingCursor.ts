import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { ValidationError } from '../../core/errors.js';

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
      Object.values(key).every(
        (v) => typeof v === 'object' && v !== null && (typeof v.S === 'string' || typeof v.N === 'string'),
      );
    if (wellFormed) return key;
  } catch {
    // not base64url JSON: reported below with the same message as a foreign cursor
  }
  throw new ValidationError('listing cursor', [
    { path: 'cursor', rule: 'must be a cursor this store returned for the same filters' },
  ]);
}
