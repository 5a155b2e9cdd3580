import { copyFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SqliteInstanceListing } from '../../src/adapters/sqlite/instanceListing.js';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { fixtureStep } from '../support/fixtureSteps.js';
import { withDatabase, withReadOnlyDatabase, withStore } from '../support/sqliteConnections.js';
import { tempDbPaths } from '../support/tempFiles.js';

const dbPath = tempDbPaths('source-column');

function step(streamId: string, version: number, source: string | undefined): StepRecord {
  return fixtureStep(streamId, version, { about: { title: streamId, ...(source === undefined ? {} : { source }) } });
}

async function sourcesListed(store: SqliteEventStore, source: string): Promise<string[]> {
  return (await store.listInstances({ source, limit: 100 })).items.map((s) => s.instanceId).sort();
}

/**
 * The file as the store wrote it before the source column: the source in the summary (which held the whole
 * summary then) and its index on an expression of the summary.
 */
function withoutSourceColumn(path: string): void {
  withDatabase(path, (db) =>
    db.exec(`UPDATE instances SET summary = json_set(summary, '$.source', source) WHERE source IS NOT NULL;
    DROP INDEX instances_by_source;
    ALTER TABLE instances DROP COLUMN source;
    CREATE INDEX instances_by_source ON instances (json_extract(summary, '$.source'), started_at DESC, stream_id)
      WHERE json_extract(summary, '$.source') IS NOT NULL;`),
  );
}

describe('the source column of the SQLite instance rows', () => {
  it('follows a source that the description changes as the instance goes on', async () => {
    const store = new SqliteEventStore({ path: dbPath() });
    await store.append(step('a', 1, 'sqs:jobs'), 0);
    await store.append(step('b', 1, undefined), 0);
    expect(await sourcesListed(store, 'sqs:jobs')).toEqual(['a']);
    await store.append(step('a', 2, 's3:img'), 1);
    await store.append(step('b', 2, 'sqs:jobs'), 1);
    expect(await sourcesListed(store, 'sqs:jobs')).toEqual(['b']);
    expect(await sourcesListed(store, 's3:img')).toEqual(['a']);
    await store.close();
  });

  it('is added and filled on open to a file written before it, and its index moves to the column', async () => {
    const path = dbPath();
    const first = new SqliteEventStore({ path });
    for (const [i, source] of ['sqs:jobs', 's3:img', undefined, 'sqs:jobs'].entries())
      await first.append(step(`s${i}`, 1, source), 0);
    await first.close();
    withoutSourceColumn(path);

    const store = new SqliteEventStore({ path });
    expect(await sourcesListed(store, 'sqs:jobs')).toEqual(['s0', 's3']);
    await store.append(step('s2', 2, 'sqs:jobs'), 1);
    await store.append(step('s4', 1, 'sqs:jobs'), 0);
    expect(await sourcesListed(store, 'sqs:jobs')).toEqual(['s0', 's2', 's3', 's4']);
    await store.close();

    const explained = withReadOnlyDatabase(path, (db) => new SqliteInstanceListing(db).explain({ source: 'sqs:jobs' }));
    expect(explained).toEqual([expect.stringMatching(/USING INDEX instances_by_source \(source=\?/)]);
  });

  it('is filled when a file in an older layout is moved to the current one', async () => {
    const path = dbPath();
    copyFileSync(new URL('./fixtures/rowid-layout-v2.db', import.meta.url), path);
    const named = withDatabase(path, (old) => {
      const { stream_id } = old.prepare<[], { stream_id: string }>('SELECT stream_id FROM instances').get()!;
      old
        .prepare("UPDATE instances SET summary = json_set(summary, '$.source', 'sqs:jobs') WHERE stream_id = ?")
        .run(stream_id);
      return stream_id;
    });

    expect(await withStore(path, (store) => sourcesListed(store, 'sqs:jobs'))).toEqual([named]);
  });
});
