import { createHash } from 'node:crypto';
import { ValidationError, type ValidationIssue } from '../../core/errors.js';
import type { Clock } from '../../ports/clock.js';
import type { ShardCursor, ShardRecord, ShardSource, ShardStart } from '../../ports/shardSource.js';
import { compareSequenceNumbers } from '../../ports/shardSource.js';

/** A record to put: `data` as text (UTF-8) or bytes, routed to a shard by its partition key. */
export interface StreamEntry {
  readonly data: string | Uint8Array;
  readonly partitionKey: string;
  /** A 128-bit decimal hash key that picks the shard instead of the partition key's MD5. */
  readonly explicitHashKey?: string;
}

/** Where a put record landed. */
export interface PutRecordResult {
  readonly shardId: string;
  readonly sequenceNumber: string;
}

interface Shard {
  readonly shardId: string;
  readonly startingHashKey: bigint;
  readonly endingHashKey: bigint;
  readonly records: ShardRecord[];
  /** The last journal write of this shard: records are kept one after another, in order. */
  kept: Promise<void>;
}

/** Where a stream keeps its records beyond this process (the App runner keeps them in the log). */
export interface ShardJournal {
  /** Keep one record of a shard; called in sequence order, one at a time per shard. */
  keep(shardId: string, record: ShardRecord): Promise<void>;
}

const HASH_SPACE = 2n ** 128n;
const MAX_DATA_BYTES = 1024 * 1024;

/** Kinesis's shard ids: `shardId-` and twelve digits. */
export const shardIdOf = (index: number): string => `shardId-${String(index).padStart(12, '0')}`;

