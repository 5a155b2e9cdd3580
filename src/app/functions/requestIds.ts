import * as nodeCrypto from 'node:crypto';

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
