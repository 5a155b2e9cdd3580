import { describe, expect, it } from 'vitest';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { fixtureStep } from '../support/fixtureSteps.js';
import { withDatabase, withReadOnlyDatabase, withStore } from '../support/sqliteConnections.js';
import { tempDbPaths } from '../support/tempFiles.js';

const dbPath = tempDbPaths('rolled-back-batch');

const step = (streamId: string, version = 1): StepRecord =>
  fixtureStep(streamId, version, { links: { correlationId: streamId } });

/** The file's rows, read through a connection of its own: instance ids by stream, and log rows. */
function rowsOf(path: string): { instances: Record<string, number>; steps: string[] } {
  return withReadOnlyDatabase(path, (db) => {
    const instances = db.prepare<[], { id: number; stream_id: string }>('SELECT id, stream_id FROM instances').all();
    const steps = db
      .prepare<[], { stream_id: string; version: number }>(
        'SELECT i.stream_id, s.version FROM steps AS s JOIN instances AS i ON i.id = s.instance ORDER BY s.seq',
      )
      .all();
    return {
      instances: Object.fromEntries(instances.map((row) => [row.stream_id, row.id])),
      steps: steps.map((row) => `${row.stream_id} v${row.version}`),
    };
  });
}

/**
 * Some errors make SQLite roll back the whole transaction, not just the failing statement (a full disk, an
 * I/O error). A trigger that raises ROLLBACK for one stream stands in for them here.
 */
function rollBackOnInstance(path: string, streamId: string): void {
  withDatabase(path, (db) =>
    db.exec(
      `CREATE TRIGGER roll_back BEFORE INSERT ON instances WHEN NEW.stream_id = '${streamId}'
       BEGIN SELECT RAISE(ROLLBACK, 'rolled back'); END`,
    ),
  );
}

/** As `rollBackOnInstance`, on the insert of one stream's log row at `version`: the first write of a step. */
function rollBackOnLogRow(path: string, streamId: string, version: number): void {
  withDatabase(path, (db) =>
    db.exec(
      `CREATE TRIGGER roll_back_log BEFORE INSERT ON steps
       WHEN NEW.instance = (SELECT id FROM instances WHERE stream_id = '${streamId}') AND NEW.version = ${version}
       BEGIN SELECT RAISE(ROLLBACK, 'rolled back'); END`,
    ),
  );
}

/** A trigger that aborts one statement only (as SQLite may on a full disk): one stream's instance row update. */
function abortInstanceUpdate(path: string, streamId: string | undefined): void {
  withDatabase(path, (db) =>
    db.exec(
      streamId === undefined
        ? 'DROP TRIGGER abort_update'
        : `CREATE TRIGGER abort_update BEFORE UPDATE ON instances WHEN NEW.stream_id = '${streamId}'
           BEGIN SELECT RAISE(ABORT, 'aborted'); END`,
    ),
  );
}

describe('a SQLite batch whose transaction SQLite rolls back part-way', () => {
  it('writes none of its steps, the later ones included, and refuses them all as retryable', async () => {
    const path = dbPath();
    await withStore(path, async (store) => {
      await store.append(step('seed'), 0);
      rollBackOnInstance(path, 'b');
      // Appended together: one batch, one transaction.
      const outcomes = await Promise.allSettled([
        store.append(step('a'), 0),
        store.append(step('b'), 0),
        store.append(step('c'), 0),
      ]);
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true });
      }
      expect(rowsOf(path)).toEqual({ instances: { seed: 1 }, steps: ['seed v1'] });

      // The retries, as the runtime makes them: the store's own view of the file is the file's.
      await store.append(step('a'), 0);
      await store.append(step('c'), 0);
      await store.append(step('a', 2), 1);
      expect(rowsOf(path)).toEqual({ instances: { seed: 1, a: 2, c: 3 }, steps: ['seed v1', 'a v1', 'c v1', 'a v2'] });
      expect((await store.readHead('c'))?.version).toBe(1);
    });
  });

  it('writes none of its steps when one fails after its log row, which never stands alone', async () => {
    const path = dbPath();
    await withStore(path, async (store) => {
      for (const id of ['a', 'b', 'c']) await store.append(step(id), 0);
      abortInstanceUpdate(path, 'b');
      const outcomes = await Promise.allSettled([
        store.append(step('a', 2), 1),
        store.append(step('b', 2), 1),
        store.append(step('c', 2), 1),
      ]);
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true });
      }
      expect(rowsOf(path).steps).toEqual(['a v1', 'b v1', 'c v1']);

      abortInstanceUpdate(path, undefined);
      await Promise.all([store.append(step('b', 2), 1), store.append(step('a', 2), 1)]);
      expect(rowsOf(path).steps).toEqual(['a v1', 'b v1', 'c v1', 'b v2', 'a v2']);
      expect(
        (await store.listInstances({ limit: 10 })).items.map((s) => `${s.instanceId} v${s.version}`).sort(),
      ).toEqual(['a v2', 'b v2', 'c v1']);
    });
  });

  it('writes none of its steps when the first step of a unit rolls back, those after it too', async () => {
    const path = dbPath();
    await withStore(path, async (store) => {
      await store.append(step('a'), 0);
      rollBackOnLogRow(path, 'a', 2);
      const outcomes = await Promise.allSettled([
        store.appendSteps([{ record: step('a', 2), expectedVersion: 1 }]),
        store.append(step('c'), 0),
      ]);
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true });
      }
      expect(rowsOf(path)).toEqual({ instances: { a: 1 }, steps: ['a v1'] });
    });
  });
});
