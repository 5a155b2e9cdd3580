import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, vi } from 'vitest';
import { DynamodbEventStore, ensureTable } from '../../src/adapters/dynamodb/index.js';
import type { EventStore } from '../../src/ports/eventStore.js';
import { eventStoreContract, type StoreFixture } from '../contracts/eventStore.contract.js';
import { clientFor, freshTableName, startDynalite, type Dynalite } from './dynamodbFixture.js';

// The contract's 1,200-step stream is written one conditional put at a time; on a busy machine that
// alone can approach the default 30 s.
vi.setConfig({ testTimeout: 120_000 });

let server: Dynalite;
beforeAll(async () => {
  server = await startDynalite();
});
afterAll(async () => server.close());

/** A fresh table per test; `reopen` is a new client and store over the same table (a process restart). */
function fixture(snapshotCache: boolean) {
  return async (): Promise<StoreFixture> => {
    const tableName = freshTableName();
    const admin = clientFor(server.endpoint);
    await ensureTable(admin, tableName);
    const opened: EventStore[] = [];
    const open = () => {
      const store = new DynamodbEventStore({
        client: clientFor(server.endpoint),
        tableName,
        snapshotCache,
        ownsClient: true,
      });
      opened.push(store);
      return store;
    };
    return {
      store: open(),
      reopen: async () => {
        await opened[opened.length - 1]!.close();
        return open();
      },
      cleanup: async () => {
        for (const store of opened) await store.close();
        await admin.send(new DeleteTableCommand({ TableName: tableName }));
        admin.destroy();
      },
    };
  };
}

eventStoreContract('dynamodb (dynalite)', fixture(false), { persistent: true });
eventStoreContract('dynamodb (dynalite, snapshot cache)', fixture(true), { persistent: true });
