import { decodeStep, encodeStep, standsAlone } from '../../core/leanRecord.js';
import type { StepRecord } from '../../core/stepRecord.js';

/**
 * Every this many steps the log holds a checkpoint, so reading a stream from any version decodes at
 * most this many rows before it. The head itself is always whole, in the `instances` row.
 */
export const CHECKPOINT_EVERY = 32;

/**
 * The stored forms of one step: the log row (a delta or a checkpoint) and the head kept on the instance row.
 * The head is the record's plain JSON, which is read as it is (see `decodeStep`): writing it costs one
 * `JSON.stringify`, a fraction of a second lean encoding, and its size only sets the instance row's, which
 * is rewritten in place rather than kept.
 */
export function stepRows(record: StepRecord, previous: StepRecord | undefined): { row: string; head: string } {
  const checkpoint = previous === undefined || (record.version - 1) % CHECKPOINT_EVERY === 0;
  return { row: encodeStep(record, previous, checkpoint), head: wholeRecordText(record) };
}

/** A record as whole JSON, `streamId` first, which is how a whole record is told from a lean one. */
export function wholeRecordText(record: StepRecord): string {
  const text = JSON.stringify(record);
  return text.startsWith('{"streamId"') ? text : JSON.stringify(Object.assign({ streamId: record.streamId }, record));
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

/** SQL for the `id` of a stream's instance row, which keys its log rows (see `SCHEMA`). */
export const INSTANCE_OF_STREAM = '(SELECT id FROM instances WHERE stream_id = ?)';

/** SQL for the newest row at or before a version that can be read without the rows before it. */
export const FIRST_STANDING_SQL = `SELECT version FROM steps
  WHERE instance = ${INSTANCE_OF_STREAM} AND version <= ? AND (record LIKE '{"@"%' OR record LIKE '{"streamId"%')
  ORDER BY version DESC LIMIT 1`;

export { standsAlone };

/** The last records this process wrote or read, so an append finds the step it is a delta of without a read. */
export class HeadCache {
  private readonly heads = new Map<string, StepRecord>();

  constructor(private readonly capacity: number) {}

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

  set(record: StepRecord): void {
    this.heads.delete(record.streamId);
    this.heads.set(record.streamId, record);
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value!);
  }

  clear(): void {
    this.heads.clear();
  }
}
