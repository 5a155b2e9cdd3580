import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { SqliteInstanceListing } from '../../src/adapters/sqlite/instanceListing.js';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { isStatebridgeError, ValidationError } from '../../src/core/errors.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import type { EventStore, ListInstancesQuery } from '../../src/ports/eventStore.js';
import { buildRecords } from '../contracts/fixtureMachine.js';
import { withReadOnlyDatabase } from '../support/sqliteConnections.js';

const INSTANCES = 1200;
const T0 = 1_700_000_000_000;
const template = buildRecords('template', [])[0]!;

/** Instance `i`: three instances share each start time, ids out of start order, every tenth changed late. */
function instance(i: number): StepRecord {
  const streamId = `i-${String((i * 7919) % INSTANCES).padStart(5, '0')}`;
  const startedAt = T0 + Math.floor(i / 3) * 1000;
  return {
    ...template,
    streamId,
    eventId: `${streamId}-e0`,
    startedAt,
    at: i % 10 === 0 ? T0 + 10_000_000 : startedAt,
    links: { correlationId: i % 2 === 0 ? 'even' : 'odd' },
  };
}
const records = Array.from({ length: INSTANCES }, (_, i) => instance(i));

/** What a listing must return: filtered, newest start first, ties by id. */
function expected(query: ListInstancesQuery): string[] {
  return records
    .filter(
      (r) =>
        (query.correlationId === undefined || r.links.correlationId === query.correlationId) &&
        (query.updatedSince === undefined || r.at >= query.updatedSince),
    )
    .sort((a, b) => b.startedAt - a.startedAt || (a.streamId < b.streamId ? -1 : 1))
    .map((r) => r.streamId);
}

async function listAll(store: EventStore, query: ListInstancesQuery): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listInstances({ ...query, limit: 7, ...(cursor === undefined ? {} : { cursor }) });
    expect(page.items.length).toBeLessThanOrEqual(7);
    seen.push(...page.items.map((s) => s.instanceId));
    cursor = page.cursor;
  } while (cursor !== undefined);
  return seen;
}

const dir = mkdtempSync(join(tmpdir(), 'statebridge-listing-'));
const path = join(dir, 'events.db');
const stores: [string, EventStore][] = [];

beforeAll(async () => {
  stores.push(['memory', new MemoryEventStore()], ['sqlite file', new SqliteEventStore({ path })]);
  for (const [, store] of stores) await Promise.all(records.map((r) => store.append(r, 0)));
});
afterAll(async () => {
  for (const [, store] of stores) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.each([0, 1])('keyset listing (%#)', (which) => {
  const store = (): EventStore => stores[which]![1];
  it.each<[string, ListInstancesQuery]>([
    ['everything', {}],
    ['one correlation id', { correlationId: 'odd' }],
    ['changed since a recent time (few)', { updatedSince: T0 + 10_000_000 }],
    ['changed since the start (all)', { updatedSince: T0 }],
  ])('pages through %s in order, each instance once, ties on the start time included', async (_, query) => {
    const all = await listAll(store(), query);
    expect(all).toEqual(expected(query));
    expect(all.length).toBeGreaterThan(0);
  });

  it('refuses a cursor it did not hand out, naming the field', async () => {
    const error: unknown = await store()
      .listInstances({ cursor: 'not-a-cursor' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(isStatebridgeError(error, 'VALIDATION_FAILED')).toBe(true);
    expect((error as ValidationError).issues[0]?.path).toBe('cursor');
  });
});

describe('SQLite listing query plans', () => {
  const plan = (query: ListInstancesQuery): string =>
    withReadOnlyDatabase(path, (db) => new SqliteInstanceListing(db).explain(query).join(' | '));
  const cursorAt = async (query: ListInstancesQuery): Promise<string> =>
    (await stores[1]![1].listInstances({ ...query, limit: 300 })).cursor!;

  it('seeks to the cursor in the start-order index instead of scanning from the top', async () => {
    expect(plan({ cursor: await cursorAt({}) })).toMatch(
      /^SEARCH instances USING INDEX instances_by_start \(started_at<\?\)$/,
    );
    const byCorrelation = { correlationId: 'odd' };
    expect(plan({ ...byCorrelation, cursor: await cursorAt(byCorrelation) })).toMatch(
      /^SEARCH instances USING INDEX instances_by_correlation \(correlation_id=\? AND started_at<\?\)$/,
    );
  });

  it('reads few recent changes through the update-time index, and many in start order', () => {
    expect(plan({ updatedSince: T0 + 10_000_000 })).toMatch(/USING INDEX instances_by_update \(updated_at>\?\)/);
    expect(plan({ updatedSince: T0 })).toMatch(/^SCAN instances USING INDEX instances_by_start$/);
  });
});
