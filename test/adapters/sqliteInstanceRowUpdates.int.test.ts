import { describe, expect, it } from 'vitest';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { fixtureStep, T0 } from '../support/fixtureSteps.js';
import { withReadOnlyDatabase, withStore } from '../support/sqliteConnections.js';
import { tempDbPaths } from '../support/tempFiles.js';

const dbPath = tempDbPaths('instance-row-updates');

const step = (streamId: string, version: number, overrides: Partial<StepRecord> = {}): StepRecord =>
  fixtureStep(streamId, version, { links: { correlationId: streamId }, ...overrides });

/**
 * Second steps that move different columns of their instance rows: the update time or not, the status, the
 * summary, the source; one stream steps twice, the first step moving its summary and time, the second only its
 * source; and more streams of one kind than one statement of the batched update takes.
 */
function laterSteps(): StepRecord[] {
  const many = Array.from({ length: 70 }, (_, i) => step(`many-${String(i).padStart(2, '0')}`, 2));
  return [
    step('same-time', 2, { at: T0 + 1000 }),
    step('finished', 2, { state: { ...step('finished', 2).state, status: 'done' } }),
    step('titled', 2, { about: { title: 'Order 7' } }),
    step('sourced', 2, { about: { source: 'orders' } }),
    step('twice', 2, { about: { title: 'first' } }),
    step('twice', 3, { at: T0 + 2000, about: { title: 'first', source: 'billing' } }),
    ...many,
  ];
}

const firstSteps = () => [...new Set(laterSteps().map((s) => s.streamId))].map((id) => step(id, 1));

/** Every instance and work row of the file, read through a connection of its own. */
function indexRows(path: string): unknown {
  return withReadOnlyDatabase(path, (db) => ({
    instances: db.prepare('SELECT * FROM instances ORDER BY id').all(),
    work: db.prepare('SELECT * FROM work ORDER BY stream_id').all(),
  }));
}

describe('a SQLite batch of steps on existing instances', () => {
  it('leaves the instance rows as the same steps written one transaction each do', async () => {
    const [batched, oneByOne] = [dbPath(), dbPath()];
    await withStore(batched, async (store) => {
      // Appended together: one batch, one transaction each time.
      await Promise.all(firstSteps().map((s) => store.append(s, 0)));
      await Promise.all(laterSteps().map((s) => store.append(s, s.version - 1)));
    });
    await withStore(oneByOne, async (store) => {
      for (const s of [...firstSteps(), ...laterSteps()]) await store.append(s, s.version - 1);
    });
    const rows = indexRows(batched) as { instances: Record<string, unknown>[] };
    expect(rows).toEqual(indexRows(oneByOne));
    const byStream = new Map(rows.instances.map((row) => [row['stream_id'], row]));
    expect(byStream.get('twice')).toMatchObject({ version: 3, updated_at: T0 + 2000, source: 'billing' });
    expect(JSON.parse(byStream.get('twice')!['summary'] as string)).toMatchObject({ title: 'first' });
    expect(byStream.get('finished')).toMatchObject({ version: 2, status: 'done' });
    expect(byStream.get('same-time')).toMatchObject({ version: 2, updated_at: T0 + 1000 });
    expect(byStream.get('many-69')).toMatchObject({ version: 2, updated_at: T0 + 2000 });
  });

  it('reads back each head, and lists each instance, at the version the batch wrote', async () => {
    const path = dbPath();
    await withStore(path, async (store) => {
      await Promise.all(firstSteps().map((s) => store.append(s, 0)));
      await Promise.all(laterSteps().map((s) => store.append(s, s.version - 1)));
    });
    await withStore(path, async (store) => {
      const listed = await store.listInstances({ limit: 100 });
      const versions = Object.fromEntries(listed.items.map((s) => [s.instanceId, s.version]));
      for (const s of laterSteps()) expect(versions[s.streamId]).toBeGreaterThanOrEqual(s.version);
      expect((await store.readHead('twice'))?.version).toBe(3);
      expect(listed.items.find((s) => s.instanceId === 'titled')?.title).toBe('Order 7');
      expect((await store.listInstances({ status: 'done' })).items.map((s) => s.instanceId)).toEqual(['finished']);
    });
  });

  it('checks a step against the row an earlier step of its batch moved, after that row left the cache', async () => {
    const path = dbPath();
    // More streams than the store keeps rows of (10,000), so the first one's row is dropped before its next step.
    const ids = Array.from({ length: 10_001 }, (_, i) => `s-${i}`);
    await withStore(path, async (store) => {
      await Promise.all(ids.map((id) => store.append(step(id, 1), 0)));
      const outcomes = await Promise.allSettled([
        ...ids.map((id) => store.append(step(id, 2), 1)),
        store.append(step('s-0', 3), 2),
      ]);
      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    });
    withReadOnlyDatabase(path, (db) => {
      const versions = db
        .prepare('SELECT version, count(*) AS n FROM instances GROUP BY version ORDER BY version')
        .all();
      expect(versions).toEqual([
        { version: 2, n: 10_000 },
        { version: 3, n: 1 },
      ]);
    });
  });
});
