import Database from 'better-sqlite3';
import { StatebridgeError } from '../../core/errors.js';

/** What `openDatabase` passes on to better-sqlite3. */
export interface OpenDatabaseOptions {
  /** Milliseconds a statement waits for another connection's lock (SQLite's busy timeout). */
  readonly timeout: number;
}

type DatabaseConstructor = new (path: string, options: OpenDatabaseOptions) => Database.Database;

/**
 * Opens a SQLite file with better-sqlite3, whose native module is built when it is installed. Recent npm releases
 * skip the install scripts of dependencies unless the project allows them, so a project that installed statebridge
 * without allowing better-sqlite3's gets a module that cannot load, and better-sqlite3's own error lists a dozen
 * paths it searched: this says why, and what to run.
 */
export function openDatabase(
  path: string,
  options: OpenDatabaseOptions,
  open: DatabaseConstructor = Database,
): Database.Database {
  try {
    return new open(path, options);
  } catch (error) {
    const reason = nativeModuleFault(error);
    if (reason === undefined) throw error;
    throw new StatebridgeError(
      'STORE_UNAVAILABLE',
      `SQLite store ${path}: better-sqlite3's native module ${reason}. Build it in your project with ` +
        '`npm install-scripts approve better-sqlite3 && npm rebuild better-sqlite3` (recent npm releases ' +
        "run dependencies' install scripts only once allowed; on older ones, `npm rebuild better-sqlite3`), " +
        'or run on the memory store (`--db memory`, `new MemoryEventStore()`)',
      { cause: error, context: { path } },
    );
  }
}

/** Why better-sqlite3 could not load its native module, or undefined for any other error. */
function nativeModuleFault(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : '';
  if (message.includes('Could not locate the bindings file')) return 'was never built';
  // Most often a module built under another Node.js version (NODE_MODULE_VERSION), kept in node_modules.
  if ((error as { code?: unknown }).code === 'ERR_DLOPEN_FAILED')
    return `could not be loaded (${message.split('\n')[0]})`;
  return undefined;
}
