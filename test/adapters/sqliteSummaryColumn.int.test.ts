import { describe, expect, it } from 'vitest';
import type { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { summarize, type InstanceDescription, type StepRecord } from '../../src/core/stepRecord.js';
import { fixtureStep, fixtureTemplate as template, T0 } from '../support/fixtureSteps.js';
import { withDatabase, withStore } from '../support/sqliteConnections.js';
import { tempDbPaths } from '../support/tempFiles.js';

const dbPath = tempDbPaths('summary-column');

/** A step of `streamId` that tells `about`, with a timer due at `timerDue` if given, taken at `at`. */
function step(
  streamId: string,
  version: number,
  about: InstanceDescription,
  options: { timerDue?: number; at?: number } = {},
): StepRecord {
  const { timerDue, at } = options;
  const timers =
    timerDue === undefined
      ? []
      : [{ id: 't', key: `${streamId}#${version}#t0`, dueAt: timerDue, delayMs: 1000, event: { type: 'tick' } }];
  return fixtureStep(streamId, version, {
    links: { correlationId: streamId },
    pending: { ...template.pending, timers },
    about,
    ...(at === undefined ? {} : { at }),
  });
}

/** The summary each store lists for the stream, as text (so the order of its fields counts too). */
async function listedBy(stores: readonly SqliteEventStore[], streamId: string): Promise<string[]> {
  const listed = [];
  for (const store of stores) {
    const page = await store.listInstances({ limit: 100 });
    listed.push(JSON.stringify(page.items.find((summary) => summary.instanceId === streamId)));
  }
  return listed;
}

/** Two stores on one new file: each its own connection, as another process's store would be. */
function twoConnections(test: (one: SqliteEventStore, other: SqliteEventStore) => Promise<void>): Promise<void> {
  const path = dbPath();
  return withStore(path, (one) => withStore(path, (other) => test(one, other)));
}

describe('the summary column of a SQLite instance row, left alone by steps that keep it', () => {
  it('is written when it changes after several steps that kept it, and each connection lists the head', () =>
    twoConnections(async (one, other) => {
      const waiting = { title: 'waiting' };
      const heads = [
        step('s', 1, waiting),
        step('s', 2, waiting),
        step('s', 3, waiting),
        // The same update time as the step before: only the version and the summary move.
        step('s', 4, { title: 'moved' }, { at: T0 + 3000 }),
        step('s', 5, { title: 'moved' }, { timerDue: T0 + 60_000 }),
        step('s', 6, { title: 'moved' }, { timerDue: T0 + 90_000 }),
        step('s', 7, { title: 'moved', outcome: { result: 'failed', label: 'Oops' } }),
        // An equal outcome in another object, then one that differs in its detail only.
        step('s', 8, { title: 'moved', outcome: { result: 'failed', label: 'Oops' } }),
        step('s', 9, { title: 'moved', outcome: { result: 'failed', label: 'Oops', detail: 'x' }, settled: true }),
        step('s', 10, { title: 'moved', outcome: { result: 'failed', label: 'Oops', detail: 'x' } }),
      ];
      for (const head of heads) {
        await one.append(head, head.version - 1);
        const expected = JSON.stringify(summarize(head));
        expect(await listedBy([one, other], 's')).toEqual([expected, expected]);
      }
      expect((await other.listInstances({ outcome: 'failed' })).items.map((s) => s.version)).toEqual([10]);
      expect((await other.listInstances({ settled: true })).items).toEqual([]);
    }));

  it('is written when another connection changed it in between, though this one wrote the same before', () =>
    twoConnections(async (one, other) => {
      for (const version of [1, 2, 3]) await one.append(step('s', version, { title: 'mine' }), version - 1);
      await other.append(step('s', 4, { title: 'theirs' }), 3);
      const back = step('s', 5, { title: 'mine' });
      await one.append(back, 4);
      const expected = JSON.stringify(summarize(back));
      expect(await listedBy([one, other], 's')).toEqual([expected, expected]);
    }));

  it('is written again after a rolled-back batch that had changed it', async () => {
    const path = dbPath();
    await withStore(path, async (store) => {
      for (const version of [1, 2]) await store.append(step('a', version, { title: 'before' }), version - 1);
      await store.append(step('b', 1, { title: 'other' }), 0);
      // Aborts b's instance row update, which ends the transaction holding a's step too.
      withDatabase(path, (db) =>
        db.exec(`CREATE TRIGGER abort_update BEFORE UPDATE ON instances WHEN NEW.stream_id = 'b'
                 BEGIN SELECT RAISE(ABORT, 'aborted'); END`),
      );
      const after = step('a', 3, { title: 'after' });
      const outcomes = await Promise.allSettled([store.append(after, 2), store.append(step('b', 2, {}), 1)]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
      withDatabase(path, (db) => db.exec('DROP TRIGGER abort_update'));

      await store.append(after, 2);
      const expected = JSON.stringify(summarize(after));
      await withStore(path, async (reader) =>
        expect(await listedBy([store, reader], 'a')).toEqual([expected, expected]),
      );
    });
  });
});
