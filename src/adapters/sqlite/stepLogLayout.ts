import type Database from 'better-sqlite3';
import { columnsOf, EVENT_KEY_INDEX, SCHEMA_KEEPING_THE_LOG } from './schema.js';
import { INSTANCE_OF_STREAM } from './stepRows.js';

/**
 * A step's event id as the log keys it: relative to its stream, `<position>:<the id without the stream id>`
 * when it contains the stream id (the ids a workflow derives: `start:<stream>` is `6:start:`), else `=<id>`.
 * One stream's ids map to distinct keys, and the stream is named by the row's instance. Part of the file
 * format: a key written once must be found by every later version, so it is defined here, apart from the
 * record encoding (which may change).
 * @example
 * eventKeyOf('order-7', 'order-7#4#0/outcome/0'); // '0:#4#0/outcome/0'
 */
export function eventKeyOf(streamId: string, eventId: string): string {
  const at = streamId.length === 0 ? -1 : eventId.indexOf(streamId);
  if (at < 0) return `=${eventId}`;
  return `${at}:${eventId.slice(0, at)}${eventId.slice(at + streamId.length)}`;
}

/**
 * Makes `eventKeyOf` callable from SQL, for moving older files, as `event_key(stream_id, event_id)` with both
 * cast to BLOB: better-sqlite3 stores half of a surrogate pair as its own three bytes but hands it to a
 * function as U+FFFD, so text arguments would key ids differing only there alike (a UNIQUE failure that left
 * the file unopenable) and apart from the ids that look-ups key.
 */
export function registerEventKey(db: Database.Database): void {
  db.function('event_key', { deterministic: true }, (streamId, eventId) =>
    eventKeyOf(textOfStored(streamId as Buffer), textOfStored(eventId as Buffer)),
  );
}

/** The string whose bytes SQLite stores (UTF-8, halves of surrogate pairs as three bytes each). */
function textOfStored(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  if (!text.includes('\uFFFD')) return text;
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i]!;
    const size = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    let code = size === 1 ? lead : lead & (0xff >> (size + 1));
    for (let k = 1; k < size; k += 1) code = (code << 6) | (bytes[i + k]! & 0x3f);
    // Bytes no version of the store wrote (another client's) stand for U+FFFD, as in a text read.
    out += String.fromCodePoint(code <= 0x10ffff ? code : 0xfffd);
    i += size;
  }
  return out;
}

/**
 * Which log a file has: `keyed` (rows name the instance and an event key; see `SCHEMA`), or `streamed`, the
 * layout before, whose rows also hold the stream id and the whole event id, unique per (instance, event id).
 *
 * A streamed log is kept as it is. Moving it would rewrite every row of a file that may hold gigabytes, on
 * open, holding the write lock throughout (other processes sharing the file would wait on it), and a
 * process still on the version before could no longer write to it; kept, both versions write the same
 * rows, and only the new log's smaller rows and index entries are missed. Files in the layouts before that
 * are rebuilt anyway (see `migrateLayout`), and go straight to the keyed log.
 */
export type StepLogLayout = 'keyed' | 'streamed';

/**
 * SQL for the version at which an event was applied: one search of the log's event index in either layout
 * (`steps_by_event_key`, or `steps_by_event` on (instance, event_id)). The keyed form takes the key first.
 */
export const FIND_EVENT_SQL = {
  keyed: `SELECT version FROM steps WHERE event_key = ? AND instance = ${INSTANCE_OF_STREAM}`,
  streamed: `SELECT version FROM steps WHERE instance = ${INSTANCE_OF_STREAM} AND event_id = ?`,
} as const;

/** The unique index of a log in the layout before, as its schema declared it. */
const STREAMED_EVENT_INDEX = 'CREATE UNIQUE INDEX IF NOT EXISTS steps_by_event ON steps (instance, event_id);';

/** The log's statements for the file's layout: appending a row and finding an event's version. */
export interface StepLog {
  readonly layout: StepLogLayout;
  insert(instance: number, streamId: string, version: number, eventId: string, record: string): void;
  findEvent(streamId: string, eventId: string): number | undefined;
}

/** Creates what a file lacks (a new file gets the keyed log) and returns its log's statements. */
export function openStepLog(db: Database.Database): StepLog {
  db.exec(SCHEMA_KEEPING_THE_LOG);
  if (columnsOf(db, 'steps').includes('event_key')) {
    db.exec(EVENT_KEY_INDEX);
    const insert = db.prepare<[number, number, string, string]>(
      'INSERT INTO steps (instance, version, event_key, record) VALUES (?, ?, ?, ?)',
    );
    const find = db.prepare<[string, string], { version: number }>(FIND_EVENT_SQL.keyed);
    return {
      layout: 'keyed',
      insert: (instance, streamId, version, eventId, record) =>
        insert.run(instance, version, eventKeyOf(streamId, eventId), record),
      findEvent: (streamId, eventId) => find.get(eventKeyOf(streamId, eventId), streamId)?.version,
    };
  }
  // As every version before did on open: the index that keeps one row per (instance, event id).
  db.exec(STREAMED_EVENT_INDEX);
  const insert = db.prepare<[number, string, number, string, string]>(
    'INSERT INTO steps (instance, stream_id, version, event_id, record) VALUES (?, ?, ?, ?, ?)',
  );
  const find = db.prepare<[string, string], { version: number }>(FIND_EVENT_SQL.streamed);
  return {
    layout: 'streamed',
    insert: (instance, streamId, version, eventId, record) => insert.run(instance, streamId, version, eventId, record),
    findEvent: (streamId, eventId) => find.get(streamId, eventId)?.version,
  };
}
