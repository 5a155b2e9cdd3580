import { describe, expect, it } from 'vitest';
import { ConcurrencyConflictError } from '../../src/core/errors.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { fixtureStep } from '../support/fixtureSteps.js';
import { withStore } from '../support/sqliteConnections.js';
import { tempDbPaths } from '../support/tempFiles.js';

const dbPath = tempDbPaths('unit-duplicate-event');

const step = (streamId: string, version: number, eventId = `${streamId}-e${version}`): StepRecord =>
  fixtureStep(streamId, version, { eventId, links: { correlationId: streamId } });

const outcome = (write: Promise<void>): Promise<unknown> =>
  write.then(
    () => 'written',
    (error: unknown) => error,
  );

describe('a SQLite unit with a step whose event id its stream has already applied', () => {
  it('is refused whole as a conflict, writing nothing, and the append in the same batch is written', async () => {
    await withStore(dbPath(), async (store) => {
      await store.append(step('x', 1), 0);
      // One batch: the unit's second step repeats the event of x's first step, after a step that is new.
      const unit = outcome(
        store.appendSteps([
          { record: step('x', 2), expectedVersion: 1 },
          { record: step('x', 3, 'x-e1'), expectedVersion: 2 },
        ]),
      );
      const beside = outcome(store.append(step('y', 1), 0));
      expect(await unit).toBeInstanceOf(ConcurrencyConflictError);
      expect(await beside).toBe('written');
      expect((await store.readHead('x'))?.version).toBe(1);
      expect(await store.findEvent('x', 'x-e2')).toBeUndefined();
      // The stream goes on from where it was.
      await store.append(step('x', 2), 1);
      expect((await store.readHead('x'))?.version).toBe(2);
    });
  });

  it('is refused whole when two of its steps carry the same event id for one stream', async () => {
    await withStore(dbPath(), async (store) => {
      const unit = outcome(
        store.appendSteps([
          { record: step('p', 1), expectedVersion: 0 },
          { record: step('q', 1), expectedVersion: 0 },
          { record: step('q', 2, 'q-e1'), expectedVersion: 1 },
        ]),
      );
      const beside = outcome(store.append(step('r', 1), 0));
      expect(await unit).toBeInstanceOf(ConcurrencyConflictError);
      expect(await beside).toBe('written');
      expect(await store.readHead('p')).toBeUndefined();
      expect(await store.readHead('q')).toBeUndefined();
    });
  });

  it('takes the same event id on two different streams', async () => {
    await withStore(dbPath(), async (store) => {
      await store.appendSteps([
        { record: step('m', 1, 'shared'), expectedVersion: 0 },
        { record: step('n', 1, 'shared'), expectedVersion: 0 },
      ]);
      expect(await store.findEvent('m', 'shared')).toBe(1);
      expect(await store.findEvent('n', 'shared')).toBe(1);
    });
  });
});
