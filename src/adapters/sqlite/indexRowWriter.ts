import type Database from 'better-sqlite3';
import type { StepRecord } from '../../core/stepRecord.js';
import { InstanceRowUpdates, SETS_SOURCE, SETS_STATUS, SETS_SUMMARY, SETS_TIME } from './instanceRowUpdates.js';
import { NewInstanceRows } from './newInstanceRows.js';
import { WorkRowChanges } from './workRowChanges.js';
import type { CurrentRow } from './writtenRows.js';

/**
 * The index rows of a step: its instance row and its work row, written with the others of the transaction
 * when it ends (see `InstanceRowUpdates`, `NewInstanceRows`, `WorkRowChanges`). Rows must be written
 * (`flush`) before the transaction reads a row `holds` names, or reads the instance table for anything else.
 */
export class IndexRowWriter {
  private readonly inserts: NewInstanceRows;
  private readonly updates: InstanceRowUpdates;
  private readonly work: WorkRowChanges;

  constructor(db: Database.Database) {
    this.inserts = new NewInstanceRows(db);
    this.updates = new InstanceRowUpdates(db);
    this.work = new WorkRowChanges(db);
  }

  /** Whether the stream's instance or work row has a change not yet written. */
  holds(streamId: string): boolean {
    return this.inserts.get(streamId) !== undefined || this.updates.holds(streamId) || this.work.holds(streamId);
  }

  /** Whether an instance row is created and not yet written (a read of the table must wait for it). */
  insertsPending(): boolean {
    return this.inserts.size > 0;
  }

  /** Write the rows changed so far; a failure must end the transaction (see `StepHalfWritten`). */
  flush(): void {
    // New rows first: an update of another row never depends on them, but the work rows name their streams.
    this.inserts.flush();
    this.updates.flush();
    this.work.flush();
  }

  /** Drop the changes not yet written: the transaction is starting, or rolled back. */
  clear(): void {
    this.inserts.clear();
    this.updates.clear();
    this.work.clear();
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
      const machineId = record.machine.id;
      const correlationId = links.correlationId;
      this.inserts.add({
        id,
        streamId,
        machineId,
        status,
        version,
        startedAt,
        updatedAt: at,
        correlationId,
        hasWork,
        summary,
        source,
      });
      return;
    }
    const created = this.inserts.get(streamId);
    if (created !== undefined) {
      Object.assign(created, { status, version, updatedAt: at, hasWork, summary, source });
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
  workRow(
    streamId: string,
    current: CurrentRow | undefined,
    hasWork: boolean,
    commands: number,
    due: number | null,
  ): void {
    const indexed = current?.pending_commands != null;
    const before = indexed ? { commands: current.pending_commands, due: current.next_due } : null;
    this.work.set(streamId, before, hasWork ? { commands, due } : null);
  }
}
