import { describe, expect, it } from 'vitest';
import type { DynamodbEventStore } from '../../src/adapters/dynamodb/dynamodbEventStore.js';
import { startStep, useShardedTables } from './shardedTables.js';

const { table, store, partitionsUsed } = useShardedTables();

/** A finished one-step instance started at `startedAt`. */
const started = (streamId: string, startedAt: number) =>
  startStep(streamId, startedAt, 'idle', { commands: [], timers: [] });

async function listAll(source: DynamodbEventStore, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await source.listInstances({ limit, ...(cursor === undefined ? {} : { cursor }) });
    ids.push(...page.items.map((item) => item.instanceId));
    cursor = page.cursor;
    pages += 1;
  } while (cursor !== undefined);
  return { ids, pages };
}

/** Newest start first, then stream id: the listing contract's order. */
const newestFirst = (starts: readonly { id: string; at: number }[]) =>
  [...starts].sort((a, b) => b.at - a.at || a.id.localeCompare(b.id)).map((s) => s.id);

describe('the byStart index, sharded like the work indexes', () => {
  it('spreads starts over 16 shards, and the listing merges them back in order across keyset pages', async () => {
    const tableName = await table();
    const writer = store(tableName, 16);
    const starts = Array.from({ length: 40 }, (_, i) => ({ id: `s-${i}`, at: 1_000 + ((i * 7919) % 13) * 10 }));
    await Promise.all(starts.map((s) => writer.append(started(s.id, s.at), 0)));
    const used = await partitionsUsed(tableName, 'starts', 16);
    expect(used.has('all')).toBe(false);
    expect(used.size).toBeGreaterThan(8);

    const { ids, pages } = await listAll(writer, 7);
    expect(pages).toBe(6);
    expect(ids).toEqual(newestFirst(starts));
  });

  it('still lists instances a one-shard table holds under the bare value, merged with sharded ones', async () => {
    const tableName = await table();
    const before = Array.from({ length: 5 }, (_, i) => ({ id: `old-${i}`, at: 2_000 + i * 10 }));
    const after = Array.from({ length: 5 }, (_, i) => ({ id: `new-${i}`, at: 2_005 + i * 10 }));
    await Promise.all(before.map((s) => store(tableName, 1).append(started(s.id, s.at), 0)));
    await Promise.all(after.map((s) => store(tableName, 16).append(started(s.id, s.at), 0)));
    expect((await partitionsUsed(tableName, 'starts', 16)).get('all')).toBe(5);
    expect((await listAll(store(tableName, 16), 3)).ids).toEqual(newestFirst([...before, ...after]));
  });
});
