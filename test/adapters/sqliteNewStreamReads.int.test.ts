import { describe, expect, it } from 'vitest';
import type { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { fixtureStep } from '../support/fixtureSteps.js';
import { withStore } from '../support/sqliteConnections.js';
import { tempDbPaths } from '../support/tempFiles.js';

const dbPath = tempDbPaths('new-stream-reads');

const step = (streamId: string, version: number, eventId = `${streamId}-e${version}`) =>
  fixtureStep(streamId, version, { eventId, links: { correlationId: streamId } });

const listed = async (store: SqliteEventStore) =>
  (await store.listInstances({ limit: 100 })).items.map((s) => `${s.instanceId} v${s.version}`).sort();

/** Two stores on one new file: each its own connection, as another process's store would be. */
function twoConnections(test: (one: SqliteEventStore, other: SqliteEventStore) => Promise<void>): Promise<void> {
  const path = dbPath();
  return withStore(path, (one) => withStore(path, (other) => test(one, other)));
}

describe('a SQLite store that read a stream as not existing yet', () => {
  it('refuses to start it once another connection has, and keeps that connection’s step', () =>
    twoConnections(async (one, other) => {
      await one.append(step('before', 1), 0);
      expect(await one.readHead('late')).toBeUndefined();
      await other.append(step('late', 1, 'other-start'), 0);
      await expect(one.append(step('late', 1), 0)).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
      expect((await one.readHead('late'))?.eventId).toBe('other-start');
      await one.append(step('late', 2), 1);
      expect(await listed(other)).toEqual(['before v1', 'late v2']);
    }));

  it('refuses it in a batch that also starts other streams, which commit', () =>
    twoConnections(async (one, other) => {
      await one.append(step('before', 1), 0);
      expect(await one.readForStep('late', 'late-e1')).toEqual({ head: undefined, appliedAt: undefined });
      expect(await one.readHead('fresh')).toBeUndefined();
      await other.append(step('late', 1, 'other-start'), 0);
      const outcomes = await Promise.allSettled([
        one.append(step('fresh', 1), 0),
        one.append(step('late', 1), 0),
        one.append(step('fresh', 2), 1),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await listed(other)).toEqual(['before v1', 'fresh v2', 'late v1']);
    }));

  it('starts it without a conflict when no other connection wrote in between', () =>
    twoConnections(async (one, other) => {
      await one.append(step('before', 1), 0);
      expect(await one.readHead('new')).toBeUndefined();
      await one.append(step('new', 1), 0);
      await one.append(step('new', 2), 1);
      expect(await listed(other)).toEqual(['before v1', 'new v2']);
    }));
});
