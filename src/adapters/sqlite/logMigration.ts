import type Database from 'better-sqlite3';

/** The log table as files written before it moved to commit order declare it: keyed by (stream, version). */
function isStreamKeyedLog(db: Database.Database): boolean {
  const table = db
    .prepare<[], { sql: string }>("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'steps'")
    .get();
  return table !== undefined && /WITHOUT\s+ROWID/i.test(table.sql);
}

/**
 * Files written before the log moved to commit order keep it in a table keyed by (stream, version). On
 * open, its rows are copied into the current layout, stream by stream in version order, and the old
 * table is dropped: one transaction, so a crash leaves either layout whole. A second process opening the
 * file meanwhile waits for the write lock and then finds the work done; one still running the previous
 * version re-prepares its statements against the same table and columns and carries on.
 */
export function migrateLog(db: Database.Database, schema: string): void {
  if (!isStreamKeyedLog(db)) return;
  db.transaction(() => {
    if (!isStreamKeyedLog(db)) return;
    db.exec('ALTER TABLE steps RENAME TO steps_by_stream');
    db.exec('DROP INDEX IF EXISTS steps_by_event');
    db.exec(schema);
    db.exec(
      `INSERT INTO steps (stream_id, version, event_id, record)
       SELECT stream_id, version, event_id, record FROM steps_by_stream ORDER BY stream_id, version`,
    );
    db.exec('DROP TABLE steps_by_stream');
  }).immediate();
}
