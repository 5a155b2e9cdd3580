import type Database from 'better-sqlite3';
import type { SummaryFields } from './instanceSummaryRow.js';
import { setBounded } from '../../core/boundedMaps.js';

/** What a step's write checks and compares against: the instance row and its work row, if any. */
export interface CurrentRow {
  readonly id: number;
  readonly version: number;
  readonly status: string;
  readonly updated_at: number;
  readonly source: string | null;
  readonly pending_commands: number | null;
  readonly next_due: number | null;
  /** The `summary` column's text. */
  readonly summary: string;
  /** What that text was made of, when this connection wrote it (see `sameSummaryFields`). */
  readonly summaryFields?: SummaryFields;
}

/**
 * The instance rows (work counts and summary text with them) this connection last wrote, and the next
 * instance number, so a step need not read them back. They are trusted only inside a write transaction and
 * only while no other connection has committed since this one last looked: SQLite's `data_version` changes
 * exactly then, and read once after `BEGIN IMMEDIATE` it covers every commit another process could make
 * before ours, so the version check still sees the other process's latest step. Otherwise they are dropped
 * and read again.
 */
export class WrittenRows {
  /** By stream id; null for a stream known to have no instance row (see `absent`). */
  private readonly rows = new Map<string, CurrentRow | null>();
  private nextId: number | undefined;
  private seenVersion: number | undefined;
  private readonly dataVersion;

  constructor(
    db: Database.Database,
    private readonly capacity: number,
  ) {
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  /** Call first in each write transaction: forgets everything if another connection has committed. */
  begin(): void {
    const now = this.dataVersion.get()!;
    if (now !== this.seenVersion) this.forget();
    this.seenVersion = now;
  }

  /** The stream's rows; null when it is known to have none, undefined when not known. */
  get(streamId: string): CurrentRow | null | undefined {
    return this.rows.get(streamId);
  }

  /**
   * The stream has no instance row: this connection looked (inside a write transaction or out of one) and
   * found none. A new stream's first write then needs no read: `begin` drops this with the rest when another
   * connection has committed since the transaction before the look, so a stream it created is read again.
   */
  absent(streamId: string): void {
    if (this.seenVersion !== undefined && !this.rows.has(streamId)) this.set(streamId, null);
  }

  /** The id the next new instance takes, when known (see `SCHEMA`). */
  nextInstanceId(): number | undefined {
    return this.nextId;
  }

  set(streamId: string, row: CurrentRow | null): void {
    setBounded(this.rows, streamId, row, this.capacity);
    if (row !== null && this.nextId !== undefined && row.id >= this.nextId) this.nextId = row.id + 1;
  }

  /** The next instance number, read from the file. */
  setNextInstanceId(id: number): void {
    this.nextId = id;
  }

  /** After a rollback, or when another connection has committed: nothing cached holds. */
  forget(): void {
    this.rows.clear();
    this.nextId = undefined;
    this.seenVersion = undefined;
  }
}
