import { describe, expect, it } from 'vitest';
import type { Json, StepRecord } from '../../src/core/stepRecord.js';
import { fixtureStep } from '../support/fixtureSteps.js';
import { withStore } from '../support/sqliteConnections.js';
import { tempDbPaths } from '../support/tempFiles.js';
import type { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';

const dbPath = tempDbPaths('encode-ahead');

/** The contexts of the stream's steps, as read back from the file. */
async function contexts(store: SqliteEventStore): Promise<Json[]> {
  const out: Json[] = [];
  for await (const record of store.readStream('s')) out.push(record.state.context);
  return out;
}

/** A step of stream `s` at `version` whose context is `context`. */
const step = (version: number, context: Json): StepRecord => {
  const base = fixtureStep('s', version, { links: { correlationId: 's' } });
  return { ...base, state: { ...base.state, context } };
};

/**
 * The log stores each step as a delta against the step before it. Two appends of one stream handed to the store
 * in the same tick share a transaction: the first may be refused (decided from a head the file has moved on
 * from) while the second, decided from the file's head, is written. The second must then be stored against the
 * head, not against the refused step it followed in the batch.
 */
describe('a SQLite batch holding two steps of one stream', () => {
  const v1 = step(1, { n: 1 });
  const v2 = step(2, { n: 2 });
  // Decided from v1, as v2 was: refused. Its context equals the one written after it, so a delta against it
  // would say "no change" and read back as v2's context.
  const stale = step(2, { n: 3 });
  const v3 = step(3, { n: 3 });

  async function appendTogether(path: string): Promise<[PromiseSettledResult<void>, PromiseSettledResult<void>]> {
    return withStore(path, (store) => Promise.allSettled([store.append(stale, 1), store.append(v3, 2)] as const));
  }

  it('stores the written step against the head when the step before it in the batch is refused', async () => {
    const path = dbPath();
    await withStore(path, async (store) => {
      await store.append(v1, 0);
      await store.append(v2, 1);
      const [refused, written] = await Promise.allSettled([store.append(stale, 1), store.append(v3, 2)]);
      expect(refused).toMatchObject({ status: 'rejected', reason: { name: 'ConcurrencyConflictError' } });
      expect(written.status).toBe('fulfilled');
    });
    await withStore(path, async (store) => {
      expect((await store.readHead('s'))?.state.context).toEqual({ n: 3 });
      expect(await contexts(store)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    });
  });

  it('does so too when this process holds no head of the stream (a store just opened)', async () => {
    const path = dbPath();
    await withStore(path, async (store) => {
      await store.append(v1, 0);
      await store.append(v2, 1);
    });
    const [refused, written] = await appendTogether(path);
    expect(refused.status).toBe('rejected');
    expect(written.status).toBe('fulfilled');
    await withStore(path, async (store) => {
      expect(await contexts(store)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    });
  });

  it('stores a step against the one before it in the batch when that one is written', async () => {
    const path = dbPath();
    await withStore(path, async (store) => {
      await store.append(v1, 0);
      await Promise.all([store.append(v2, 1), store.append(v3, 2)]);
    });
    await withStore(path, async (store) => {
      expect(await contexts(store)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    });
  });
});
