import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import type { EventStore } from '../../src/ports/eventStore.js';
import { eventStoreContract } from '../contracts/eventStore.contract.js';

eventStoreContract(
  'sqlite file',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'statebridge-sqlite-'));
    const path = join(dir, 'events.db');
    const opened: EventStore[] = [new SqliteEventStore({ path })];
    return {
      store: opened[0]!,
      reopen: async () => {
        await opened[opened.length - 1]!.close();
        const next = new SqliteEventStore({ path });
        opened.push(next);
        return next;
      },
      cleanup: async () => {
        for (const store of opened) await store.close().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  { persistent: true },
);
