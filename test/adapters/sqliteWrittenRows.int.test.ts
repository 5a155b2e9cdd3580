import { describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import type { InstanceStatus, StepRecord } from '../../src/core/stepRecord.js';
import { fixtureStep, fixtureTemplate as template } from '../support/fixtureSteps.js';
import { tempDbPaths } from '../support/tempFiles.js';

const dbPath = tempDbPaths('written-rows');

function step(streamId: string, version: number, status: InstanceStatus = 'active'): StepRecord {
  return fixtureStep(streamId, version, { links: { correlationId: streamId }, state: { ...template.state, status } });
}

const listed = async (store: SqliteEventStore) =>
  (await store.listInstances({ limit: 100 })).items.map((s) => `${s.instanceId} v${s.version} ${s.status}`).sort();

// Each store below is its own connection to the file, as another process's store would be.
describe('a SQLite store whose file another connection writes to between its own steps', () => {
  it('checks a step against the instance row the other connection committed, not the one it wrote', async () => {
    const path = dbPath();
    const one = new SqliteEventStore({ path });
    const other = new SqliteEventStore({ path });
    try {
      await one.append(step('shared', 1), 0);
      await other.append(step('shared', 2, 'done'), 1);
      // Decided from the other connection's head: accepted, since the file is at version 2.
      await one.append(step('shared', 3, 'done'), 2);
      // Decided from its own stale head: refused, as the file is at version 3.
      await expect(other.append(step('shared', 3, 'done'), 2)).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
      await other.append(step('shared', 4, 'done'), 3);
      await one.append(step('shared', 5, 'active'), 4);
      expect(await listed(other)).toEqual(['shared v5 active']);
      expect((await other.listInstances({ status: 'done' })).items).toEqual([]);
    } finally {
      await one.close();
      await other.close();
    }
  });

  it('numbers a new instance after those the other connection created', async () => {
    const path = dbPath();
    const one = new SqliteEventStore({ path });
    const other = new SqliteEventStore({ path });
    try {
      await one.append(step('a', 1), 0);
      await other.append(step('b', 1), 0);
      await one.append(step('c', 1), 0);
      await other.append(step('d', 1), 0);
      await one.append(step('a', 2), 1);
      expect(await listed(one)).toEqual(['a v2 active', 'b v1 active', 'c v1 active', 'd v1 active']);
      for (const id of ['a', 'b', 'c', 'd']) expect((await one.readHead(id))?.streamId).toBe(id);
    } finally {
      await one.close();
      await other.close();
    }
  });
});
