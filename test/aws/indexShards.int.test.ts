import { describe, expect, it } from 'vitest';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { startStep, useShardedTables } from './shardedTables.js';

const tables = useShardedTables();

/** A start step that leaves one command and one timer (due at `dueAt`) pending. */
function pendingStart(streamId: string, dueAt: number): StepRecord {
  const timer = { id: 'wait', key: `${streamId}#1#0`, dueAt, delayMs: 1000, event: { type: 'tick' } };
  const command = { key: `${streamId}#1#0`, kind: 'work', params: null };
  return startStep(streamId, 1000, 'waiting', { commands: [command], timers: [timer] });
}

async function storeWith(shards: number | undefined) {
  const tableName = await tables.table();
  return { store: tables.store(tableName, shards), tableName };
}

describe('sharded work indexes', () => {
  it('spread 40 streams over the 16 default shards, and readers merge every shard back in order', async () => {
    const { store, tableName } = await storeWith(undefined);
    const dues = Array.from({ length: 40 }, (_, i) => 10_000 + ((i * 7919) % 40) * 100);
    await Promise.all(dues.map((dueAt, i) => store.append(pendingStart(`s-${i}`, dueAt), 0)));
    const used = await tables.partitionsUsed(tableName, 'commands', 16);
    expect(used.has('c')).toBe(false);
    expect(used.size).toBeGreaterThan(8);
    expect([...used.values()].reduce((a, b) => a + b, 0)).toBe(40);

    const work = await store.listWork({ dueBy: 0, limit: 100 });
    expect(work.map((r) => r.streamId).sort()).toEqual(dues.map((_, i) => `s-${i}`).sort());
    const due = await store.listDueTimers({ dueBy: 12_000, limit: 15 });
    const expected = dues
      .map((dueAt, i) => ({ dueAt, id: `s-${i}` }))
      .filter((d) => d.dueAt <= 12_000)
      .sort((a, b) => a.dueAt - b.dueAt || a.id.localeCompare(b.id));
    expect(due.map((d) => d.head.streamId)).toEqual(expected.slice(0, 15).map((d) => d.id));
    expect(await store.nextTimerDue()).toBe(Math.min(...dues));
  });

  it('keeps the bare partition value with one shard, as tables written before sharding hold', async () => {
    const { store, tableName } = await storeWith(1);
    await store.append(pendingStart('only', 5000), 0);
    expect([...(await tables.partitionsUsed(tableName, 'commands', 1)).keys()]).toEqual(['c']);
    expect((await store.listWork({ dueBy: 0 })).map((r) => r.streamId)).toEqual(['only']);
  });

  it('refuses a shard count outside 1..256, naming the option', () => {
    expect(() => tables.store('t', 0)).toThrow(/indexShards: must be an integer from 1 to 256, got 0/);
  });
});
