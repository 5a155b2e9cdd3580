import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { ConcurrencyConflictError, StatebridgeError, ValidationError } from '../../core/errors.js';
import type { InstanceSummary, StepRecord } from '../../core/stepRecord.js';
import type {
  AppendedStep,
  DueTimerHead,
  DueTimerQuery,
  EventStore,
  ListInstancesQuery,
  Page,
  ReadStreamOptions,
  StepReadHint,
  StepView,
  WorkQuery,
} from '../../ports/eventStore.js';
import { SqliteInstanceListing } from './instanceListing.js';
import { addSourceColumn, migrateLayout } from './layoutMigration.js';
import { openDatabase } from './openDatabase.js';
import { applyDurability, SCHEMA } from './schema.js';
import { openStepLog, type StepLog } from './stepLogLayout.js';
import { isSqliteBusy, SqliteBusyError } from './sqliteBusy.js';
import {
  checkpointBefore,
  decodeRows,
  FIRST_STANDING_SQL,
  HeadCache,
  headOfSpan,
  INSTANCE_OF_STREAM,
  logRow,
} from './stepRows.js';
import { StepHalfWritten, StepWriter, type EncodedStep } from './stepWriter.js';

/** Options for the SQLite store. */
export interface SqliteEventStoreOptions {
  /** Database file; created with its folder when missing. */
  readonly path: string;
  /**
   * Largest serialised step in bytes (default 4 MiB). A start step carries its input twice (the event and
   * the context), so a 1 MB asynchronous invocation payload, the most Lambda accepts, needs over 2 MiB.
   */
  readonly maxRecordBytes?: number;
  /**
   * How long a write waits for another process's write lock on the same file before the step fails with
   * a retryable SqliteBusyError (default 5000 ms). The wait blocks this process's event loop.
   */
  readonly busyTimeoutMs?: number;
}

/** An instance row's version: which head a stream is at (null from a left join that found no row). */
interface HeadRow {
  readonly version: number | null;
}

/** A work listing's row: a stream, its instance's number and version (null without an instance row). */
type ListedRow = { readonly stream_id: string; readonly id: number | null } & HeadRow;

interface PendingAppend {
  readonly record: StepRecord;
  readonly expectedVersion: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
  /** The number of steps of one `appendSteps`, when this is the first of them: written all or none. */
  readonly unit?: number;
}

/**
 * The embedded default: one SQLite file in WAL mode with `synchronous=FULL`. Appends that arrive in the
 * same tick share one transaction (group commit), so concurrent instances share fsyncs; a conflicting
 * append fails alone, the others commit.
 *
 * Several processes may share one file. Each batch is a `BEGIN IMMEDIATE` transaction, so it takes the
 * write lock before reading the versions it checks: the check always sees the other process's latest
 * commit, and a writer waits for the lock (busy timeout) instead of failing on a lock upgrade.
 */
export class SqliteEventStore implements EventStore {
  readonly maxRecordBytes: number;
  private readonly db: Database.Database;
  private batch: PendingAppend[] = [];
  private flushScheduled = false;
  private readonly writeBatch: Database.Transaction<
    (batch: readonly PendingAppend[], encoded: readonly EncodedStep[]) => unknown[]
  >;
  private readonly statements;
  private readonly listing: SqliteInstanceListing;
  private readonly heads = new HeadCache(10_000);
  private readonly writer: StepWriter;
  private readonly log: StepLog;

