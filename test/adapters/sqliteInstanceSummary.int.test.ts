import { copyFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { summarize, type StepRecord } from '../../src/core/stepRecord.js';
import { fixtureStep, fixtureTemplate as template, T0 } from '../support/fixtureSteps.js';
import { withReadOnlyDatabase, withStore } from '../support/sqliteConnections.js';
import { tempDbPaths } from '../support/tempFiles.js';

const dbPath = tempDbPaths('instance-summary');

/** Fields of a summary that the instance row holds in columns of their own. */
const IN_COLUMNS = [
  'instanceId',
  'machineId',
  'status',
  'version',
  'startedAt',
  'updatedAt',
  'correlationId',
  'source',
];

function step(streamId: string, version: number, about: StepRecord['about'], timerDue?: number): StepRecord {
  const timers =
    timerDue === undefined
      ? []
      : [{ id: 't', key: `${streamId}#${version}#t0`, dueAt: timerDue, delayMs: 1000, event: { type: 'tick' } }];
  return fixtureStep(streamId, version, {
    links: { correlationId: `chain-of-${streamId}` },
    pending: { ...template.pending, timers },
    ...(about === undefined ? {} : { about }),
  });
}

function storedSummaries(path: string): Record<string, unknown>[] {
  return withReadOnlyDatabase(path, (db) =>
    db
      .prepare<[], { summary: string }>('SELECT summary FROM instances')
      .all()
      .map((row) => JSON.parse(row.summary) as Record<string, unknown>),
  );
}

describe('the summary of a SQLite instance row', () => {
  it('holds only what no other column does, and lists as the whole summary of the head', async () => {
    const path = dbPath();
    const store = new SqliteEventStore({ path });
    const heads = [
      step('plain', 1, undefined),
      step('waiting', 1, { title: 'waits for a tick', source: 'sqs:jobs' }, T0 + 60_000),
      step('finished', 1, { title: 'done', outcome: { result: 'failed', label: 'Oops', detail: 'x' }, settled: true }),
    ];
    for (const head of heads) await store.append(head, 0);
    const moved = step('waiting', 2, { title: 'still waiting', source: 's3:img' }, T0 + 90_000);
    await store.append(moved, 1);
    heads[1] = moved;

    const listed = (await store.listInstances({ limit: 10 })).items;
    const byId = new Map(listed.map((summary) => [summary.instanceId, summary]));
    // Compared as text, so the fields come in the order `summarize` gives them too.
    for (const head of heads) expect(JSON.stringify(byId.get(head.streamId))).toBe(JSON.stringify(summarize(head)));
    expect((await store.listInstances({ outcome: 'failed' })).items.map((s) => s.instanceId)).toEqual(['finished']);
    expect((await store.listInstances({ settled: true })).items.map((s) => s.instanceId)).toEqual(['finished']);
    await store.close();

    const stored = storedSummaries(path);
    expect(stored).toHaveLength(3);
    for (const summary of stored) for (const field of IN_COLUMNS) expect(summary).not.toHaveProperty(field);
  });

  it('of a file written with the whole summary in the column lists as it was written', async () => {
    const path = dbPath();
    copyFileSync(new URL('./fixtures/rowid-layout-v2.db', import.meta.url), path);
    const written = storedSummaries(path);
    expect(written.length).toBeGreaterThan(0);
    const listed = await withStore(path, async (store) => (await store.listInstances({ limit: 100 })).items);
    const byId = (summaries: readonly object[]) =>
      [...summaries].sort((a, b) =>
        String((a as { instanceId: string }).instanceId).localeCompare((b as { instanceId: string }).instanceId),
      );
    expect(byId(listed)).toEqual(byId(written));
  });
});
