import type { Json } from '../../core/stepRecord.js';
import type { Clock } from '../../ports/clock.js';
import type { ShardRecord, ShardSource } from '../../ports/shardSource.js';
import type { FunctionsApp } from '../../app/functions/functionsApp.js';
import type { DeadLetterTarget } from '../../app/functions/destination.js';
import type { Registration } from '../../app/chalice/app.js';
import type { EventScope } from '../../app/chalice/serviceEvents.js';
import { ShardReader, type ShardReadPolicy } from './shardReads.js';
import type { CheckpointLog } from './streamCheckpoints.js';

/** The source of a stream mapping's registration: a Kinesis stream or a table stream. */
export type StreamSpec = Extract<Registration['source'], { kind: 'kinesis' | 'dynamodb' }>;

/** What a stream mapping works with besides its registration. */
export interface StreamMappingDeps {
  readonly functions: FunctionsApp;
  readonly clock: Clock;
  readonly scope: EventScope;
  readonly source: ShardSource;
  readonly checkpoints: CheckpointLog;
  /** Deliver an on-failure record to the mapping's destination (a queue or topic). */
  readonly sendFailure: (target: DeadLetterTarget, record: Json) => Promise<void>;
  /** How often to read a source that cannot tell when it has new records; 0 (embedded) reads at every look. */
  readonly pollIntervalMs?: number;
  /**
   * Where a shard ends now, for a source kept across restarts: LATEST is then checkpointed when first
   * opened, so a restart reads on from there instead of skipping records that arrived meanwhile.
   */
  readonly latestSequenceNumber?: (shardId: string) => string | undefined;
  /** Told of every failed call to the source; the mapping keeps polling after a backoff (default: stderr). */
  readonly onError?: (error: unknown) => void;
}

/** Where a mapping stands with one shard: what it has read, its batches and the delivery in flight. */
export interface ShardState {
  readonly shardId: string;
  readonly reader: ShardReader;
  /** Read and not yet in a batch. */
  readonly buffer: ShardRecord[];
  /** Batches formed and not done with, delivered front first (a failing batch, or its halves). */
  readonly pending: ShardRecord[][];
  /** Failed invocations of `pending[0]` that count toward the retry limit. */
  attempts: number;
  invokes: number;
  retryAt: number;
  /** When the oldest buffered record was read: the batching window runs from here. */
  bufferedSince: number;
  lastPollAt: number;
  inFlight?: { readonly requestId: string; outcome?: { failedFrom: number | undefined } };
}

/** Backoff between failed calls to the source: the poll interval (at least 1 s) doubling to 30 s. */
export const readRetry = (deps: StreamMappingDeps): ShardReadPolicy => ({
  onError: deps.onError ?? ((error) => console.error('[statebridge]', error)),
  retryBaseMs: Math.max(1000, deps.pollIntervalMs ?? 0),
  retryMaxMs: 30_000,
});

/** Open a shard where its checkpoint says, else at the mapping's starting position. */
export async function openShard(
  shardId: string,
  spec: StreamSpec,
  deps: StreamMappingDeps,
  now: number,
): Promise<ShardState> {
  const checkpoint = (await deps.checkpoints.load(shardId)) ?? (await pinLatest(shardId, spec, deps));
  const start =
    checkpoint === undefined
      ? { kind: spec.startingPosition }
      : { kind: 'AFTER_SEQUENCE_NUMBER' as const, sequenceNumber: checkpoint };
  return {
    shardId,
    reader: new ShardReader(deps.source, shardId, start, readRetry(deps)),
    buffer: [],
    pending: [],
    attempts: 0,
    invokes: 0,
    retryAt: 0,
    bufferedSince: now,
    lastPollAt: -Infinity,
  };
}

/** Checkpoint LATEST where the shard ends now ('0' when empty: before every record), if the source is kept. */
async function pinLatest(shardId: string, spec: StreamSpec, deps: StreamMappingDeps): Promise<string | undefined> {
  const latestOf = deps.latestSequenceNumber;
  if (latestOf === undefined || spec.startingPosition !== 'LATEST') return undefined;
  const latest = latestOf(shardId) ?? '0';
  await deps.checkpoints.save(shardId, latest, 0);
  return latest;
}

/**
 * When the shard has a batch to deliver (or an outcome to settle): a full batch now, a partial one when
 * its batching window closes. Reads the stream into the buffer first when a read is due.
 */
export async function pollShard(
  shard: ShardState,
  spec: StreamSpec,
  deps: StreamMappingDeps,
  now: number,
): Promise<number | undefined> {
  if (shard.inFlight !== undefined) return shard.inFlight.outcome === undefined ? undefined : now;
  if (shard.pending.length > 0) return shard.retryAt;
  const poll = deps.pollIntervalMs ?? 0;
  const readAt = Math.max(shard.lastPollAt + poll, shard.reader.retryAt);
  if (shard.buffer.length < spec.batchSize && now >= readAt) {
    shard.lastPollAt = now;
    const read = await shard.reader.next(spec.batchSize - shard.buffer.length, now);
    if (shard.buffer.length === 0 && read.length > 0) shard.bufferedSince = now;
    shard.buffer.push(...read);
  }
  if (shard.buffer.length >= spec.batchSize) return now;
  if (shard.buffer.length > 0) return shard.bufferedSince + spec.maximumBatchingWindowInSeconds * 1000;
  const nextRead = Math.max(shard.lastPollAt + poll, shard.reader.retryAt);
  return poll > 0 || nextRead > now ? nextRead : undefined;
}
