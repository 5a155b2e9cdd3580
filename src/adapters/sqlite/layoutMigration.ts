import type Database from 'better-sqlite3';
import { StatebridgeError } from '../../core/errors.js';
import { columnsOf } from './schema.js';
import { registerEventKey } from './stepLogLayout.js';

/**
 * Files written before the current layout (see `SCHEMA`) come in two older forms:
 * - `steps` and `instances` declared `WITHOUT ROWID`, keyed by stream (the log has no `seq`, the
 *   instances no creation order);
 * - both in rowid tables, but the log indexed by stream id rather than by the instance's `id`.
 * Both kept a whole head on each instance row (files from before lean records: in every log row, which
 * they still do, so such rows stand alone). Both tables are rebuilt in either case, without the head,
 * which is read from the log, and the log goes to the current form (see `SCHEMA`); `work` has not changed.
 * Files in the layout just before the current one keep their log (see `StepLogLayout`).
 */
const REBUILT_TABLES = ['steps', 'instances'] as const;

function isStreamKeyed(db: Database.Database, table: string): boolean {
  const row = db
    .prepare<[string], { sql: string }>("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?")
    .get(table);
  return row !== undefined && /WITHOUT\s+ROWID/i.test(row.sql);
}

/** The source column (see `SCHEMA`) of instance rows written before it, from their summaries. */
const FILL_SOURCE = "UPDATE instances SET source = json_extract(summary, '$.source')";

/** An instance table without the source column: its source index is on an expression of the summary. */
function lacksSourceColumn(db: Database.Database): boolean {
  const columns = columnsOf(db, 'instances');
  return columns.length > 0 && !columns.includes('source');
}

/**
 * Files in the current layout written before the source column gain it on open, filled from the
 * summaries, and lose the expression index that `SCHEMA` then recreates on the column. One transaction.
 * A process still running the previous version neither fills the column for the instances it starts nor
 * finds the index its source listings name: as above, upgrade every process that shares a file together.
 */
export function addSourceColumn(db: Database.Database): void {
  if (!lacksSourceColumn(db)) return;
  db.transaction(() => {
    if (!lacksSourceColumn(db)) return;
    db.exec('DROP INDEX IF EXISTS instances_by_source');
    db.exec('ALTER TABLE instances ADD COLUMN source TEXT');
    db.exec(FILL_SOURCE);
  }).immediate();
}

/** A file in an older layout: it has a log, and the log is not keyed by instance. */
function needsMigration(db: Database.Database): boolean {
  const columns = columnsOf(db, 'steps');
  return columns.length > 0 && !columns.includes('instance');
}

/**
 * Files in an older layout are moved on open: both tables are renamed, their indexes dropped, the current
 * tables created and filled with every row, and the old ones dropped. One transaction, so a crash leaves
 * either layout whole. A second process opening the file meanwhile waits for the write lock and then
 * finds the work done. A process still running the previous version cannot write to the moved file (its
 * log rows lack the instance key the table requires): its steps fail, nothing is written; upgrade every
 * process that shares a file together.
 */
export function migrateLayout(db: Database.Database, schema: string): void {
  if (!needsMigration(db)) return;
  db.transaction(() => {
    if (!needsMigration(db)) return;
    // Rowid tables keep their order: commit order for the log, creation order for the instances.
    const rowOrder = {
      steps: isStreamKeyed(db, 'steps') ? ['stream_id', 'version'] : ['seq'],
      instances: isStreamKeyed(db, 'instances') ? 'started_at, stream_id' : 'rowid',
    };
    for (const table of REBUILT_TABLES) {
      db.exec(`ALTER TABLE ${table} RENAME TO ${table}_before`);
      const indexes = db
        .prepare<[string], { name: string }>(
          "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        )
        .all(`${table}_before`);
      for (const { name } of indexes) db.exec(`DROP INDEX ${name}`);
    }
    db.exec(schema);
    const current = columnsOf(db, 'instances');
    const instanceColumns = columnsOf(db, 'instances_before')
      .filter((c) => current.includes(c))
      .join(', ');
    // An instance keeps its rowid as its `id`, where it had one.
    const id = rowOrder.instances === 'rowid' ? 'id, ' : '';
    db.exec(
      `INSERT INTO instances (${id}${instanceColumns}) SELECT ${id === '' ? '' : 'rowid, '}${instanceColumns}
       FROM instances_before ORDER BY ${rowOrder.instances}`,
    );
    db.exec(FILL_SOURCE);
    const orphans = db
      .prepare<[], { stream_id: string }>(
        `SELECT DISTINCT stream_id FROM steps_before
         WHERE stream_id NOT IN (SELECT stream_id FROM instances) LIMIT 3`,
      )
      .all();
    if (orphans.length > 0) {
      // Every version of the store wrote a step's log row and instance row in one transaction.
      throw new StatebridgeError(
        'STORE_UNAVAILABLE',
        `SQLite file has log rows without an instance row (streams ${orphans.map((o) => o.stream_id).join(', ')}); ` +
          'it was not moved to the current layout',
      );
    }
    // The log rows keep their order (the rowid tables' `seq` is renumbered in it) and name their event by its
    // key (see `eventKeyOf`); the stream id is on the instance row.
    registerEventKey(db);
    const ordered = rowOrder.steps.map((c) => `s.${c}`).join(', ');
    db.exec(
      `INSERT INTO steps (instance, version, event_key, record)
       SELECT i.id, s.version, event_key(CAST(s.stream_id AS BLOB), CAST(s.event_id AS BLOB)), s.record
       FROM steps_before AS s JOIN instances AS i ON i.stream_id = s.stream_id ORDER BY ${ordered}`,
    );
    for (const table of REBUILT_TABLES) db.exec(`DROP TABLE ${table}_before`);
  }).immediate();
}
