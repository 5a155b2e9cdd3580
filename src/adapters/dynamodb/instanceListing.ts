import { ValidationError } from '../../core/errors.js';
import { summarize, type InstanceSummary } from '../../core/stepRecord.js';
import type { ListInstancesQuery, Page } from '../../ports/eventStore.js';
import { boundedKey, keyOf, type Item } from './stepItem.js';
import { decodeCursor, encodeCursor } from './listingCursor.js';
import type { TableReader } from './tableReader.js';
import { ATTR, CONSTANT_PARTITION, INDEX } from './tableSchema.js';

interface Plan {
  readonly index: string;
  readonly hashAttr: string;
  readonly hashValue: string;
}

/**
 * Pick the index that narrows the query most. Version-1 items carry the machine and correlation keys,
 * terminal items the status; "active" has no index of its own (it would need a write to clear it) and
 * is found by reading heads in start order.
 */
function planOf(query: ListInstancesQuery): Plan {
  if (query.correlationId !== undefined) {
    return { index: INDEX.byCorrelation, hashAttr: ATTR.correlation, hashValue: boundedKey(query.correlationId) };
  }
  if (query.machineId !== undefined)
    return { index: INDEX.byMachine, hashAttr: ATTR.machine, hashValue: boundedKey(query.machineId) };
  if (query.status === 'done' || query.status === 'error')
    return { index: INDEX.byStatus, hashAttr: ATTR.status, hashValue: query.status };
  return { index: INDEX.byStart, hashAttr: ATTR.all, hashValue: CONSTANT_PARTITION.all };
}

const matches = (s: InstanceSummary, q: ListInstancesQuery): boolean =>
  (q.machineId === undefined || s.machineId === q.machineId) &&
  (q.status === undefined || s.status === q.status) &&
  (q.correlationId === undefined || s.correlationId === q.correlationId) &&
  (q.updatedSince === undefined || s.updatedAt >= q.updatedSince) &&
  (q.outcome === undefined || s.outcome?.result === q.outcome) &&
  (q.settled === undefined || (s.settled === true) === q.settled);

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
  let start = query.cursor === undefined ? undefined : decodeCursor(query.cursor, plan.index);
  // A stream can have several terminal items in the status index; they sort together, so remembering the
  // streams already considered (including the cursor's) removes the repeats across pages too.
  const seen = new Set<string>(start === undefined ? [] : [keyOf(start).streamId]);
  const found: { summary: InstanceSummary; entry: Item }[] = [];
  while (found.length <= limit) {
    const page = await reader.query({
      IndexName: plan.index,
      KeyConditionExpression: '#h = :h',
      ExpressionAttributeNames: { '#h': plan.hashAttr },
      ExpressionAttributeValues: { ':h': { S: plan.hashValue } },
      Limit: Math.min(100, Math.max(10, limit + 1 - found.length)),
      ...(start === undefined ? {} : { ExclusiveStartKey: start }),
    });
    const entries = (page.Items ?? []).filter((entry) => !seen.has(keyOf(entry).streamId));
    const heads = await reader.heads(entries.map((entry) => keyOf(entry).streamId));
    for (const entry of entries) {
      const { streamId } = keyOf(entry);
      if (seen.has(streamId)) continue;
      seen.add(streamId);
      const head = heads.get(streamId);
      if (head === undefined) continue;
      const summary = summarize(head.record);
      if (matches(summary, query)) found.push({ summary, entry });
      if (found.length > limit) break;
    }
    start = page.LastEvaluatedKey;
    if (start === undefined) break;
  }
  const items = found.slice(0, limit).map((f) => f.summary);
  const last = found[limit - 1];
  return found.length > limit && last !== undefined
    ? { items, cursor: encodeCursor(plan.index, last.entry) }
    : { items };
}
