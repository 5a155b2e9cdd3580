import type Database from 'better-sqlite3';

/**
 * Tables of the SQLite event store. `steps` is the log (lean records: deltas with a checkpoint every few
 * steps); `instances` and `work` are indexes of the streams kept in the same transaction. The head is read
 * from the log (see `logRow`).
 *
 * The log is stored in commit order (rowid) and found through `steps_by_version`: a commit of 64 steps
 * appends its rows to the last few pages instead of inserting them into 64 places of a table keyed by
 * stream, where rows of a kilobyte split a leaf (and rewrite its neighbours) on nearly every insert.
 *
 * Instances are numbered in creation order (`id`), and their rows and the log's indexes are keyed by that
 * number, not by the stream id: stream ids are random, so under them a commit's entries land on as many
 * pages as it has steps, while instances created together (the ones that step together) keep theirs on a
 * few neighbouring pages. `id` is declared, not the implicit rowid, because VACUUM may renumber that.
 *
 * A log row names its instance by number only, and its event by a key relative to the stream (see
 * `EVENT_KEY_INDEX`); the stream id is on the instance row.
 *
 * `source` repeats the summary's source in a column of its own for `instances_by_source`: an index on an
 * expression of `summary` was recomputed (the summary parsed twice) and rewritten on every step, since every
 * step sets the summary; an index on a column a step leaves alone costs nothing there. `summary` itself holds
 * only what no other column does (see `storedSummary`); rows written before hold the whole summary, and
 * read the same. A process of the previous version reads only the column: upgrade processes sharing a file
 * together.
 */
const STEPS_TABLE = `
CREATE TABLE IF NOT EXISTS steps (
  seq INTEGER PRIMARY KEY,
  instance INTEGER NOT NULL,
  version INTEGER NOT NULL,
  event_key TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS steps_by_version ON steps (instance, version);
`;

/**
 * The log's event ids are unique per instance. The index leads with the event key (see `eventKeyOf`), not
 * the instance: a long-lived instance's entries would sit in a range of their own, so a commit of 64 steps
 * rewrote 64 leaves; keyed by event, the ids the runtime makes (time-ordered) go to the index's right edge,
 * and the ids a workflow derives from its stream's id, relative to it, are the same for every instance, so
 * instances created together put theirs side by side. WAL pages of this index per commit of 64 steps: 5 for
 * 64 long-lived counters (82 under (instance, event id)); 4.9 for the peer workflow, where (instance, key)
 * would write 4.0: too little to split the index in two partial ones by the form of the key.
 */
export const EVENT_KEY_INDEX = 'CREATE UNIQUE INDEX IF NOT EXISTS steps_by_event_key ON steps (event_key, instance);';

const INDEX_TABLES = `
CREATE TABLE IF NOT EXISTS instances (
  id INTEGER PRIMARY KEY,
  stream_id TEXT NOT NULL UNIQUE,
  machine_id TEXT NOT NULL,
  status TEXT NOT NULL,
  version INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  correlation_id TEXT NOT NULL,
  has_work INTEGER NOT NULL,
  summary TEXT NOT NULL,
  source TEXT
);
CREATE INDEX IF NOT EXISTS instances_by_start ON instances (started_at DESC, stream_id);
CREATE INDEX IF NOT EXISTS instances_by_machine ON instances (machine_id, started_at DESC, stream_id);
CREATE INDEX IF NOT EXISTS instances_by_correlation ON instances (correlation_id, started_at DESC, stream_id);
CREATE INDEX IF NOT EXISTS instances_by_status ON instances (status, started_at DESC, stream_id);
CREATE INDEX IF NOT EXISTS instances_by_update ON instances (updated_at);
CREATE INDEX IF NOT EXISTS instances_by_source ON instances (source, started_at DESC, stream_id)
  WHERE source IS NOT NULL;
CREATE TABLE IF NOT EXISTS work (
  stream_id TEXT PRIMARY KEY,
  pending_commands INTEGER NOT NULL,
  next_due INTEGER
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS work_by_due ON work (next_due);
CREATE INDEX IF NOT EXISTS work_by_commands ON work (pending_commands);
`;

/** The tables and indexes of a new file. */
export const SCHEMA = STEPS_TABLE + EVENT_KEY_INDEX + INDEX_TABLES;

/**
 * The same for a file whose log keeps the columns of the layout before (see `stepLogLayout`): creates
 * whatever is missing and leaves its log as it is.
 */
export const SCHEMA_KEEPING_THE_LOG = STEPS_TABLE + INDEX_TABLES;

/**
 * Pages the write-ahead log may hold before a commit copies them back into the database file. Each batch
 * rewrites mostly the same hot pages (the last leaf of each stepping stream, its index entries, the
 * instance rows), so a wider window copies each of them once for many commits instead of once for a few;
 * durability is unchanged (every commit is synced to the log before it is acknowledged).
 */
export const WAL_AUTOCHECKPOINT_PAGES = 4000;

/** The durability settings of the store's file: WAL, `synchronous=FULL`, and the checkpoint window above. */
export function applyDurability(db: { pragma(source: string): unknown }): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
}

/** The names of a table's columns as the file declares them (how the store tells one layout from another). */
export function columnsOf(db: Database.Database, table: string): string[] {
  return db
    .prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)')
    .all(table)
    .map((c) => c.name);
}
