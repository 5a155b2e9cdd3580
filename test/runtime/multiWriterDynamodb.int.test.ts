import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DynamodbEventStore, ensureTable } from '../../src/adapters/dynamodb/index.js';
import { clientFor, freshTableName, startDynalite, type Dynalite } from '../adapters/dynamodbFixture.js';
import { randomTurns } from '../support/delayingEventStore.js';
import { schedulesOn, type Stores } from './fixtures/multiWriterSchedule.js';

let server: Dynalite;
beforeAll(async () => {
  server = await startDynalite();
});
afterAll(async () => server.close());

/**
 * A table on dynalite and a client and store for each runtime, each request put off by random turns on its way, so
 * one process's reads and puts interleave with another's as over a network.
 */
const table =
  (snapshotCache: boolean): Stores =>
  async (count, { turnsSeed }) => {
    const tableName = freshTableName();
    const admin = clientFor(server.endpoint);
    await ensureTable(admin, tableName);
    admin.destroy();
    const stores = Array.from({ length: count }, (_, i) => {
      const client = clientFor(server.endpoint);
      const wait = randomTurns(turnsSeed + i, 400);
      client.middlewareStack.add(
        (next) => async (args) => {
          await wait();
          return next(args);
        },
        { step: 'initialize' },
      );
      return new DynamodbEventStore({ client, tableName, snapshotCache, ownsClient: true, indexShards: 2 });
    });
    return { stores, reader: stores[0]! };
  };

const seed = Number(process.env['FC_SEED'] ?? Date.now() % 2_147_483_647);

describe('several runtimes writing one DynamoDB table at once (fast-check, dynalite)', () => {
  afterAll(() => console.log(`multiWriterDynamodb.int seed=${seed} (replay with FC_SEED=${seed})`));

  for (const snapshotCache of [true, false]) {
    const name = `snapshot cache ${snapshotCache ? 'on' : 'off'}`;
    it(`${name}: each event, command outcome and timer applied once (seed ${seed})`, async () => {
      await fc.assert(schedulesOn(table(snapshotCache)), { numRuns: Number(process.env['FC_RUNS'] ?? 20), seed });
    });
  }
});
