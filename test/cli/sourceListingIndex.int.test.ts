import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessBus } from '../../src/adapters/bus/inProcessBus.js';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { SqliteInstanceListing } from '../../src/adapters/sqlite/instanceListing.js';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { App } from '../../src/app/chalice/app.js';
import type { SQSEvent } from '../../src/app/chalice/batchEvents.js';
import { listBySource, parseSourceOption } from '../../src/cli/commands/sourceListing.js';
import type { InstanceSummary, StepRecord } from '../../src/core/stepRecord.js';
import { runApp } from '../../src/local/chalice/appRunner.js';
import type { EventStore } from '../../src/ports/eventStore.js';
import { deliverySourceKey, sourceKeyOfName } from '../../src/protocol/invocation/deliverySourceKey.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { buildRecords } from '../contracts/fixtureMachine.js';
import { withReadOnlyDatabase } from '../support/sqliteConnections.js';
import { tempDbPaths } from '../support/tempFiles.js';

const dbPath = tempDbPaths('source-index');
const INSTANCES = 3000;
const T0 = 1_700_000_000_000;
const template = buildRecords('template', [])[0]!;

/** Instance `i`: one in 600 is a delivery of `sqs:jobs`; the rest are other sources' or no source's. */
function instance(i: number): StepRecord {
  const streamId = `d-${String(i).padStart(5, '0')}`;
  const source = i % 600 === 7 ? 'sqs:jobs' : ['s3:img', 'sqs:other', undefined][i % 3];
  return {
    ...template,
    streamId,
    eventId: `${streamId}-e0`,
    startedAt: T0 + Math.floor(i / 2) * 1000,
    at: T0 + i * 1000,
    about: { title: `delivery ${i}`, ...(source === undefined ? {} : { source }) },
  };
}
const records = Array.from({ length: INSTANCES }, (_, i) => instance(i));
const jobs = records
  .filter((r) => r.about?.source === 'sqs:jobs')
  .sort((a, b) => b.startedAt - a.startedAt || (a.streamId < b.streamId ? -1 : 1))
  .map((r) => r.streamId);

/** The store with a count of the calls a listing makes. */
function counted(store: EventStore) {
  const calls = { listInstances: 0, readHead: 0 };
  const wrapped: EventStore = Object.create(store) as EventStore;
  wrapped.listInstances = (query) => ((calls.listInstances += 1), store.listInstances(query));
  wrapped.readHead = (id) => ((calls.readHead += 1), store.readHead(id));
  return { store: wrapped, calls };
}

const sharedDir = mkdtempSync(join(tmpdir(), 'statebridge-source-index-'));
const sqlitePath = join(sharedDir, 'events.db');
const stores: [string, EventStore][] = [];
beforeAll(async () => {
  stores.push(['memory', new MemoryEventStore()], ['sqlite file', new SqliteEventStore({ path: sqlitePath })]);
  for (const [, store] of stores) await Promise.all(records.map((r) => store.append(r, 0)));
});
afterAll(async () => {
  for (const [, store] of stores) await store.close();
  rmSync(sharedDir, { recursive: true, force: true });
});

describe.each([0, 1])('ls --source from the source index (%#)', (which) => {
  it('reads pages of that source only, among thousands of instances of other sources', async () => {
    expect(jobs).toHaveLength(5);
    const { store, calls } = counted(stores[which]![1]);
    const selection = parseSourceOption('sqs:jobs');
    const seen: InstanceSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await listBySource(store, selection, { limit: 2, ...(cursor === undefined ? {} : { cursor }) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.cursor;
    } while (cursor !== undefined);
    expect(seen.map((s) => s.instanceId)).toEqual(jobs);
    expect(seen.every((s) => s.source === 'sqs:jobs')).toBe(true);
    // One listing call per page of two, and no head read to find out what started an instance.
    expect(calls).toEqual({ listInstances: 3, readHead: 0 });
    const other = await listBySource(store, parseSourceOption('sqs:other'), { limit: 5000, status: 'active' });
    expect(other.items).toHaveLength(records.filter((r) => r.about?.source === 'sqs:other').length);
    expect((await listBySource(store, parseSourceOption('sns:none'), { limit: 10 })).items).toEqual([]);
  });
});

describe('the SQLite source index', () => {
  it('is what a listing of one source seeks in, with or without other filters', () => {
    withReadOnlyDatabase(sqlitePath, (db) => {
      const listing = new SqliteInstanceListing(db);
      for (const query of [{ source: 'sqs:jobs' }, { source: 'sqs:jobs', status: 'active' as const, updatedSince: T0 }])
        expect(listing.explain(query)).toEqual([expect.stringMatching(/USING INDEX instances_by_source \(source=\?/)]);
    });
  });
});

describe('deliveries name their source', () => {
  it('indexes an App delivery under its source on a SQLite file, apart from the other sources', async () => {
    const app = new App('indexed');
    app.onSqsMessage({ queue: 'jobs' }, function work(_event: SQSEvent) {});
    app.onS3Event({ bucket: 'img' }, function resize() {});
    const clock = new VirtualClock();
    const store = new SqliteEventStore({ path: dbPath() });
    const runtime = createRuntime({ store, clock });
    const runner = await runApp(app, { runtime, bus: new InProcessBus({ clock }), log: () => undefined });
    clock.attach(runtime);
    clock.attach(runner);
    for (let i = 0; i < 12; i += 1) await runner.bucket.putObject('img', `k${i}`, 'x');
    for (let i = 0; i < 3; i += 1) await runner.queue.send('jobs', { body: `job ${i}` });
    await clock.advance(5000);
    const listed = await listBySource(store, parseSourceOption('sqs:jobs'), { limit: 10 });
    expect(listed.items.map((s) => [s.source, s.title?.split(' ')[0]])).toEqual([
      ['sqs:jobs', 'work'],
      ['sqs:jobs', 'work'],
      ['sqs:jobs', 'work'],
    ]);
    expect((await listBySource(store, parseSourceOption('s3:img'), { limit: 100 })).items).toHaveLength(12);
    await runtime.close();
  });

  it("keys bus rules, routes and websocket routes in Chalice's words, whichever spelling selects them", () => {
    expect(deliverySourceKey({ source: 'events:media-onCommit', rule: 'media-onCommit' })).toBe(
      'cw-event:media-onCommit',
    );
    expect(deliverySourceKey({ source: 'api:media', rule: 'GET /objects/{key}' })).toBe('http:GET /objects/{key}');
    expect(deliverySourceKey({ source: 'websocket:$connect' })).toBe('ws:$connect');
    expect(deliverySourceKey({ source: 'sqs:jobs', rule: 'batch of 3' })).toBe('sqs:jobs');
    expect(sourceKeyOfName('events:media-onCommit')).toBe('cw-event:media-onCommit');
    expect(sourceKeyOfName('websocket:$default')).toBe('ws:$default');
    expect(sourceKeyOfName('http:GET /x')).toBe('http:GET /x');
    expect(sourceKeyOfName('api:media')).toBeUndefined();
  });
});
