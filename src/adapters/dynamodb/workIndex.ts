import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { StepRecord } from '../../core/stepRecord.js';
import type { DueTimerHead, DueTimerQuery, WorkQuery } from '../../ports/eventStore.js';
import { compareDue, earliestDue, hasWork } from '../storeQueries.js';
import { keyOf, type Item } from './stepItem.js';
import type { FreshHead, TableReader } from './tableReader.js';
import { mergeOrdered } from './mergeOrdered.js';
import { ATTR, CONSTANT_PARTITION, INDEX, shardPartitions } from './tableSchema.js';

/*
 * The work indexes hold every item that left commands or timers pending, not only heads: a step cannot
 * clear the attributes of the item before it without a second write. Readers therefore check each entry
 * against its stream's current head (read consistently) and drop stale ones, which are entries whose
 * version is below the head's. Stale entries are then removed best-effort so the index stays short; one
 * that survives a failed clean-up is filtered again next time.
 */

interface WorkIndex {
  readonly index: string;
  readonly hashAttr: string;
  readonly hashValue: string;
  readonly rangeAttr: string;
}

const COMMANDS = {
  index: INDEX.byCommand,
  hashAttr: ATTR.commands,
  hashValue: CONSTANT_PARTITION.commands,
  rangeAttr: ATTR.commandsAt,
} as const;
const TIMERS = {
  index: INDEX.byTimer,
  hashAttr: ATTR.timers,
  hashValue: CONSTANT_PARTITION.timers,
  rangeAttr: ATTR.due,
} as const;

const commandsAt = (head: FreshHead): number => head.record.at;
const dueOf = (head: FreshHead): number => earliestDue(head.record) ?? Number.POSITIVE_INFINITY;

/**
 * Walk every shard of one work index, merged in range-key order: the shards are queried in parallel
 * (one page each), and a shard's next page is read only when the merge reaches its end.
 */
function currentEntries(
  reader: TableReader,
  work: WorkIndex,
  dueBy?: number,
  pageSize = 100,
  from?: number,
): AsyncIterable<FreshHead> {
  const shards = shardPartitions(work.hashValue, reader.shards).map((hashValue) =>
    shardEntries(reader, { ...work, hashValue }, dueBy, pageSize, from),
  );
  const keyOf = work.rangeAttr === ATTR.due ? dueOf : commandsAt;
  return mergeOrdered(shards, (a, b) => keyOf(a) - keyOf(b));
}

/** Walk one shard of a work index in order, yielding each entry that is its stream's current head. */
async function* shardEntries(
  reader: TableReader,
  work: WorkIndex,
  dueBy?: number,
  pageSize = 100,
  from?: number,
): AsyncIterable<FreshHead> {
  let start: Item | undefined;
  const range = dueBy === undefined ? '' : from === undefined ? ' AND #r <= :due' : ' AND #r BETWEEN :from AND :due';
  do {
    const page = await reader.query({
      IndexName: work.index,
      KeyConditionExpression: `#h = :h${range}`,
      ExpressionAttributeNames: { '#h': work.hashAttr, ...(dueBy === undefined ? {} : { '#r': work.rangeAttr }) },
      ExpressionAttributeValues: {
        ':h': { S: work.hashValue },
        ...(dueBy === undefined ? {} : { ':due': { N: String(dueBy) } }),
        ...(dueBy === undefined || from === undefined ? {} : { ':from': { N: String(from) } }),
      },
      Limit: pageSize,
      ...(start === undefined ? {} : { ExclusiveStartKey: start }),
    });
    const entries = (page.Items ?? []).map(keyOf);
    const heads = await reader.heads(entries.map((e) => e.streamId));
    const stale = entries.filter((e) => (heads.get(e.streamId)?.record.version ?? 0) > e.version);
    await removeStale(reader, work, stale);
    for (const entry of entries) {
      const head = heads.get(entry.streamId);
      if (head !== undefined && head.record.version === entry.version) yield head;
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
}

async function removeStale(
  reader: TableReader,
  work: WorkIndex,
  stale: readonly { streamId: string; version: number }[],
): Promise<void> {
  // Best-effort by design (see above): a failure leaves an entry that readers filter anyway, so the
  // outcomes are not inspected. The condition keeps the update from creating an item that is not there.
  await Promise.allSettled(
    stale.map(({ streamId, version }) =>
      reader.client.send(
        new UpdateItemCommand({
          TableName: reader.tableName,
          Key: { [ATTR.pk]: { S: streamId }, [ATTR.sk]: { N: String(version) } },
          UpdateExpression: 'REMOVE #h, #r',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#h': work.hashAttr, '#r': work.rangeAttr, '#pk': ATTR.pk },
        }),
      ),
    ),
  );
}

/** Heads with pending commands, then heads with a timer due by `dueBy` (earliest first), each once. */
export async function listWork(reader: TableReader, query: WorkQuery): Promise<readonly StepRecord[]> {
  const limit = query.limit ?? 100;
  const out = new Map<string, StepRecord>();
  const sources = [currentEntries(reader, COMMANDS), currentEntries(reader, TIMERS, query.dueBy)];
  for (const source of sources) {
    for await (const head of source) {
      if (out.size >= limit) return [...out.values()];
      if (hasWork(head.record, query.dueBy)) out.set(head.record.streamId, head.record);
    }
  }
  return [...out.values()];
}

/**
 * Heads with a timer due by `dueBy` in (due time, stream id) order, read from `byTimer` in due order. The
 * index orders equal due times arbitrarily, so a page ends only after the last due time it holds is read
 * whole, then is sorted and cut.
 */
export async function listDueTimers(reader: TableReader, query: DueTimerQuery): Promise<readonly DueTimerHead[]> {
  const limit = query.limit ?? 100;
  // Nothing lies past a position beyond `dueBy`; DynamoDB refuses the range (BETWEEN it AND `dueBy`) outright.
  if (query.after !== undefined && query.after.dueAt > query.dueBy) return [];
  const found: DueTimerHead[] = [];
  let last: number | undefined;
  for await (const { record } of currentEntries(
    reader,
    TIMERS,
    query.dueBy,
    Math.min(limit + 1, 100),
    query.after?.dueAt,
  )) {
    const dueAt = earliestDue(record);
    if (dueAt === undefined || dueAt > query.dueBy) continue;
    if (query.after !== undefined && compareDue({ dueAt, streamId: record.streamId }, query.after) <= 0) continue;
    if (found.length >= limit && last !== undefined && dueAt > last) break;
    found.push({ dueAt, head: record });
    last = last === undefined ? dueAt : Math.max(last, dueAt);
  }
  return found
    .sort((a, b) =>
      compareDue({ dueAt: a.dueAt, streamId: a.head.streamId }, { dueAt: b.dueAt, streamId: b.head.streamId }),
    )
    .slice(0, limit);
}

/** The earliest pending timer across all streams: the first current entry of the timer index. */
export async function nextTimerDue(reader: TableReader): Promise<number | undefined> {
  for await (const head of currentEntries(reader, TIMERS, undefined, 10)) {
    return Math.min(...head.record.pending.timers.map((t) => t.dueAt));
  }
  return undefined;
}
