import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamodbEventStore, ensureTable } from '../../src/adapters/dynamodb/index.js';
import { isConcurrencyConflict } from '../../src/core/errors.js';
import { fixtureStep } from '../support/fixtureSteps.js';
import { freshTableName, startDynalite, type Dynalite } from './dynamodbFixture.js';

let server: Dynalite;
beforeAll(async () => {
  server = await startDynalite();
});
afterAll(async () => server.close());

const timedOut = () => Object.assign(new Error('connection timed out'), { name: 'TimeoutError', $metadata: {} });

/**
 * A client that retries as the SDK does by default, whose first PutItem times out: after the table took the
 * write (`landed`), or before it was sent, while `meanwhile` runs. Either way the SDK sends the same put again.
 */
function clientTimingOutFirstPut(first: { landed: true } | { landed: false; meanwhile: () => Promise<void> }) {
  const client = new DynamoDBClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 2,
  });
  let timedOutOnce = false;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (timedOutOnce || context.commandName !== 'PutItemCommand') return next(args);
      timedOutOnce = true;
      if (first.landed) await next(args);
      else await first.meanwhile();
      throw timedOut();
    },
    { step: 'deserialize' },
  );
  return client;
}

describe('a DynamoDB append whose put the SDK sent again after losing the answer', () => {
  it('is written once and reported written, not refused by its own first attempt', async () => {
    const client = clientTimingOutFirstPut({ landed: true });
    const tableName = freshTableName();
    await ensureTable(client, tableName);
    const store = new DynamodbEventStore({ client, tableName });
    const start = fixtureStep('s', 1);
    await expect(store.append(start, 0)).resolves.toBeUndefined();
    expect(await store.readHead('s')).toEqual(start);
    // The store goes on from its write, as from any other.
    await store.append(fixtureStep('s', 2), 1);
    expect((await store.readHead('s'))?.version).toBe(2);
    client.destroy();
  });

  it('is refused as a conflict when another writer took the version before the put was sent again', async () => {
    const tableName = freshTableName();
    const other: DynamodbEventStore[] = [];
    const client = clientTimingOutFirstPut({
      landed: false,
      meanwhile: () => other[0]!.append(fixtureStep('s', 1, { eventId: 'theirs' }), 0),
    });
    await ensureTable(client, tableName);
    other.push(new DynamodbEventStore({ client, tableName }));
    const store = new DynamodbEventStore({ client, tableName });
    expect(isConcurrencyConflict(await store.append(fixtureStep('s', 1), 0).catch((e: unknown) => e))).toBe(true);
    expect((await store.readHead('s'))?.eventId).toBe('theirs');
    client.destroy();
  });
});
