import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';

/** What `use` may return: not a promise, since the connection is closed as soon as `use` returns. */
type NotAPromise<T> = T extends PromiseLike<unknown> ? never : T;

/**
 * Runs `use` on a plain connection to the SQLite file at `path`, one of its own as another process's would be,
 * and closes it even when `use` throws, so a failed assertion leaves no handle on the file.
 */
export function withDatabase<T>(path: string, use: (db: Database.Database) => NotAPromise<T>): T {
  return withConnection(new Database(path), use);
}

/** As `withDatabase`, on a read-only connection: for tests that look at the rows a store wrote. */
export function withReadOnlyDatabase<T>(path: string, use: (db: Database.Database) => NotAPromise<T>): T {
  return withConnection(new Database(path, { readonly: true }), use);
}

function withConnection<T>(db: Database.Database, use: (db: Database.Database) => T): T {
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/** Runs `use` on a store opened on the SQLite file at `path`, and closes the store however `use` ends. */
export async function withStore<T>(path: string, use: (store: SqliteEventStore) => Promise<T>): Promise<T> {
  const store = new SqliteEventStore({ path });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
