import { compareUtf8, mergeOrdered } from './mergeOrdered.js';
import type { Item } from './stepItem.js';
import type { TableReader } from './tableReader.js';
import { ATTR, CONSTANT_PARTITION, INDEX, shardPartitions } from './tableSchema.js';

/** Which listing index a query walks, and under which partition value. */
export interface ListingPlan {
  readonly index: string;
  readonly hashAttr: string;
  readonly hashValue: string;
}

/** The `byStart` plan: every instance, newest start first, over all shards. */
export const ALL_INSTANCES: ListingPlan = {
  index: INDEX.byStart,
  hashAttr: ATTR.all,
  hashValue: CONSTANT_PARTITION.all,
};

/**
 * The partitions of `byStart` a reader queries: each shard, plus the bare constant that tables written
 * before sharding (or with one shard) hold, so raising the shard count never hides older instances.
 */
export function startPartitions(shards: number): string[] {
  const sharded = shardPartitions(CONSTANT_PARTITION.all, shards);
  return shards <= 1 ? sharded : [CONSTANT_PARTITION.all, ...sharded];
}

/**
 * The entries of one listing index in its order, after `start` (the full index key of the last entry a
 * page returned). `byStart` is sharded: its partitions are queried in parallel and merged by order key,
 * each resuming after the start's order key (one entry per stream, so the order key alone is a position).
 */
export function listingEntries(
  reader: TableReader,
  plan: ListingPlan,
  start: Item | undefined,
  pageSize: number,
): AsyncIterable<Item> {
  if (plan.index !== INDEX.byStart) return partitionEntries(reader, plan, { start }, pageSize);
  const after = start?.[ATTR.order]?.S;
  const walks = startPartitions(reader.shards).map((hashValue) =>
    partitionEntries(reader, { ...plan, hashValue }, { after }, pageSize),
  );
  // In the index's own order: each shard resumes after the cursor's key as DynamoDB compares keys.
  return mergeOrdered(walks, (a, b) => compareUtf8(a[ATTR.order]?.S ?? '', b[ATTR.order]?.S ?? ''));
}

async function* partitionEntries(
  reader: TableReader,
  plan: ListingPlan,
  from: { start?: Item | undefined; after?: string | undefined },
  pageSize: number,
): AsyncIterable<Item> {
  let start = from.start;
  const after = from.after;
  do {
    const page = await reader.query({
      IndexName: plan.index,
      KeyConditionExpression: after === undefined ? '#h = :h' : '#h = :h AND #o > :after',
      ExpressionAttributeNames: { '#h': plan.hashAttr, ...(after === undefined ? {} : { '#o': ATTR.order }) },
      ExpressionAttributeValues: {
        ':h': { S: plan.hashValue },
        ...(after === undefined ? {} : { ':after': { S: after } }),
      },
      Limit: pageSize,
      ...(start === undefined ? {} : { ExclusiveStartKey: start }),
    });
    yield* page.Items ?? [];
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
}
