import { ConcurrencyConflictError, errorCode } from '../../core/errors.js';

/**
 * Another process holds the SQLite file's write lock longer than the busy timeout. Nothing was written.
 * It is a concurrency conflict (code `CONCURRENCY_CONFLICT`, retryable), so the runtime re-reads and
 * decides the step again exactly as when another writer appended first.
 */
export class SqliteBusyError extends ConcurrencyConflictError {
  constructor(streamId: string, expectedVersion: number, cause: unknown) {
    super(streamId, expectedVersion, cause);
    this.message =
      `stream ${streamId} was not written: another connection held the ` +
      `database file (${sqliteCode(cause)}); re-read and decide again`;
  }
}

/** True for SQLite's "someone else has the lock" results, including their extended codes (SQLITE_BUSY_SNAPSHOT). */
export function isSqliteBusy(error: unknown): boolean {
  const code = sqliteCode(error);
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

function sqliteCode(error: unknown): string {
  return errorCode(error) ?? '';
}
