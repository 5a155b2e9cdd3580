import { QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DYNAMODB_ITEM_LIMIT_BYTES, DynamodbEventStore, ensureTable } from '../../src/adapters/dynamodb/index.js';
import { isConcurrencyConflict, PayloadTooLargeError, ValidationError } from '../../src/core/errors.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { buildRecords, ticket } from '../contracts/fixtureMachine.js';
import { clientFor, freshTableName, startDynalite, type Dynalite } from './dynamodbFixture.js';

let server: Dynalite;
beforeAll(async () => {
  server = await startDynalite();
});
afterAll(async () => server.close());

/** Names of the commands a client sends, recorded by a middleware. */
function recordCommands(client: DynamoDBClient): string[] {
  const names: string[] = [];
  client.middlewareStack.add((next, context) => (args) => (names.push(context.commandName ?? '?'), next(args)), {
    step: 'initialize',
  });
  return names;
}

const collect = async (it: AsyncIterable<StepRecord>) => {
  const out: StepRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
};

/** Pad a record's context until its JSON is exactly `bytes` long. */
function padTo(record: StepRecord, bytes: number): StepRecord {
  const base = { ...record, state: { ...record.state, context: { pad: '' } } };
  return {
    ...base,
    state: { ...base.state, context: { pad: 'x'.repeat(bytes - Buffer.byteLength(JSON.stringify(base))) } },
  };
}

