import {
  PUT_EVENTS_MAX_BYTES,
  PUT_EVENTS_MAX_ENTRIES,
  type PutEventsEntry,
} from '../../protocol/eventBridgeEnvelope.js';

/**
 * An entry's size as EventBridge counts it against the call's size limit: the UTF-8 bytes of Source,
 * DetailType, Detail and each Resource, plus 14 bytes when a Time is given.
 */
export function putEventsEntrySize(entry: PutEventsEntry): number {
  const utf8 = (text: string | undefined): number => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));
  const resources = (entry.Resources ?? []).reduce((sum, resource) => sum + utf8(resource), 0);
  return (
    utf8(entry.Source) + utf8(entry.DetailType) + utf8(entry.Detail) + resources + (entry.Time === undefined ? 0 : 14)
  );
}

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