/** The hash key Kinesis routes a partition key by: its MD5 digest read as a 128-bit unsigned integer. */
export function hashKeyOf(partitionKey: string): bigint {
  return BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`);
}

/**
 * A Kinesis-like stream in this process: the hash key space split evenly over its shards, each record
 * routed by the MD5 of its partition key, sequence numbers increasing within a shard. Records live in
 * memory; what a mapping has processed is checkpointed in the log (see `StreamMapping`). With a journal
 * (`keepIn`) a record is readable only once it is kept, so no reader passes a record a crash could lose;
 * `kept()` waits for the records put so far.
 * @example
 * const stream = new EmbeddedStream('clicks', { clock, shardCount: 4 });
 * const { shardId } = stream.putRecord({ data: '{"page":"/"}', partitionKey: 'user-1' });
 */
export class EmbeddedStream implements ShardSource {
  private readonly shards: Shard[];
  private readonly listeners = new Set<(record: ShardRecord, shardId: string) => void>();
  private sequence = 0;
  private journal: ShardJournal | undefined;
  private readonly writing = new Set<Promise<void>>();
  private readonly failures: Error[] = [];

  constructor(
    readonly name: string,
    private readonly options: { clock: Clock; shardCount?: number },
  ) {
    const count = options.shardCount ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 500)
      throw new ValidationError(`stream ${name}`, [{ path: 'shardCount', rule: 'must be an integer from 1 to 500' }]);
    const width = HASH_SPACE / BigInt(count);
    this.shards = Array.from({ length: count }, (_, i) => ({
      shardId: shardIdOf(i),
      startingHashKey: width * BigInt(i),
      endingHashKey: i === count - 1 ? HASH_SPACE - 1n : width * BigInt(i + 1) - 1n,
      records: [],
      kept: Promise.resolve(),
    }));
  }

  /** Keep every record put from now on in `journal` before it can be read. */
  keepIn(journal: ShardJournal): void {
    this.journal = journal;
  }

  /** Put back the records a shard held before a restart (oldest first); numbering goes on after them. */
  restore(shardId: string, records: readonly ShardRecord[]): void {
    this.shardOf(shardId).records.push(...records);
    for (const record of records) this.sequence = Math.max(this.sequence, counterOf(record.sequenceNumber));
  }

  /** Resolves once every record put so far is kept; rejects with a journal failure not reported before. */
  async kept(): Promise<void> {
    await Promise.allSettled([...this.writing]);
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
  }

  /** Put one record (as Kinesis `PutRecord`). */
  putRecord(entry: StreamEntry): PutRecordResult {
    const issues = entryIssues(entry, '');
    if (issues.length > 0) throw new ValidationError(`record for stream ${this.name}`, issues);
    const hashKey = entry.explicitHashKey === undefined ? hashKeyOf(entry.partitionKey) : BigInt(entry.explicitHashKey);
    const shard = this.shards.find((s) => hashKey >= s.startingHashKey && hashKey <= s.endingHashKey);
    if (shard === undefined) throw new Error(`hash key ${hashKey} outside every shard of ${this.name}`);
    this.sequence += 1;
    const record: ShardRecord = {
      sequenceNumber: sequenceNumberOf(this.shards.indexOf(shard), this.sequence),
      partitionKey: entry.partitionKey,
      data: typeof entry.data === 'string' ? new TextEncoder().encode(entry.data) : entry.data,
      arrivedAt: this.options.clock.now(),
    };
    if (this.journal === undefined) this.publish(shard, record);
    else this.keep(this.journal, shard, record);
    return { shardId: shard.shardId, sequenceNumber: record.sequenceNumber };
  }

  /** Put up to 500 records in order (as Kinesis `PutRecords`); all are checked before any is put. */
  putRecords(entries: readonly StreamEntry[]): PutRecordResult[] {
    const issues = entries.flatMap((entry, i) => entryIssues(entry, `records[${i}].`));
    if (entries.length < 1 || entries.length > 500)
      issues.unshift({ path: 'records', rule: `must hold 1 to 500 records, got ${entries.length}` });
    if (issues.length > 0) throw new ValidationError(`records for stream ${this.name}`, issues);
    return entries.map((entry) => this.putRecord(entry));
  }

  async listShards(): Promise<readonly string[]> {
    return this.shards.map((s) => s.shardId);
  }

  /** The hash key range of each shard, as `ListShards` reports it. */
  shardRanges(): { shardId: string; startingHashKey: string; endingHashKey: string }[] {
    return this.shards.map((s) => ({
      shardId: s.shardId,
      startingHashKey: String(s.startingHashKey),
      endingHashKey: String(s.endingHashKey),
    }));
  }

  /** The records of one shard, oldest first. */
  records(shardId: string): readonly ShardRecord[] {
    return [...this.shardOf(shardId).records];
  }

  async open(shardId: string, start: ShardStart): Promise<ShardCursor> {
    const records = this.shardOf(shardId).records;
    let after: string | undefined =
      start.kind === 'AFTER_SEQUENCE_NUMBER'
        ? start.sequenceNumber
        : start.kind === 'LATEST'
          ? records[records.length - 1]?.sequenceNumber
          : undefined;
    return {
      next: async (limit) => {
        const from =
          after === undefined ? 0 : records.findIndex((r) => compareSequenceNumbers(r.sequenceNumber, after!) > 0);
        const batch = from < 0 ? [] : records.slice(from, from + limit);
        after = batch[batch.length - 1]?.sequenceNumber ?? after;
        return batch;
      },
    };
  }

  /** Watch every record put. Returns an unsubscribe function. */
  onRecord(listener: (record: ShardRecord, shardId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private publish(shard: Shard, record: ShardRecord): void {
    shard.records.push(record);
    for (const listener of this.listeners) listener(record, shard.shardId);
  }

  /** After the shard's previous write; a record whose write failed is never readable (its put reports it). */
  private keep(journal: ShardJournal, shard: Shard, record: ShardRecord): void {
    const write = shard.kept.then(async () => {
      await journal.keep(shard.shardId, record);
      this.publish(shard, record);
    });
    shard.kept = write.catch(() => undefined);
    this.writing.add(write);
    void write.then(
      () => this.writing.delete(write),
      (error: unknown) => {
        this.writing.delete(write);
        this.failures.push(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  private shardOf(shardId: string): Shard {
    const shard = this.shards.find((s) => s.shardId === shardId);
    if (shard === undefined)
      throw new ValidationError(`stream ${this.name}`, [
        { path: 'shardId', rule: `must name a shard, got ${shardId}` },
      ]);
    return shard;
  }
}

/** 56 digits like Kinesis's: the shard's index, then a counter, so numbers increase within each shard. */
function sequenceNumberOf(shardIndex: number, counter: number): string {
  return `49${String(shardIndex).padStart(6, '0')}${String(counter).padStart(48, '0')}`;
}

/** The counter part of a sequence number (after the shard index). */
function counterOf(sequenceNumber: string): number {
  return Number(sequenceNumber.slice(8));
}

function entryIssues(entry: StreamEntry, prefix: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const key = entry.partitionKey;
  if (typeof key !== 'string' || key.length < 1 || key.length > 256)
    issues.push({ path: `${prefix}partitionKey`, rule: 'must be a string of 1 to 256 characters' });
  const size = typeof entry.data === 'string' ? Buffer.byteLength(entry.data) : entry.data?.byteLength;
  if (size === undefined || size > MAX_DATA_BYTES)
    issues.push({ path: `${prefix}data`, rule: 'must be text or bytes of at most 1 MiB' });
  const explicit = entry.explicitHashKey;
  if (explicit !== undefined && (!/^\d{1,39}$/.test(explicit) || BigInt(explicit) >= HASH_SPACE))
    issues.push({ path: `${prefix}explicitHashKey`, rule: 'must be a decimal integer from 0 to 2^128 - 1' });
  return issues;
}
