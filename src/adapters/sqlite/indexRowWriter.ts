import type Database from 'better-sqlite3';
import type { StepRecord } from '../../core/stepRecord.js';
import { InstanceRowUpdates, SETS_SOURCE, SETS_STATUS, SETS_SUMMARY, SETS_TIME } from './instanceRowUpdates.js';
import type { CurrentRow } from './writtenRows.js';

/**
 * The index rows of a step: its instance row (inserted for a new instance; for an existing one, an update
 * written with the others of the transaction when it ends, see `InstanceRowUpdates`) and its work row.
 */
export class IndexRowWriter {
  private readonly statements;
  private readonly updates: InstanceRowUpdates;

  constructor(db: Database.Database) {
    this.updates = new InstanceRowUpdates(db);
    this.statements = {
      insertInstance: db.prepare(
        `INSERT INTO instances
           (id, stream_id, machine_id, status, version, started_at, updated_at, correlation_id, has_work, summary,
            source)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertWork: db.prepare('INSERT INTO work (stream_id, pending_commands, next_due) VALUES (?, ?, ?)'),
      updateWork: db.prepare('UPDATE work SET pending_commands = ?, next_due = ? WHERE stream_id = ?'),
      deleteWork: db.prepare('DELETE FROM work WHERE stream_id = ?'),
    };
  }

  /** Whether the stream's instance row has an update not yet written: it must be, before the row is read. */
  holds(streamId: string): boolean {
    return this.updates.holds(streamId);
  }

  /** Write the instance rows updated so far; a failure must end the transaction (see `StepHalfWritten`). */
  flush(): void {
    this.updates.flush();
  }

  /** Drop the updates not yet written: the transaction is starting, or rolled back. */
  clear(): void {
    this.updates.clear();
  }

  /** The instance row at the step's head, given the status, summary text and source the step leaves on it. */
  instance(
    id: number,
    record: StepRecord,
    current: CurrentRow | undefined,
    status: string,
    summary: string,
    source: string | null,
    work: boolean,
  ): void {
    const { streamId, version, at } = record;
    const hasWork = work ? 1 : 0;
    if (current === undefined) {
      const { startedAt, links } = record;
      const machine = record.machine.id;
      this.statements.insertInstance.run(
        id,
        streamId,
        machine,
        status,
        version,
        startedAt,
        at,
        links.correlationId,
        hasWork,
        summary,
        source,
      );
      return;
    }
    let sets = current.updated_at === at ? 0 : SETS_TIME;
    if (current.summary !== summary) sets |= SETS_SUMMARY;
    if (current.status !== status) sets |= SETS_STATUS;
    // A machine's description may name another source as the instance goes on: rare.
    if (current.source !== source) sets |= SETS_SOURCE;
    this.updates.add(streamId, { id, sets, version, hasWork, updatedAt: at, summary, status, source });
  }

  /** The work row follows the head; it is written only when its counts or due time change. */
  work(
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