describe('DynamoDB event store on dynalite', () => {
  let tableName: string;
  const clients: DynamoDBClient[] = [];
  const client = () => {
    const c = clientFor(server.endpoint);
    clients.push(c);
    return c;
  };
  beforeEach(async () => {
    tableName = freshTableName();
    await ensureTable(client(), tableName);
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });

  it('turns a real ConditionalCheckFailedException between two clients into a conflict', async () => {
    const a = new DynamodbEventStore({ client: client(), tableName });
    const b = new DynamodbEventStore({ client: client(), tableName });
    const records = buildRecords('c-1', [{ type: 'SUBMIT' }]);
    const other = buildRecords('c-1', [{ type: 'CLOSE' }]);
    await a.append(records[0]!, 0);
    expect((await b.readHead('c-1'))?.version).toBe(1);
    await a.append(records[1]!, 1);
    const error = await b.append(other[1]!, 1).catch((e: unknown) => e);
    expect(isConcurrencyConflict(error)).toBe(true);
    expect(((error as Error).cause as Error).name).toBe('ConditionalCheckFailedException');
    expect((await b.readHead('c-1'))?.event.type).toBe('SUBMIT');
  });

  it('refuses to skip versions when it has not seen the expected one', async () => {
    const records = buildRecords('gap', [
      { type: 'NOTE', text: 'a' },
      { type: 'NOTE', text: 'b' },
      { type: 'NOTE', text: 'c' },
    ]);
    const writer = new DynamodbEventStore({ client: client(), tableName });
    await writer.append(records[0]!, 0);
    const stranger = new DynamodbEventStore({ client: client(), tableName });
    expect(isConcurrencyConflict(await stranger.append(records[3]!, 2).catch((e: unknown) => e))).toBe(true);
    await writer.append(records[1]!, 1);
    await stranger.append(records[2]!, 2);
    expect((await collect(writer.readStream('gap'))).map((r) => r.version)).toEqual([1, 2, 3]);
  });

  it('applies a duplicate event once across two processes, even from a stale snapshot', async () => {
    const make = () =>
      createRuntime({
        store: new DynamodbEventStore({ client: client(), tableName, snapshotCache: true }),
        clock: new VirtualClock(),
      });
    const a = make().register(ticket, { notify: async () => undefined });
    const b = make().register(ticket, { notify: async () => undefined });
    await b.start('ticket', 'dup', { title: 'T' });
    expect((await a.send('dup', { type: 'NOTE', text: 'once' }, { eventId: 'evt-1' })).applied).toBe(true);
    // b's snapshot is still version 1 with a complete id set: its put conflicts, the retry reads the table.
    expect((await b.send('dup', { type: 'NOTE', text: 'once' }, { eventId: 'evt-1' })).applied).toBe(false);
    expect((await b.send('dup', { type: 'NOTE', text: 'twice' }, { eventId: 'evt-2' })).applied).toBe(true);
    await Promise.all([a.idle(), b.idle()]);
    const ids = (await collect(a.store.readStream('dup'))).map((r) => r.eventId);
    expect(ids.filter((id) => id === 'evt-1')).toHaveLength(1);
    expect(ids.filter((id) => id === 'evt-2')).toHaveLength(1);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('finds event ids longer than an index key exactly', async () => {
    const store = new DynamodbEventStore({ client: client(), tableName });
    const long = 'e'.repeat(3000);
    const records = buildRecords('long-id', [{ type: 'NOTE', text: 'x' }]).map((r, i) =>
      i === 1 ? { ...r, eventId: long } : r,
    );
    for (const r of records) await store.append(r, r.version - 1);
    expect(await store.findEvent('long-id', long)).toBe(2);
    expect(await store.findEvent('long-id', `${long}f`)).toBeUndefined();
  });

  it('reads a stream across DynamoDB 1 MB page boundaries', async () => {
    const c = client();
    const commands = recordCommands(c);
    const store = new DynamodbEventStore({ client: c, tableName });
    const records = buildRecords(
      'big',
      Array.from({ length: 29 }, (_, i) => ({ type: 'NOTE', text: `n${i}` })),
    ).map((r) => padTo(r, 100_000));
    for (const r of records) await store.append(r, r.version - 1);
    commands.length = 0;
    expect(await collect(store.readStream('big'))).toEqual(records);
    expect(commands.filter((n) => n === 'QueryCommand').length).toBeGreaterThanOrEqual(3);
  });

  it('stores a record of exactly maxRecordBytes with the largest keys, and refuses a larger item unsent', async () => {
    const c = client();
    const commands = recordCommands(c);
    const store = new DynamodbEventStore({ client: c, tableName });
    const id = 'i'.repeat(512);
    const [start] = buildRecords(id, []);
    const fits = padTo(
      { ...start!, eventId: 'e'.repeat(5000), links: { correlationId: 'c'.repeat(5000) } },
      store.maxRecordBytes,
    );
    await store.append(fits, 0);
    expect(await store.readHead(id)).toEqual(fits);
    commands.length = 0;
    const tooBig = padTo(buildRecords('too-big', [])[0]!, store.maxRecordBytes + 1);
    await expect(store.append(tooBig, 0)).rejects.toBeInstanceOf(PayloadTooLargeError);
    const hugeKey = padTo(buildRecords('k'.repeat(20_000), [])[0]!, store.maxRecordBytes);
    const error = await store.append(hugeKey, 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect((error as PayloadTooLargeError).context['limit']).toBe(DYNAMODB_ITEM_LIMIT_BYTES);
    expect(commands).toEqual([]);
  });

  it('lists instances and work through indexes, never a Scan', async () => {
    const c = client();
    const commands = recordCommands(c);
    const store = new DynamodbEventStore({ client: c, tableName });
    for (let i = 0; i < 5; i += 1) {
      for (const r of buildRecords(
        `l-${i}`,
        i % 2 === 0 ? [{ type: 'CLOSE' }] : [{ type: 'SUBMIT' }],
        1_000_000 + i * 10_000,
      ))
        await store.append(r, r.version - 1);
    }
    for (const query of [
      {},
      { machineId: 'ticket' },
      { status: 'done' as const },
      { status: 'active' as const },
      { correlationId: 'l-3' },
      { updatedSince: 1_030_000 },
    ]) {
      const page = await store.listInstances({ ...query, limit: 2 });
      expect(page.items.length).toBeGreaterThan(0);
    }
    expect((await store.listInstances({ correlationId: 'l-3' })).items.map((s) => s.instanceId)).toEqual(['l-3']);
    expect((await store.listWork({ dueBy: 0 })).map((h) => h.streamId).sort()).toEqual(['l-1', 'l-3']);
    expect(await store.nextTimerDue()).toBeUndefined();
    expect(commands.filter((n) => n === 'ScanCommand')).toEqual([]);
    expect(commands).toContain('QueryCommand');
    await expect(store.listInstances({ status: 'done', cursor: 'bm90LWEtY3Vyc29y' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('drops stale work-index entries once the head has moved on', async () => {
    const c = client();
    const store = new DynamodbEventStore({ client: c, tableName });
    const records = buildRecords('w', [{ type: 'SUBMIT' }, { type: 'sent' }], 1_000_000);
    for (const r of records) await store.append(r, r.version - 1);
    expect(await store.listWork({ dueBy: Number.MAX_SAFE_INTEGER })).toEqual([]);
    expect(await store.nextTimerDue()).toBeUndefined();
    for (const IndexName of ['byTimer', 'byCommand']) {
      const attr = IndexName === 'byTimer' ? 'gTmr' : 'gCmd';
      const value = IndexName === 'byTimer' ? 't' : 'c';
      const page = await c.send(
        new QueryCommand({
          TableName: tableName,
          IndexName,
          KeyConditionExpression: '#h = :h',
          ExpressionAttributeNames: { '#h': attr },
          ExpressionAttributeValues: { ':h': { S: value } },
        }),
      );
      expect(page.Items ?? []).toEqual([]);
    }
    expect(await collect(store.readStream('w'))).toEqual(records);
  });
});
