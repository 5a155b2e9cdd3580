import type Database from 'better-sqlite3';

/** Columns of an instance row a step may set besides its version and work flag (see `InstanceRowUpdates`). */
export const SETS_TIME = 1;
export const SETS_SUMMARY = 2;
export const SETS_STATUS = 4;
export const SETS_SOURCE = 8;

/** The values a step leaves on its instance row; `sets` says which of the optional columns it moved. */
export interface InstanceRowUpdate {
  /** The row's `id`. */
  readonly id: number;
  sets: number;
  version: number;
  hasWork: number;
  updatedAt: number;
  summary: string;
  status: string;
  source: string | null;
}

type OptionalColumn = readonly [number, string, (update: InstanceRowUpdate) => unknown];

const OPTIONAL_COLUMNS: readonly OptionalColumn[] = [
  [SETS_TIME, 'updated_at', (u: InstanceRowUpdate) => u.updatedAt],
  [SETS_SUMMARY, 'summary', (u: InstanceRowUpdate) => u.summary],
  [SETS_STATUS, 'status', (u: InstanceRowUpdate) => u.status],
  [SETS_SOURCE, 'source', (u: InstanceRowUpdate) => u.source],
];

/** Rows per statement, largest first: a batch's updates of one shape are written in as few statements as fit. */
const CHUNKS = [64, 16, 4, 1];

/**
 * The instance rows a write transaction moves, written together when it ends: one `UPDATE ... FROM (VALUES
 * ...)` per shape of update and chunk of rows rather than a statement per step, whose fixed cost (binding,
 * running and resetting a statement) was most of an update's.
 *
 * Only the columns a step moved are set: SQLite rewrites the entries of every index on a column an UPDATE
 * sets, changed or not. A row updated twice in one batch is written once, with the columns either step
 * moved, at the later step's values. Rows must be written (`flush`) before anything in the transaction
 * reads the instance table, and dropped (`clear`) when it rolls back.
 */
export class InstanceRowUpdates {
  /** By stream id. */
  private readonly pending = new Map<string, InstanceRowUpdate>();
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  add(streamId: string, update: InstanceRowUpdate): void {
    const earlier = this.pending.get(streamId);
    if (earlier !== undefined) update.sets |= earlier.sets;
    this.pending.set(streamId, update);
  }

  /** Whether the stream's row has an update not yet written. */
  holds(streamId: string): boolean {
    return this.pending.has(streamId);
  }

  /** Write the pending rows; a failure must end the transaction (see `StepHalfWritten`). */
  flush(): void {
    if (this.pending.size === 0) return;
    const byShape = new Map<number, InstanceRowUpdate[]>();
    for (const update of this.pending.values()) {
      const shape = byShape.get(update.sets);
      if (shape === undefined) byShape.set(update.sets, [update]);
      else shape.push(update);
    }
    this.pending.clear();
    for (const [sets, rows] of byShape) {
      let at = 0;
      for (const chunk of CHUNKS) {
        for (; rows.length - at >= chunk; at += chunk) this.run(sets, rows, at, chunk);
      }
    }
  }

  clear(): void {
    this.pending.clear();
  }

  private run(sets: number, rows: readonly InstanceRowUpdate[], from: number, count: number): void {
    const columns = OPTIONAL_COLUMNS.filter(([bit]) => (sets & bit) !== 0);
    const values: unknown[] = [];
    for (let i = from; i < from + count; i += 1) {
      const update = rows[i]!;
      values.push(update.id, update.version, update.hasWork);
      for (const [, , value] of columns) values.push(value(update));
    }
    this.statement(sets, columns, count).run(values);
  }

  private statement(sets: number, columns: readonly OptionalColumn[], count: number): Database.Statement {
    const key = `${sets}:${count}`;
    let statement = this.statements.get(key);
    if (statement === undefined) {
      // VALUES names its columns column1, column2, ...: the id, the version, the work flag, then the optional ones.
      const set = ['version = v.column2', 'has_work = v.column3'];
      columns.forEach(([, name], i) => set.push(`${name} = v.column${i + 4}`));
      const row = `(${Array.from({ length: columns.length + 3 }, () => '?').join(', ')})`;
      statement = this.db.prepare(
        `UPDATE instances SET ${set.join(', ')} FROM (VALUES ${Array.from({ length: count }, () => row).join(', ')})` +
          ' AS v WHERE instances.id = v.column1',
      );
      this.statements.set(key, statement);
    }
    return statement;
  }
}
