import type { DynamoDBClient, QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DynamodbEventStore, ensureTable } from '../../src/adapters/dynamodb/index.js';
import { fixtureStep } from '../support/fixtureSteps.js';
import { clientFor, freshTableName, startDynalite, type Dynalite } from './dynamodbFixture.js';

let server: Dynalite;
beforeAll(async () => {
  server = await startDynalite();
});
afterAll(async () => server.close());

/**
 * Run `meanwhile` once, when the client sends its first head read (a newest-first Query of the table), after the
 * event lookup the same step sent beside it has been answered, if one was.
 */
function beforeHeadRead(client: DynamoDBClient, meanwhile: () => Promise<void>): void {
  let lookupAnswered!: () => void;
  const answered = new Promise<void>((resolve) => (lookupAnswered = resolve));
  let done = false;
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as QueryCommandInput;
      if (input.IndexName === 'byEvent') {
        const output = await next(args);
        lookupAnswered();
        return output;
      }
      if (!done && input.IndexName === undefined && input.ScanIndexForward === false) {
        done = true;
        await Promise.race([answered, delay(100)]);
        await meanwhile();
      }
      return next(args);
    },
    { step: 'initialize' },
  );
}

describe('a DynamoDB step read on a stream the store has no snapshot of', () => {
  const clients: DynamoDBClient[] = [];
  const client = () => {
    const c = clientFor(server.endpoint);
    clients.push(c);
    return c;
  };
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });

  for (const snapshotCache of [true, false]) {
    it(`finds the event applied by steps another writer took meanwhile (snapshot cache ${snapshotCache})`, async () => {
      const tableName = freshTableName();
      await ensureTable(client(), tableName);
      const writer = new DynamodbEventStore({ client: client(), tableName });
      await writer.append(fixtureStep('s', 1), 0);
      const cold = client();
      // Another process applies the event and then steps again while this one reads the stream.
      beforeHeadRead(cold, async () => {
        await writer.append(fixtureStep('s', 2, { eventId: 'dup' }), 1);
        await writer.append(fixtureStep('s', 3), 2);
      });
      const store = new DynamodbEventStore({ client: cold, tableName, snapshotCache });
      const view = await store.readForStep('s', 'dup');
      expect(view.head?.version).toBe(3);
      expect(view.appliedAt).toBe(2);
    });
  }
});
