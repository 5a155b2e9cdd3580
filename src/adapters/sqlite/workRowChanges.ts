import type Database from 'better-sqlite3';
import { ChunkedStatements, placeholderRows } from './chunkedStatements.js';

/** A work row's values; null for no row (the stream has no pending commands or timers). */
type WorkValues = { readonly commands: number; readonly due: number | null } | null;

interface WorkChange {
  /** The row as the file holds it. */
  readonly before: WorkValues;
  /** The row as the stream's latest step in the transaction leaves it. */
  after: WorkValues;
}

const sameWork = (a: WorkValues, b: WorkValues): boolean =>
  a === null || b === null ? a === b : a.commands === b.commands && a.due === b.due;

/**
 * The work rows a write transaction moves, written together when it ends (see `InstanceRowUpdates` for
 * why). Only the net change of each stream is written: a row a workflow's steps insert and delete again
 * within one transaction (a command sent and settled in the same batch) is never written at all. Rows must
 * be written (`flush`) before anything in the transaction reads the work table, and dropped (`clear`) when
 * it rolls back.
 */
export class WorkRowChanges {
  /** By stream id. */
  private readonly pending = new Map<string, WorkChange>();
  private readonly statements: ChunkedStatements;

  constructor(db: Database.Database) {
    this.statements = new ChunkedStatements(db);
  }

  /** A step leaves the stream's row at `after`; `before` is the row as the step found it. */
  set(streamId: string, before: WorkValues, after: WorkValues): void {
    const earlier = this.pending.get(streamId);
    if (earlier !== undefined) earlier.after = after;
    else if (!sameWork(before, after)) this.pending.set(streamId, { before, after });
  }

  holds(streamId: string): boolean {
    return this.pending.has(streamId);
  }

  clear(): void {
    this.pending.clear();
  }

  /** Write the rows changed so far; a failure must end the transaction (see `StepHalfWritten`). */
  flush(): void {
    if (this.pending.size === 0) return;
    const inserts: [string, { commands: number; due: number | null }][] = [];
    const updates: [string, { commands: number; due: number | null }][] = [];
    const deletes: string[] = [];
    for (const [streamId, { before, after }] of this.pending) {
      if (sameWork(before, after)) continue;
      if (after === null) deletes.push(streamId);
      else if (before === null) inserts.push([streamId, after]);
      else updates.push([streamId, after]);
    }
    this.pending.clear();
    const push = (values: unknown[], [streamId, row]: [string, { commands: number; due: number | null }]) => {
      values.push(streamId, row.commands, row.due);
    };
    this.statements.run(
      'delete',
      deletes,
      (n) => `DELETE FROM work WHERE stream_id IN (${placeholderRows(n, 1)})`,
      (values, streamId) => values.push(streamId),
    );
    this.statements.run(
      'insert',
      inserts,
      (n) => `INSERT INTO work (stream_id, pending_commands, next_due) VALUES ${placeholderRows(n, 3)}`,
      push,
    );
    // VALUES names its columns column1, column2, ...: the stream id, the command count, the due time.
    this.statements.run(
      'update',
      updates,
      (n) =>
        `UPDATE work SET pending_commands = v.column2, next_due = v.column3 FROM (VALUES ${placeholderRows(n, 3)})` +
        ' AS v WHERE work.stream_id = v.column1',
      push,
    );
  }
}
