import { createHash } from 'node:crypto';

/**
 * A request id in UUID form derived from a key, so that re-running the command that starts an
 * invocation (at-least-once) starts the same invocation instead of a second one.
 */
export function requestIdFor(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
