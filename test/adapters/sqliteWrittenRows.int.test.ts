import { describe, expect, it } from 'vitest';
import type { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import type { InstanceStatus, StepRecord } from '../../src/core/stepRecord.js';
import { fixtureStep, fixtureTemplate as template } from '../support/fixtureSteps.js';
import { withStore } from '../support/sqliteConnections.js';
import { tempDbPaths } from '../support/tempFiles.js';

const dbPath = tempDbPaths('written-rows');

function step(streamId: string, version: number, status: InstanceStatus = 'active'): StepRecord {
  return fixtureStep(streamId, version, { links: { correlationId: streamId }, state: { ...template.state, status } });
}

const listed = async (store: SqliteEventStore) =>
  (await store.listInstances({ limit: 100 })).items.map((s) => `${s.instanceId} v${s.version} ${s.status}`).sort();

/** Two stores on one new file: each its own connection, as another process's store would be. */
function twoConnections(test: (one: SqliteEventStore, other: SqliteEventStore) => Promise<void>): Promise<void> {
  const path = dbPath();
  return withStore(path, (one) => withStore(path, (other) => test(one, other)));
}

describe('a SQLite store whose file another connection writes to between its own steps', () => {
  it('checks a step against the instance row the other connection committed, not the one it wrote', () =>
    twoConnections(async (one, other) => {
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
    }));

  it('numbers a new instance after those the other connection created', () =>
    twoConnections(async (one, other) => {
      await one.append(step('a', 1), 0);
      await other.append(step('b', 1), 0);
      await one.append(step('c', 1), 0);
      await other.append(step('d', 1), 0);
      await one.append(step('a', 2), 1);
      expect(await listed(one)).toEqual(['a v2 active', 'b v1 active', 'c v1 active', 'd v1 active']);
      for (const id of ['a', 'b', 'c', 'd']) expect((await one.readHead(id))?.streamId).toBe(id);
    }));
});

describe('a SQLite batch in which some steps are refused and others committed', () => {
  it('checks each later step against what the batch committed before it', () =>
    twoConnections(async (one, other) => {
      await one.append(step('a', 1), 0);
      // Appended together: one batch, one transaction.
      const outcomes = await Promise.allSettled([
        one.append(step('a', 3), 2),
        one.append({ ...step('a', 2), eventId: 'a-e1' }, 1),
        one.append(step('b', 1), 0),
        one.append(step('a', 2), 1),
        one.append(step('c', 1), 0),
        one.append(step('b', 2), 1),
        one.append(step('a', 3, 'done'), 2),
      ]);
      expect(outcomes.map((o) => (o.status === 'fulfilled' ? 'ok' : (o.reason as { code: string }).code))).toEqual([
        'CONCURRENCY_CONFLICT',
        'CONCURRENCY_CONFLICT',
        'ok',
        'ok',
        'ok',
        'ok',
        'ok',
      ]);
      expect(await listed(one)).toEqual(['a v3 done', 'b v2 active', 'c v1 active']);
      await other.append(step('a', 4), 3);
      await one.append(step('a', 5), 4);
      await one.append(step('d', 1), 0);
      expect(await listed(other)).toEqual(['a v5 active', 'b v2 active', 'c v1 active', 'd v1 active']);
      expect((await other.listInstances({ status: 'done' })).items).toEqual([]);
    }));
});
