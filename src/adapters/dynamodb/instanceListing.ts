import { ValidationError } from '../../core/errors.js';
import { summarize, type InstanceSummary } from '../../core/stepRecord.js';
import type { ListInstancesQuery, Page } from '../../ports/eventStore.js';
import { summaryMatches } from '../storeQueries.js';
import { boundedKey, keyOf, type Item } from './stepItem.js';
import { decodeCursor, encodeCursor } from './listingCursor.js';
import type { TableReader } from './tableReader.js';
import { ALL_INSTANCES, listingEntries, type ListingPlan } from './listingWalk.js';
import { ATTR, INDEX } from './tableSchema.js';

/**
 * Pick the index that narrows the query most. Version-1 items carry the machine and correlation keys,
 * terminal items the status; "active" has no index of its own (it would need a write to clear it) and
 * is found by reading heads in start order.
 */
function planOf(query: ListInstancesQuery): ListingPlan {
  if (query.correlationId !== undefined) {
    return { index: INDEX.byCorrelation, hashAttr: ATTR.correlation, hashValue: boundedKey(query.correlationId) };
  }
  if (query.machineId !== undefined)
    return { index: INDEX.byMachine, hashAttr: ATTR.machine, hashValue: boundedKey(query.machineId) };
  if (query.status === 'done' || query.status === 'error')
    return { index: INDEX.byStatus, hashAttr: ATTR.status, hashValue: query.status };
  return ALL_INSTANCES;
}

/**
 * One page of instances, newest start first, without a Scan: walk the chosen index in order, read each
 * stream's current head (consistently) and keep those that match every filter. The cursor is the full
 * index key of the last returned entry, so the next page resumes right after it whatever was filtered.
 * Global indexes are eventually consistent: an instance started a moment ago may be missing from a
 * listing, never shown with a stale summary.
 */
export async function listInstances(reader: TableReader, query: ListInstancesQuery): Promise<Page<InstanceSummary>> {
  const limit = query.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1)
    throw new ValidationError('listing query', [{ path: 'limit', rule: 'must be a positive integer' }]);
  const plan = planOf(query);
  const start = query.cursor === undefined ? undefined : decodeCursor(query.cursor, plan.index);
  // A stream can have several terminal items in the status index; they sort together, so remembering the
  // streams already considered (including the cursor's) removes the repeats across pages too.
  const seen = new Set<string>(start === undefined ? [] : [keyOf(start).streamId]);
  const found: { summary: InstanceSummary; entry: Item }[] = [];
  const pageSize = Math.min(100, Math.max(10, limit + 1));
  const entries = listingEntries(reader, plan, start, pageSize)[Symbol.asyncIterator]();
  try {
    while (found.length <= limit) {
      const batch = await nextBatch(entries, pageSize, (entry) => !seen.has(keyOf(entry).streamId));
      if (batch.length === 0) break;
      const heads = await reader.heads(batch.map((entry) => keyOf(entry).streamId));
      for (const entry of batch) {
        const { streamId } = keyOf(entry);
        if (seen.has(streamId)) continue;
        seen.add(streamId);
        const head = heads.get(streamId);
        if (head === undefined) continue;
        const summary = summarize(head.record);
        if (summaryMatches(summary, query)) found.push({ summary, entry });
        if (found.length > limit) break;
      }
    }
  } finally {
    await entries.return?.();
  }
  const items = found.slice(0, limit).map((f) => f.summary);
  const last = found[limit - 1];
  return found.length > limit && last !== undefined
    ? { items, cursor: encodeCursor(plan.index, last.entry) }
    : { items };
}

/** Up to `size` entries that pass `keep`, in order; fewer only when the walk ends. */
async function nextBatch(entries: AsyncIterator<Item>, size: number, keep: (entry: Item) => boolean): Promise<Item[]> {
  const batch: Item[] = [];
  while (batch.length < size) {
    const next = await entries.next();
    if (next.done === true) break;
    if (keep(next.value)) batch.push(next.value);
  }
  return batch;
}
