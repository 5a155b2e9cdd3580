import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DynamodbEventStore, ensureTable } from '../../src/adapters/dynamodb/index.js';
import { shardedPartition } from '../../src/adapters/dynamodb/tableSchema.js';
import { fixtureStep } from '../support/fixtureSteps.js';
import { clientFor, freshTableName, startDynalite, type Dynalite } from './dynamodbFixture.js';

let server: Dynalite;
beforeAll(async () => {
  server = await startDynalite();
});
afterAll(async () => server.close());

describe('the DynamoDB listing of all instances over its shards', () => {
  const clients: DynamoDBClient[] = [];
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });

  it('lists every instance page by page when ids started in one millisecond order apart in UTF-16', async () => {
    const client = clientFor(server.endpoint);
    clients.push(client);
    const tableName = freshTableName();
    await ensureTable(client, tableName);
    const store = new DynamodbEventStore({ client, tableName });
    // U+FF01 sorts before U+1F600 in UTF-8, as DynamoDB orders keys, and after it in UTF-16 code units.
    const ids = ['i-\uFF01', 'i-\u{1F600}'];
    expect(shardedPartition('all', ids[0]!, 16)).not.toBe(shardedPartition('all', ids[1]!, 16));
    for (const id of ids) await store.append(fixtureStep(id, 1, { links: { correlationId: id } }), 0);
    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listInstances({ limit: 1, ...(cursor === undefined ? {} : { cursor }) });
      listed.push(...page.items.map((s) => s.instanceId));
      cursor = page.cursor;
    } while (cursor !== undefined);
    expect(listed).toEqual(ids);
  });
});
