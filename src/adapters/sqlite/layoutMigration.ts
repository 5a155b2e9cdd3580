import type Database from 'better-sqlite3';

/**
 * Tables that files written before the current layout declare `WITHOUT ROWID`, keyed by stream, and the
 * order their rows are copied in. The log moved to commit order (see `SCHEMA`); the instance rows moved to
 * a rowid table, where a row of a few kilobytes (the head) stays on its page instead of spilling into
 * overflow pages that every step frees and allocates again.
 */
const MOVED_TABLES = [
  { table: 'steps', order: 'stream_id, version' },
  { table: 'instances', order: 'started_at, stream_id' },
] as const;

function isStreamKeyed(db: Database.Database, table: string): boolean {
  const row = db
    .prepare<[string], { sql: string }>("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?")
    .get(table);
  return row !== undefined && /WITHOUT\s+ROWID/i.test(row.sql);
}

/**
 * Files in the previous layout are moved on open: each table declared the old way is renamed, its
 * indexes dropped, the current table created and filled with every row, and the old one dropped. One
 * transaction, so a crash leaves either layout whole. A second process opening the file meanwhile waits
 * for the write lock and then finds the work done; one still running the previous version re-prepares
 * its statements against tables with the same names and columns and carries on.
 */
export function migrateLayout(db: Database.Database, schema: string): void {
  if (!MOVED_TABLES.some(({ table }) => isStreamKeyed(db, table))) return;
  db.transaction(() => {
    const moving = MOVED_TABLES.filter(({ table }) => isStreamKeyed(db, table));
    for (const { table } of moving) {
      db.exec(`ALTER TABLE ${table} RENAME TO ${table}_before`);
      const indexes = db
        .prepare<[string], { name: string }>(
          "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        )
        .all(`${table}_before`);
      for (const { name } of indexes) db.exec(`DROP INDEX ${name}`);
    }
    db.exec(schema);
    for (const { table, order } of moving) {
      // Files from before lean records have no `head` column: copy the columns the old table has.
      const columns = db
        .prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)')
        .all(`${table}_before`)
        .map((c) => c.name)
        .join(', ');
      db.exec(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM ${table}_before ORDER BY ${order}`);
      db.exec(`DROP TABLE ${table}_before`);
    }
  }).immediate();
}
