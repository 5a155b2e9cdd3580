import type Database from 'better-sqlite3';
import { ConcurrencyConflictError } from '../../core/errors.js';
import { earliestDue, type StepRecord } from '../../core/stepRecord.js';
import { sameSummaryFields, storedSummary, summaryFieldsOf } from './instanceSummaryRow.js';
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
 * brings the instance row and the work index in line with the new head.
 */
export class StepWriter {
  private readonly statements;
  private readonly rows: WrittenRows;

  constructor(
    db: Database.Database,
    private readonly log: StepLog,
    private readonly heads: HeadCache,
    /** The head as stored, for a step whose previous record is not cached. */
    private readonly headNow: (streamId: string) => StepRecord | undefined,
  ) {
    this.rows = new WrittenRows(db, 10_000);
    this.statements = {
      current: db.prepare<[string], CurrentRow>(
        `SELECT i.id, i.version, i.status, i.updated_at, i.source, i.summary, w.pending_commands, w.next_due
         FROM instances AS i LEFT JOIN work AS w ON w.stream_id = i.stream_id WHERE i.stream_id = ?`,
      ),
      nextId: db.prepare<[], { id: number }>('SELECT coalesce(max(id), 0) + 1 AS id FROM instances'),
      insertInstance: db.prepare(
        `INSERT INTO instances
           (id, stream_id, machine_id, status, version, started_at, updated_at, correlation_id, has_work, summary,
            source)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      // SQLite rewrites the entries of every index on a column an UPDATE sets, changed or not, so each
      // step sets only what moved: the status and update-time indexes are written when those change. The
      // summary is left out when its text is the same (a step of a long-lived instance often keeps it).
      updateInstance: db.prepare('UPDATE instances SET version = ?, has_work = ? WHERE id = ?'),
      updateInstanceSummary: db.prepare('UPDATE instances SET version = ?, has_work = ?, summary = ? WHERE id = ?'),
      updateInstanceTime: db.prepare('UPDATE instances SET version = ?, has_work = ?, updated_at = ? WHERE id = ?'),
      updateInstanceTimeSummary: db.prepare(
        'UPDATE instances SET version = ?, has_work = ?, updated_at = ?, summary = ? WHERE id = ?',
      ),
      updateInstanceStatus: db.prepare(
        `UPDATE instances SET version = ?, has_work = ?, summary = ?, updated_at = ?, status = ?
         WHERE id = ?`,
      ),
      // A machine's description may name another source as the instance goes on: rare, so a statement apart.
      updateSource: db.prepare('UPDATE instances SET source = ? WHERE id = ?'),
      insertWork: db.prepare('INSERT INTO work (stream_id, pending_commands, next_due) VALUES (?, ?, ?)'),
      updateWork: db.prepare('UPDATE work SET pending_commands = ?, next_due = ? WHERE stream_id = ?'),
      deleteWork: db.prepare('DELETE FROM work WHERE stream_id = ?'),
    };
  }

  /** Call first in each write transaction (see `WrittenRows`). */
  begin(): void {
    this.rows.begin();
  }

  /** After a rolled-back transaction: the rows it wrote were never committed. */
  forget(): void {
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
      this.heads.forget(streamId);
      throw new ConcurrencyConflictError(streamId, expectedVersion);
    }
    const row = encoded ?? logRow(record, this.heads.get(streamId, expectedVersion) ?? this.headNow(streamId));
    const id = current?.id ?? this.newInstanceId();
    try {
      this.log.insert(id, streamId, record.version, record.eventId, row);
    } catch (error) {
      // Another process wrote this version or this event id first.
      if ((error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) {
        this.heads.forget(streamId);
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
    // Dropped first, so a write that fails half-way leaves the rows to be read from the file.
    this.rows.drop(streamId);
    this.writeInstance(id, record, current, status, summary, source, hasWork);
    this.heads.set(record);
    this.writeWork(streamId, current, hasWork, commands, due);
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

  /** The stream's rows as this connection wrote them last, or as the file holds them. */
  private currentRow(streamId: string): CurrentRow | undefined {
    const written = this.rows.get(streamId);
    if (written !== undefined) return written;
    const stored = this.statements.current.get(streamId);
    if (stored !== undefined) this.rows.set(streamId, stored);
    return stored;
  }

  /**
   * A new instance's id is the next in creation order (see `SCHEMA`): the write lock is held, so no
   * other writer takes it before the instance row is written.
   */
  private newInstanceId(): number {
    const known = this.rows.nextInstanceId();
    if (known !== undefined) return known;
    const id = this.statements.nextId.get()!.id;
    this.rows.setNextInstanceId(id);
    return id;
  }

  private writeInstance(
    id: number,
    record: StepRecord,
    current: CurrentRow | undefined,
    status: string,
    summary: string,
    source: string | null,
    hasWork: boolean,
  ): void {
    const { streamId, version, at } = record;
    const work = hasWork ? 1 : 0;
    const s = this.statements;
    if (current === undefined) {
      const { startedAt, links } = record;
      const machine = record.machine.id;
      s.insertInstance.run(
        id,
        streamId,
        machine,
        status,
        version,
        startedAt,
        at,
        links.correlationId,
        work,
        summary,
        source,
      );
      return;
    }
    const moved = current.summary !== summary;
    if (current.status !== status) s.updateInstanceStatus.run(version, work, summary, at, status, id);
    else if (current.updated_at !== at) {
      if (moved) s.updateInstanceTimeSummary.run(version, work, at, summary, id);
      else s.updateInstanceTime.run(version, work, at, id);
    } else if (moved) s.updateInstanceSummary.run(version, work, summary, id);
    else s.updateInstance.run(version, work, id);
    if (current.source !== source) s.updateSource.run(source, id);
  }

  /** The work row follows the head; it is written only when its counts or due time change. */
  private writeWork(
    streamId: string,
    current: CurrentRow | undefined,
    hasWork: boolean,
    commands: number,
    due: number | null,
  ): void {
    const indexed = current?.pending_commands != null;
    if (!hasWork) {
      if (indexed) this.statements.deleteWork.run(streamId);
    } else if (!indexed) this.statements.insertWork.run(streamId, commands, due);
    else if (current.pending_commands !== commands || current.next_due !== due)
      this.statements.updateWork.run(commands, due, streamId);
  }
}
