import { decodeStep, encodeStep, standsAlone } from '../../core/leanRecord.js';
import type { StepRecord } from '../../core/stepRecord.js';
import { ExistingStreams } from './existingStreams.js';
import { setBounded } from '../../core/boundedMaps.js';

/**
 * Every this many steps the log holds a checkpoint, so reading a stream from any version, the head
 * included, decodes at most this many rows.
 */
export const CHECKPOINT_EVERY = 8;

/**
 * The log row of one step: a delta against the step before it, or a checkpoint that stands alone.
 *
 * The head is not stored a second time. A whole head on the instance row was two thirds of a step's bytes
 * and most of the pages a commit wrote (a row of a few kilobytes fills a page of its own), while a step is
 * decided from the head the store last wrote, kept in memory (see `HeadCache`): only a cold read (another
 * process's step, recovery after a restart) decodes it from the log, from the last checkpoint on.
 */
export function logRow(record: StepRecord, previous: StepRecord | undefined): string {
  const checkpoint = previous === undefined || (record.version - 1) % CHECKPOINT_EVERY === 0;
  return encodeStep(record, previous, checkpoint);
}

/** Decode log rows in order; the first row must stand alone (see `firstStandingVersion`). */
export function* decodeRows(
  streamId: string,
  rows: Iterable<{ version: number; record: string }>,
  previous: StepRecord | undefined,
): Generator<StepRecord> {
  let before = previous;
  for (const row of rows) {
    before = decodeStep(row.record, streamId, row.version, before);
    yield before;
  }
}

/** The version of the last checkpoint `logRow` writes at or before `version`. */
export const checkpointBefore = (version: number): number => version - ((version - 1) % CHECKPOINT_EVERY);

/**
 * The record the last of `rows` (consecutive log rows of one stream) decodes to, read from the newest of
 * them that stands alone; undefined when none of them does (an older file's checkpoint is further back).
 */
export function headOfSpan(
  streamId: string,
  rows: readonly { version: number; record: string }[],
): StepRecord | undefined {
  let start = rows.length - 1;
  while (start >= 0 && !standsAlone(rows[start]!.record)) start -= 1;
  let head: StepRecord | undefined;
  if (start >= 0) for (const record of decodeRows(streamId, rows.slice(start), undefined)) head = record;
  return head;
}

/** SQL for the `id` of a stream's instance row, which keys its log rows (see `SCHEMA`). */
export const INSTANCE_OF_STREAM = '(SELECT id FROM instances WHERE stream_id = ?)';

/** SQL for the newest row at or before a version that can be read without the rows before it. */
export const FIRST_STANDING_SQL = `SELECT version FROM steps
  WHERE instance = ${INSTANCE_OF_STREAM} AND version <= ? AND (record LIKE '{"@"%' OR record LIKE '{"streamId"%')
  ORDER BY version DESC LIMIT 1`;

/** The last records this process wrote or read, so an append finds the step it is a delta of without a read. */
export class HeadCache {
  private readonly heads = new Map<string, StepRecord>();
  private readonly existing: ExistingStreams;

  constructor(private readonly capacity: number) {
    this.existing = new ExistingStreams(capacity);
  }

  get(streamId: string, version: number): StepRecord | undefined {
    const head = this.heads.get(streamId);
    return head?.version === version ? head : undefined;
  }

  /** Whatever this process last wrote or read of the stream, at any version. */
  latest(streamId: string): StepRecord | undefined {
    return this.heads.get(streamId);
  }

  forget(streamId: string): void {
    this.heads.delete(streamId);
  }

  /** A step decided from a head the file has moved on from (or from none, of a stream that exists) was refused. */
  refused(streamId: string, expectedVersion: number): void {
    this.heads.delete(streamId);
    if (expectedVersion === 0) this.existing.add(streamId);
  }

  /** Whether a start of this process found the stream already existing (see `ExistingStreams`). */
  knownToExist(streamId: string): boolean {
    return this.existing.has(streamId);
  }

  set(record: StepRecord): void {
    setBounded(this.heads, record.streamId, record, this.capacity);
  }

  clear(): void {
    this.heads.clear();
  }
}
