import type Database from 'better-sqlite3';
import { ChunkedStatements, placeholderRows } from './chunkedStatements.js';

/** A new instance's row; the columns a later step of the same transaction moves are mutable. */
export interface NewInstanceRow {
  readonly id: number;
  readonly streamId: string;
  readonly machineId: string;
  status: string;
  version: number;
  readonly startedAt: number;
  updatedAt: number;
  readonly correlationId: string;
  hasWork: number;
  summary: string;
  source: string | null;
}

const COLUMNS =
  'id, stream_id, machine_id, status, version, started_at, updated_at, correlation_id, has_work, summary, source';

/**
 * The instance rows a write transaction creates, inserted together when it ends (see `InstanceRowUpdates`
 * for why). A new instance stepped again in the same transaction (a workflow's start and its first
 * commands) has its pending row moved instead of an update queued: the row is written once. Rows must be
 * written (`flush`) before anything in the transaction reads the instance table, and dropped (`clear`)
 * when it rolls back.
 */
export class NewInstanceRows {
  /** By stream id. */
  private readonly pending = new Map<string, NewInstanceRow>();
  private readonly statements: ChunkedStatements;

  constructor(db: Database.Database) {
    this.statements = new ChunkedStatements(db);
  }

  add(row: NewInstanceRow): void {
    this.pending.set(row.streamId, row);
  }

  /** The stream's row when it is created in this transaction and not yet written. */
  get(streamId: string): NewInstanceRow | undefined {
    return this.pending.get(streamId);
  }

  get size(): number {
    return this.pending.size;
  }

  clear(): void {
    this.pending.clear();
  }

  /** Insert the rows created so far; a failure must end the transaction (see `StepHalfWritten`). */
  flush(): void {
    if (this.pending.size === 0) return;
    const rows = [...this.pending.values()];
    this.pending.clear();
    this.statements.run(
      'insert',
      rows,
      (n) => `INSERT INTO instances (${COLUMNS}) VALUES ${placeholderRows(n, 11)}`,
      (values, r) => {
        values.push(r.id, r.streamId, r.machineId, r.status, r.version, r.startedAt, r.updatedAt, r.correlationId);
        values.push(r.hasWork, r.summary, r.source);
      },
    );
  }
}
