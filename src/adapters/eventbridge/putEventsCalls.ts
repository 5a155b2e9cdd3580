import { PUT_EVENTS_MAX_BYTES, PUT_EVENTS_MAX_ENTRIES } from '../../protocol/eventBridgeEnvelope.js';

/**
 * Group entries (by their index in the caller's list) into PutEvents calls of at most 10 entries and at
 * most `maxBytes` each (default EventBridge's 1 MB), keeping their order. Every entry must fit a call on
 * its own; the bus refuses larger ones before they get here.
 */
export function splitIntoCalls(
  indexes: readonly number[],
  sizeOf: (index: number) => number,
  maxBytes = PUT_EVENTS_MAX_BYTES,
): number[][] {
  const calls: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  for (const index of indexes) {
    const size = sizeOf(index);
    if (current.length === PUT_EVENTS_MAX_ENTRIES || (current.length > 0 && bytes + size > maxBytes)) {
      calls.push(current);
      current = [];
      bytes = 0;
    }
    current.push(index);
    bytes += size;
  }
  if (current.length > 0) calls.push(current);
  return calls;
}
