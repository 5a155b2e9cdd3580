import type { InstanceSummary, StepRecord } from '../../core/stepRecord.js';

/** The columns of an instance row a listing reads to rebuild its summary (see `summaryOfRow`). */
export const SUMMARY_COLUMNS =
  'stream_id, machine_id, status, version, started_at, updated_at, correlation_id, source, summary';

/** An instance row as `SUMMARY_COLUMNS` reads it. */
export interface SummaryRow {
  readonly stream_id: string;
  readonly machine_id: string;
  readonly status: string;
  readonly version: number;
  readonly started_at: number;
  readonly updated_at: number;
  readonly correlation_id: string;
  readonly source: string | null;
  readonly summary: string;
}

/** What the `summary` column is made of (see `storedSummary`). */
export type SummaryFields = Pick<
  InstanceSummary,
  'machineVersion' | 'state' | 'nextTimerAt' | 'pendingCommands' | 'title' | 'outcome' | 'settled'
>;

/**
 * The part of a summary the `summary` column holds: what no other column of the row does. Repeating the
 * ids, status, version and times there made an instance row about 650 bytes, six to a page, and every
 * step rewrites its instance's row; without them a page holds about three times as many rows, so a commit
 * writes a third of the instance pages. The listing filters that read the column (outcome, settled) find
 * their fields as before.
 */
export function storedSummary(summary: SummaryFields): string {
  const { machineVersion, state, nextTimerAt, pendingCommands, title, outcome, settled } = summary;
  return JSON.stringify({ machineVersion, state, nextTimerAt, pendingCommands, title, outcome, settled });
}

/** The fields `summarize` gives a head for the column, given its earliest due time (which the writer knows). */
export function summaryFieldsOf(head: StepRecord, nextTimerAt: number | undefined): SummaryFields {
  const about = head.about;
  // Undefined members are left out of the text, as `summarize` leaves them out of the summary.
  return {
    machineVersion: head.machine.version,
    state: head.stateAfter,
    nextTimerAt,
    pendingCommands: head.pending.commands.length,
    title: about?.title,
    outcome: about?.outcome,
    settled: about?.settled === true ? true : undefined,
  };
}

/**
 * Whether a head's column fields are the ones given, so its text is too and need not be made again. The
 * outcome is compared as the same object only: another object, even an equal one, has its text made anew.
 */
export function sameSummaryFields(fields: SummaryFields, head: StepRecord, nextTimerAt: number | undefined): boolean {
  const about = head.about;
  return (
    fields.state === head.stateAfter &&
    fields.nextTimerAt === nextTimerAt &&
    fields.pendingCommands === head.pending.commands.length &&
    fields.machineVersion === head.machine.version &&
    fields.title === about?.title &&
    fields.outcome === about?.outcome &&
    fields.settled === (about?.settled === true ? true : undefined)
  );
}

/**
 * The summary of an instance row, in the order `summarize` gives its fields. Rows written before
 * `storedSummary` hold the whole summary in the column; their other columns always held the same values.
 */
export function summaryOfRow(row: SummaryRow): InstanceSummary {
  const stored = JSON.parse(row.summary) as Partial<InstanceSummary>;
  const { nextTimerAt, title, outcome, settled } = stored;
  return {
    instanceId: row.stream_id,
    machineId: row.machine_id,
    machineVersion: stored.machineVersion!,
    status: row.status as InstanceSummary['status'],
    state: stored.state!,
    version: row.version,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    correlationId: row.correlation_id,
    ...(nextTimerAt === undefined ? {} : { nextTimerAt }),
    pendingCommands: stored.pendingCommands!,
    ...(title === undefined ? {} : { title }),
    ...(outcome === undefined ? {} : { outcome }),
    ...(settled === undefined ? {} : { settled }),
    ...(row.source === null ? {} : { source: row.source }),
  };
}
