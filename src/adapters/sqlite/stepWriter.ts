import type Database from 'better-sqlite3';
import { ConcurrencyConflictError } from '../../core/errors.js';
import { earliestDue, type StepRecord } from '../../core/stepRecord.js';
import { sameSummaryFields, storedSummary, summaryFieldsOf } from './instanceSummaryRow.js';
import { IndexRowWriter } from './indexRowWriter.js';
import { isSqliteBusy, SqliteBusyError } from './sqliteBusy.js';
import type { StepLog } from './stepLogLayout.js';
import { logRow, type HeadCache } from './stepRows.js';
import { WrittenRows, type CurrentRow } from './writtenRows.js';

/** A step failed after its log row was inserted: the transaction holding it must not commit. */
export class StepHalfWritten extends Error {
  constructor(cause: unknown) {
    super('a step failed after its log row was written', { cause });
  }
}

/** A step's log row, when encoded before the write (see `logRow`). */
export type EncodedStep = string | undefined;

/**
 * Writes one step inside the store's open transaction: checks the version, appends the log row, then
 * brings the instance row and the work index in line with the new head. The instance and work rows are
 * written together by `finish`, once the transaction's steps are all written (see `IndexRowWriter`).
 */
export class StepWriter {
  private readonly statements;
  private readonly rows: WrittenRows;
  private readonly indexRows: IndexRowWriter;

  constructor(
    db: Database.Database,
    private readonly log: StepLog,
    private readonly heads: HeadCache,
    /** The head as stored, for a step whose previous record is not cached. */
    private readonly headNow: (streamId: string) => StepRecord | undefined,
  ) {
    this.rows = new WrittenRows(db, 10_000);
    this.indexRows = new IndexRowWriter(db);
    this.statements = {
      current: db.prepare<[string], CurrentRow>(
        `SELECT i.id, i.version, i.status, i.updated_at, i.source, i.summary, w.pending_commands, w.next_due
         FROM instances AS i LEFT JOIN work AS w ON w.stream_id = i.stream_id WHERE i.stream_id = ?`,
      ),
      nextId: db.prepare<[], { id: number }>('SELECT coalesce(max(id), 0) + 1 AS id FROM instances'),
    };
  }

  /** Call first in each write transaction (see `WrittenRows`). */
  begin(): void {
    this.indexRows.clear();
    this.rows.begin();
  }

  /** Call last in each write transaction: writes the instance and work rows its steps moved (see `IndexRowWriter`). */
  finish(): void {
    try {
      this.indexRows.flush();
    } catch (error) {
      throw new StepHalfWritten(error);
    }
  }

  /** After a rolled-back transaction: the rows it wrote were never committed. */
  forget(): void {
    this.indexRows.clear();
    this.rows.forget();
  }

  /**
   * No savepoint needed: the version is checked, then the log row inserted, and only then are the instance
   * and work rows touched, so a step that fails up to its log row has written nothing. One that fails after
   * it (a statement SQLite aborts on a full disk, say) has written half a step: it throws `StepHalfWritten`,
   * which must end the whole transaction.
   */
  write(record: StepRecord, expectedVersion: number, encoded: EncodedStep): void {
    const { streamId } = record;
    const current = this.currentRow(streamId);
    if ((current?.version ?? 0) !== expectedVersion || record.version !== expectedVersion + 1) {
      // The step was decided from a head another process has moved on from: its retry reads the file.
      this.heads.refused(streamId, expectedVersion);
      throw new ConcurrencyConflictError(streamId, expectedVersion);
    }
    const row = encoded ?? logRow(record, this.heads.get(streamId, expectedVersion) ?? this.storedHead(streamId));
    const id = current?.id ?? this.newInstanceId();
    try {
      this.log.insert(id, streamId, record.version, record.eventId, row);
    } catch (error) {
      // Another process wrote this version or this event id first.
      if ((error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) {
        this.heads.refused(streamId, expectedVersion);
        throw new ConcurrencyConflictError(streamId, expectedVersion, error);
      }
      if (isSqliteBusy(error)) throw new SqliteBusyError(streamId, expectedVersion, error);
      throw error;
    }
    try {
      this.writeIndexes(id, record, current);
    } catch (error) {
      throw new StepHalfWritten(error);
    }
  }

  /** This connection found no instance row for the stream (see `WrittenRows.absent`). */
  absent(streamId: string): void {
    this.rows.absent(streamId);
  }

  /** The version the stream is at in this transaction (0 for none), as `write` checks it. */
  versionOf(streamId: string): number {
    return this.currentRow(streamId)?.version ?? 0;
  }

  /** The instance and work rows, brought in line with the log row just written. */
  private writeIndexes(id: number, record: StepRecord, current: CurrentRow | undefined): void {
    const { streamId } = record;
    const commands = record.pending.commands.length;
    const hasWork = commands > 0 || record.pending.timers.length > 0;
    const nextTimerAt = hasWork ? earliestDue(record) : undefined;
    const due = nextTimerAt ?? null;
    const status = record.state.status;
    const source = record.about?.source ?? null;
    // The summary's text is made again only when what it is made of has moved since this connection wrote it.
    const previous = current?.summaryFields;
    const kept = previous !== undefined && sameSummaryFields(previous, record, nextTimerAt);
    const fields = kept ? previous : summaryFieldsOf(record, nextTimerAt);
    const summary = kept && current !== undefined ? current.summary : storedSummary(fields);
    // A write that fails from here on ends the transaction (`StepHalfWritten`), and its rollback forgets every
    // row cached (see `forget`): the rows are then read from the file.
    this.indexRows.instance(id, record, current, status, summary, source, hasWork);
    this.heads.set(record);
    this.indexRows.workRow(streamId, current, hasWork, commands, due);
    this.rows.set(streamId, {
      id,
      version: record.version,
      status,
      updated_at: record.at,
      source,
      pending_commands: hasWork ? commands : null,
      next_due: hasWork ? due : null,
      summary: summary,
      summaryFields: fields,
    });
  }

  /** The head as the file holds it, with the instance rows this transaction moved written first. */
  private storedHead(streamId: string): StepRecord | undefined {
    if (this.indexRows.holds(streamId)) this.finish();
    return this.headNow(streamId);
  }

  /** The stream's rows as this connection wrote them last, or as the file holds them. */
  private currentRow(streamId: string): CurrentRow | undefined {
    const written = this.rows.get(streamId);
    if (written !== undefined) return written ?? undefined;
    // Only a row dropped from `rows` (a batch of more streams than it holds) can be pending here.
    if (this.indexRows.holds(streamId)) this.finish();
    const stored = this.statements.current.get(streamId);
    this.rows.set(streamId, stored ?? null);
    return stored;
  }

  /**
   * A new instance's id is the next in creation order (see `SCHEMA`): the write lock is held, so no
   * other writer takes it before the instance row is written.
   */
  private newInstanceId(): number {
    const known = this.rows.nextInstanceId();
    if (known !== undefined) return known;
    if (this.indexRows.insertsPending()) this.finish();
    const id = this.statements.nextId.get()!.id;
    this.rows.setNextInstanceId(id);
    return id;
  }
}
