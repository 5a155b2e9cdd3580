import * as nodeCrypto from 'node:crypto';
import { newTimeOrderedId } from '../../runtime/timeOrderedIds.js';

// The one-shot hash (node 20.12 and later) costs a fraction of a Hash object; earlier node 20 releases lack it.
const sha256Hex: (key: string) => string =
  typeof nodeCrypto.hash === 'function'
    ? (key) => nodeCrypto.hash('sha256', key, 'hex')
    : (key) => nodeCrypto.createHash('sha256').update(key).digest('hex');

/**
 * A request id in UUID form derived from a key, so that re-running the command that starts an
 * invocation (at-least-once) starts the same invocation instead of a second one.
 */
export function requestIdFor(key: string): string {
  const hex = sha256Hex(key);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A new request id: a UUID version 7 (see `newTimeOrderedId`). The request id becomes the instance id, which
 * the store indexes (and, for the instances an invocation chains to, the correlation id), so ids that grow
 * with time append to those indexes.
 * @example
 * const id = newRequestId(); // '019ac1d2-7f3e-7a1b-9c4d-0e5f6a7b8c9d'
 */
export function newRequestId(now: number = Date.now()): string {
  return newTimeOrderedId(now);
}