  constructor(options: SqliteEventStoreOptions) {
    this.maxRecordBytes = options.maxRecordBytes ?? 4 * 1024 * 1024;
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
      throw new ValidationError('SQLite store options', [
        { path: 'busyTimeoutMs', rule: 'must be a whole number of milliseconds, 0 or more' },
      ]);
    }
    this.db = openDatabase(options.path, { timeout: busyTimeoutMs });
    // The busy timeout (set by `timeout` above) is in force before the first statement, so a second
    // process opening the file while the first switches it to WAL or creates the tables waits.
    applyDurability(this.db);
    migrateLayout(this.db, SCHEMA);
    addSourceColumn(this.db);
    this.log = openStepLog(this.db);
    this.listing = new SqliteInstanceListing(this.db);
    this.writer = new StepWriter(this.db, this.log, this.heads, (streamId) => this.headNow(streamId));
    const db = this.db;
    this.statements = {
      head: db.prepare<[string], HeadRow>('SELECT version FROM instances WHERE stream_id = ?'),
      firstStanding: db.prepare<[string, number], { version: number }>(FIRST_STANDING_SQL),
      page: db.prepare<[string, number, number], { version: number; record: string }>(
        `SELECT version, record FROM steps WHERE instance = ${INSTANCE_OF_STREAM} AND version >= ?` +
          ' ORDER BY version LIMIT ?',
      ),
      // Work listings read each stream's version with its index row: it says whether the cached head is current.
      work: db.prepare<[number, number], ListedRow>(
        `SELECT u.stream_id, i.id, i.version FROM (
           SELECT stream_id FROM work WHERE pending_commands > 0
           UNION SELECT stream_id FROM work WHERE next_due <= ? LIMIT ?
         ) AS u LEFT JOIN instances AS i ON i.stream_id = u.stream_id`,
      ),
      // `work_by_due` is on (next_due) of a WITHOUT ROWID table, so its entries are ordered by (next_due, stream_id).
      dueTimers: db.prepare<[number, number, number, string, number], { next_due: number } & ListedRow>(
        `SELECT w.stream_id, w.next_due, i.id, i.version FROM work AS w INDEXED BY work_by_due
         LEFT JOIN instances AS i ON i.stream_id = w.stream_id
         WHERE w.next_due <= ? AND (w.next_due > ? OR (w.next_due = ? AND w.stream_id > ?))
         ORDER BY w.next_due, w.stream_id LIMIT ?`,
      ),
      nextDue: db.prepare<[], { due: number | null }>('SELECT MIN(next_due) AS due FROM work'),
      // The log rows since the last checkpoint of several instances, given as [[id, from, to], ...].
      spans: db.prepare<[string], { k: number; version: number; record: string }>(
        `SELECT j.key AS k, s.version, s.record FROM json_each(?) AS j
         JOIN steps AS s ON s.instance = j.value ->> 0 AND s.version BETWEEN j.value ->> 1 AND j.value ->> 2
         ORDER BY j.key, s.version`,
      ),
    };
    // Made once: better-sqlite3 builds a transaction function's wrappers each time `transaction` is called.
    this.writeBatch = this.db.transaction((batch: readonly PendingAppend[], encoded: readonly EncodedStep[]) =>
      this.writeAll(batch, encoded),
    );
  }

  // The runtime's whole-record JSON is not used: the log stores lean records (see ./stepRows.ts).
  append(record: StepRecord, expectedVersion: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.batch.push({ record, expectedVersion, resolve, reject });
      this.scheduleFlush();
    });
  }

  /** The steps go into the next batch's transaction together, all or none (see `writeUnit`). */
  appendSteps(steps: readonly AppendedStep[]): Promise<void> {
    // No steps, no item in the batch to answer the call: it would never settle.
    if (steps.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const last = steps.length - 1;
      steps.forEach(({ record, expectedVersion }, i) => {
        const done = i === last ? resolve : () => undefined;
        this.batch.push({ record, expectedVersion, resolve: done, reject, ...(i === 0 ? { unit: steps.length } : {}) });
      });
      this.scheduleFlush();
    });
  }

  /** Steps appended in the same tick share the next transaction (group commit). */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    this.flushScheduled = false;
    const encoded = this.encodeAhead(batch);
    let outcomes: unknown[];
    try {
      outcomes = this.writeBatch.immediate(batch, encoded);
    } catch (error) {
      // The transaction rolled back, so heads cached while writing it were never committed.
      this.heads.clear();
      this.writer.forget();
      if (isSqliteBusy(error)) {
        // Another process kept the write lock past the busy timeout; each step re-reads and retries.
        batch.forEach((item) => item.reject(new SqliteBusyError(item.record.streamId, item.expectedVersion, error)));
        return;
      }
      const failure = new StatebridgeError(
        'STORE_UNAVAILABLE',
        'SQLite commit failed; nothing in this batch was written',
        { cause: error, retryable: true },
      );
      for (const item of batch) item.reject(failure);
      return;
    }
    batch.forEach((item, i) => (outcomes[i] === null ? item.resolve() : item.reject(outcomes[i])));
  }

  /** Write a batch inside the open transaction: each step's outcome, null when it was written. */
  private writeAll(batch: readonly PendingAppend[], encoded: readonly EncodedStep[]): unknown[] {
    const outcomes: unknown[] = [];
    this.writer.begin();
    for (let i = 0; i < batch.length; i += 1) {
      const item = batch[i]!;
      try {
        if (item.unit !== undefined) {
          i = this.writeUnit(batch, encoded, i, item.unit, outcomes);
          continue;
        }
        this.writer.write(item.record, item.expectedVersion, encoded[i]);
        outcomes.push(null);
      } catch (error) {
        // Some errors (a full disk, an I/O error) roll the whole transaction back: the steps after
        // this one would each commit on their own, and the batch be reported as not written. A step
        // that failed after its log row would commit half written: the batch ends here too.
        if (!this.db.inTransaction || error instanceof StepHalfWritten) throw error;
        // A unit throws here only before any of it is written (its version checks, its first write): it fails whole.
        const size = item.unit ?? 1;
        for (let j = 0; j < size; j += 1) outcomes.push(error);
        i += size - 1;
      }
    }
    this.writer.finish();
    return outcomes;
  }

  /**
   * The steps of one `appendSteps` from `first` on. Every version is checked before any step is written, so a
   * unit that conflicts writes nothing and fails alone, without a savepoint (which would cost each write in
   * it a copy of every page it changes). A write that fails after the first has been written (rare: the
   * checks that could fail have passed) ends the whole batch, as a half-written step does. Returns the index
   * of the unit's last step.
   */
  private writeUnit(
    batch: readonly PendingAppend[],
    encoded: readonly EncodedStep[],
    first: number,
    size: number,
    outcomes: unknown[],
  ): number {
    const end = first + size;
    const versions = new Map<string, number>();
    const events = new Set<string>();
    for (let i = first; i < end; i += 1) {
      const { record, expectedVersion } = batch[i]!;
      const { streamId } = record;
      const at = versions.get(streamId) ?? this.writer.versionOf(streamId);
      if (
        at !== expectedVersion ||
        record.version !== expectedVersion + 1 ||
        this.appliedBefore(record, i > first, events)
      ) {
        this.heads.refused(streamId, expectedVersion);
        const conflict = new ConcurrencyConflictError(streamId, expectedVersion);
        for (let j = first; j < end; j += 1) outcomes.push(conflict);
        return end - 1;
      }
      versions.set(streamId, record.version);
    }
    for (let i = first; i < end; i += 1) {
      try {
        this.writer.write(batch[i]!.record, batch[i]!.expectedVersion, encoded[i]);
      } catch (error) {
        if (i > first || error instanceof StepHalfWritten) throw new StepHalfWritten(error);
        // Nothing of the unit is written: `writeAll` refuses it whole, or ends the batch if SQLite rolled it back.
        throw error;
      }
      outcomes.push(null);
    }
    return end - 1;
  }

  /**
   * Whether a unit's step carries an event id its stream has already applied, earlier in the unit or (`inFile`)
   * in the file. The log's unique event index would refuse its row; for a step after the unit's first that
   * refusal comes once the first is written, and would end the whole batch (see `writeUnit`), again on each retry.
   * The file is asked only of a stream it held before the unit (its instance row, cached by the version check):
   * one the unit starts has applied nothing there.
   */
  private appliedBefore(record: StepRecord, inFile: boolean, events: Set<string>): boolean {
    const key = `${record.streamId}\u0000${record.eventId}`;
    if (events.has(key)) return true;
    events.add(key);
    const { streamId, eventId } = record;
    return inFile && this.writer.versionOf(streamId) > 0 && this.log.findEvent(streamId, eventId) !== undefined;
  }

  /**
   * Encode before taking the write lock whatever can be: steps whose previous record is the head this process
   * holds for the stream, so other processes sharing the file wait less. The version check in `write` still
   * decides; an encoding against a head the file has moved on from is never written.
   *
   * A step whose previous record is earlier in the same batch is encoded as it is written, against the head
   * then (see `write`): that earlier step may yet be refused, and a row encoded against a step never written
   * would read back wrong.
   */
  private encodeAhead(batch: readonly PendingAppend[]): EncodedStep[] {
    const encoded: EncodedStep[] = [];
    for (let i = 0; i < batch.length; i += 1) {
      const { record, expectedVersion } = batch[i]!;
      if (expectedVersion === 0) {
        encoded.push(logRow(record, undefined));
        continue;
      }
      const previous = this.heads.get(record.streamId, expectedVersion);
      encoded.push(previous === undefined ? undefined : logRow(record, previous));
    }
    return encoded;
  }

  readHead(streamId: string): Promise<StepRecord | undefined> {
    return Promise.resolve(this.headNow(streamId));
  }

  /**
   * The head as this process last wrote or read it, without a read when it has one (see the port): a
   * step decided from a head another process has since moved on from fails its version check in `write`,
   * which forgets that head, so the retry reads the file.
   */
  readForStep(streamId: string, eventId: string, hint?: StepReadHint): Promise<StepView> {
    return Promise.resolve(this.readForStepNow(streamId, eventId, hint));
  }

  /** `readForStep`, answered at once: this store reads synchronously. */
  readForStepNow(streamId: string, eventId: string, hint: StepReadHint = {}): StepView {
    const cached = this.heads.latest(streamId);
    // A start reads nothing (see the port): its version 1 is refused in `write` when the stream exists, and
    // the retry, which then finds it known to exist, reads the file. A read outside a write costs the most
    // of the store's reads, as it must open a read transaction of its own.
    if (cached === undefined && hint.newStream === true && !this.heads.knownToExist(streamId)) {
      return { head: undefined, appliedAt: undefined };
    }
    const head = cached ?? this.headNow(streamId);
    const lookup = head !== undefined && hint.skipEventLookup !== true;
    return {
      head,
      appliedAt: lookup ? this.log.findEvent(streamId, eventId) : undefined,
    };
  }

  private headNow(streamId: string): StepRecord | undefined {
    const indexed = this.statements.head.get(streamId);
    // The write of a new stream's first step then need not look for its row again.
    if (indexed === undefined) this.writer.absent(streamId);
    return this.headOfRow(streamId, indexed);
  }

  /** The head at its instance row's version: from the cache when it holds that version, else from the log. */
  private headOfRow(streamId: string, indexed: HeadRow | undefined): StepRecord | undefined {
    const version = indexed?.version;
    if (version == null) return undefined;
    const head = this.heads.get(streamId, version) ?? this.headFromLog(streamId, version);
    this.heads.set(head);
    return head;
  }

  /**
   * Decode the log from the last row at or before `version` that stands alone. The rows since the last
   * checkpoint the store writes every `CHECKPOINT_EVERY` steps are read in one statement and start with
   * it; files whose checkpoints are further apart (written before) find theirs with a second statement.
   */
  private headFromLog(streamId: string, version: number): StepRecord {
    const beat = checkpointBefore(version);
    let head = headOfSpan(streamId, this.statements.page.all(streamId, beat, version - beat + 1));
    if (head === undefined) {
      const from = this.statements.firstStanding.get(streamId, version)?.version ?? 1;
      const rows = this.statements.page.all(streamId, from, version - from + 1);
      for (const record of decodeRows(streamId, rows, undefined)) head = record;
    }
    if (head?.version !== version) {
      throw new StatebridgeError('STORE_CORRUPT', `stream ${streamId}'s log ends before version ${version}`, {
        context: { streamId, version },
      });
    }
    return head;
  }

  /**
   * Heads of a listing that are not cached are read from the log in one statement for the page (recovery
   * after a restart lists thousands): the rows since each one's last checkpoint. One without a checkpoint
   * among them (an older file) is left to `headFromLog`.
   */
  private readColdHeads(rows: readonly ListedRow[]): void {
    const cold = rows.filter(
      (r): r is ListedRow & { id: number; version: number } =>
        r.id !== null && r.version !== null && this.heads.get(r.stream_id, r.version) === undefined,
    );
    if (cold.length === 0) return;
    const spans = cold.map(({ id, version }) => [id, checkpointBefore(version), version]);
    const logRows = cold.map((): { version: number; record: string }[] => []);
    for (const row of this.statements.spans.all(JSON.stringify(spans))) logRows[row.k]!.push(row);
    cold.forEach(({ stream_id: streamId, version }, i) => {
      const head = headOfSpan(streamId, logRows[i]!);
      if (head?.version === version) this.heads.set(head);
    });
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StepRecord> {
    const pageSize = options.pageSize ?? 500;
    const wanted = options.fromVersion ?? 1;
    let from = this.statements.firstStanding.get(streamId, Math.max(1, wanted))?.version ?? wanted;
    let previous: StepRecord | undefined;
    for (;;) {
      const rows = this.statements.page.all(streamId, from, pageSize);
      for (const record of decodeRows(streamId, rows, previous)) {
        previous = record;
        if (record.version >= wanted) yield record;
      }
      if (rows.length < pageSize) return;
      from += rows.length;
      await Promise.resolve();
    }
  }

  findEvent(streamId: string, eventId: string): Promise<number | undefined> {
    return Promise.resolve(this.log.findEvent(streamId, eventId));
  }

  // async, so that a bad cursor becomes a rejected promise rather than a throw.
  async listInstances(query: ListInstancesQuery): Promise<Page<InstanceSummary>> {
    return this.listing.page(query);
  }

  async listWork(query: WorkQuery): Promise<readonly StepRecord[]> {
    const heads: StepRecord[] = [];
    const rows = this.statements.work.all(query.dueBy, query.limit ?? 100);
    this.readColdHeads(rows);
    for (const row of rows) {
      const head = this.headOfRow(row.stream_id, row);
      if (head !== undefined) heads.push(head);
    }
    return heads;
  }

  async listDueTimers(query: DueTimerQuery): Promise<readonly DueTimerHead[]> {
    const afterDue = query.after?.dueAt ?? Number.MIN_SAFE_INTEGER;
    const afterId = query.after?.streamId ?? '';
    const rows = this.statements.dueTimers.all(query.dueBy, afterDue, afterDue, afterId, query.limit ?? 100);
    this.readColdHeads(rows);
    const out: DueTimerHead[] = [];
    for (const row of rows) {
      const head = this.headOfRow(row.stream_id, row);
      if (head !== undefined) out.push({ dueAt: row.next_due, head });
    }
    return out;
  }

  nextTimerDue(): Promise<number | undefined> {
    return Promise.resolve(this.statements.nextDue.get()?.due ?? undefined);
  }

  close(): Promise<void> {
    if (this.batch.length > 0) this.flush();
    this.db.close();
    return Promise.resolve();
  }
}
