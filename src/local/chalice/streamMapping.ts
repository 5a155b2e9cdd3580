import { randomUUID } from 'node:crypto';
import type { Json, StepRecord } from '../../core/stepRecord.js';
import type { Clock, TimerSource } from '../../ports/clock.js';
import type { ShardRecord, ShardSource } from '../../ports/shardSource.js';
import type { FunctionsApp } from '../../app/functions/functionsApp.js';
import type { DeadLetterTarget } from '../../app/functions/destination.js';
import type { Registration } from '../../app/chalice/app.js';
import type { EventScope } from '../../app/chalice/serviceEvents.js';
import { invoke } from './invoke.js';
import { RetriedCall, ShardReader, type ShardReadPolicy } from './shardReads.js';
import type { CheckpointLog } from './streamCheckpoints.js';
import {
  failureRecordOf,
  firstFailedIndex,
  streamEventOf,
  streamSourceName,
  type GiveUpCondition,
} from './streamBatch.js';

type StreamSpec = Extract<Registration['source'], { kind: 'kinesis' | 'dynamodb' }>;

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

interface ShardState {
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

/** Backoff between retries of a failing batch: 1 s doubling to a minute (Lambda's pace is undocumented). */
const retryDelayMs = (attempts: number): number => Math.min(60_000, 1000 * 2 ** Math.max(0, attempts - 1));

/** Backoff between failed calls to the source: the poll interval (at least 1 s) doubling to 30 s. */
const readRetry = (deps: StreamMappingDeps): ShardReadPolicy => ({
  onError: deps.onError ?? ((error) => console.error('[statebridge]', error)),
  retryBaseMs: Math.max(1000, deps.pollIntervalMs ?? 0),
  retryMaxMs: 30_000,
});

/**
 * An event source mapping from a sharded stream to one function, with Lambda's stream rules: each shard
 * in order, one batch of a shard at a time; batches of up to `batchSize` gathered for up to the batching
 * window; a failed batch retried (with `bisectBatchOnFunctionError`, split in halves, which does not use
 * up a retry) until it succeeds, `maximumRetryAttempts` is spent or its records are older than
 * `maximumRecordAgeInSeconds`; a `batchItemFailures` answer checkpoints before the lowest failed record
 * and retries from there. Records given up on are described to the on-failure destination. Every record
 * the mapping is done with is checkpointed in the log, so a restart reads on from there (at least once:
 * a batch in flight at a crash is delivered again). Each delivery is an asynchronous invocation.
 */
export class StreamMapping implements TimerSource {
  private shards: ShardState[] | undefined;
  /** Listing the shards, tried again after a backoff while the source fails. */
  private readonly listing: RetriedCall;

  constructor(
    private readonly registration: Registration & { source: StreamSpec },
    private readonly deps: StreamMappingDeps,
  ) {
    this.listing = new RetriedCall(readRetry(deps));
  }

  async nextDueAt(): Promise<number | undefined> {
    const now = this.deps.clock.now();
    const shards = await this.opened(now);
    if (this.shards === undefined) return this.listing.retryAt;
    let due: number | undefined;
    for (const shard of shards) {
      const at = await this.dueOf(shard, now);
      if (at !== undefined && (due === undefined || at < due)) due = at;
    }
    return due;
  }

  async fireDue(now: number): Promise<void> {
    for (const shard of await this.opened(now)) {
      if (shard.inFlight?.outcome !== undefined) await this.settle(shard, shard.inFlight.outcome.failedFrom, now);
      const due = await this.dueOf(shard, now);
      if (shard.inFlight === undefined && due !== undefined && due <= now) await this.deliverNext(shard, now);
    }
  }

  /** Note the outcome of a delivery from the step that decided its attempt; it is acted on when due. */
  observe(record: StepRecord): void {
    const shard = this.shards?.find((s) => s.inFlight?.requestId === record.streamId);
    if (shard?.inFlight === undefined) return;
    const event = record.event as { type: string; response?: Json };
    const batch = shard.pending[0] ?? [];
    if (shard.inFlight.outcome !== undefined) return;
    if (event.type === 'attempt.succeeded')
      shard.inFlight.outcome = { failedFrom: firstFailedIndex(event.response, batch) };
    // Any other way out of `active` (a failed attempt, expiry, throttled past its age, an operator's
    // cancel) fails the batch, so a shard never waits on a delivery that has ended.
    else if (!record.stateAfter.startsWith('active')) shard.inFlight.outcome = { failedFrom: 0 };
  }

  private get spec(): StreamSpec {
    return this.registration.source;
  }

  /** The shards, once the source has listed them (none while listing fails). */
  private async opened(now: number): Promise<ShardState[]> {
    if (this.shards !== undefined) return this.shards;
    const shardIds = await this.listing.attempt(now, () => this.deps.source.listShards());
    if (shardIds === undefined) return [];
    const shards: ShardState[] = [];
    for (const shardId of shardIds) {
      const checkpoint = (await this.deps.checkpoints.load(shardId)) ?? (await this.pinLatest(shardId));
      const start =
        checkpoint === undefined
          ? { kind: this.spec.startingPosition }
          : { kind: 'AFTER_SEQUENCE_NUMBER' as const, sequenceNumber: checkpoint };
      shards.push({
        shardId,
        reader: new ShardReader(this.deps.source, shardId, start, readRetry(this.deps)),
        buffer: [],
        pending: [],
        attempts: 0,
        invokes: 0,
        retryAt: 0,
        bufferedSince: now,
        lastPollAt: -Infinity,
      });
    }
    this.shards = shards;
    return shards;
  }

  /** Checkpoint LATEST where the shard ends now ('0' when empty: before every record), if the source is kept. */
  private async pinLatest(shardId: string): Promise<string | undefined> {
    const latestOf = this.deps.latestSequenceNumber;
    if (latestOf === undefined || this.spec.startingPosition !== 'LATEST') return undefined;
    const latest = latestOf(shardId) ?? '0';
    await this.deps.checkpoints.save(shardId, latest, 0);
    return latest;
  }

  /** When the shard has a batch to deliver (or an outcome to settle); reads the stream when a read is due. */
  private async dueOf(shard: ShardState, now: number): Promise<number | undefined> {
    if (shard.inFlight !== undefined) return shard.inFlight.outcome === undefined ? undefined : now;
    if (shard.pending.length > 0) return shard.retryAt;
    const poll = this.deps.pollIntervalMs ?? 0;
    const readAt = Math.max(shard.lastPollAt + poll, shard.reader.retryAt);
    if (shard.buffer.length < this.spec.batchSize && now >= readAt) {
      shard.lastPollAt = now;
      const read = await shard.reader.next(this.spec.batchSize - shard.buffer.length, now);
      if (shard.buffer.length === 0 && read.length > 0) shard.bufferedSince = now;
      shard.buffer.push(...read);
    }
    if (shard.buffer.length >= this.spec.batchSize) return now;
    if (shard.buffer.length > 0) return shard.bufferedSince + this.spec.maximumBatchingWindowInSeconds * 1000;
    const nextRead = Math.max(shard.lastPollAt + poll, shard.reader.retryAt);
    return poll > 0 || nextRead > now ? nextRead : undefined;
  }

  private async deliverNext(shard: ShardState, now: number): Promise<void> {
    if (shard.pending.length === 0) shard.pending.push(shard.buffer.splice(0, this.spec.batchSize));
    const batch = shard.pending[0] ?? [];
    const maxAge = this.spec.maximumRecordAgeInSeconds;
    const expired = maxAge < 0 ? 0 : batch.filter((r) => r.arrivedAt < now - maxAge * 1000).length;
    if (expired > 0) {
      await this.giveUp(shard, batch.splice(0, expired), 'RecordAgeExceeded', now);
      if (batch.length === 0) return this.finishBatch(shard);
    }
    const requestId = randomUUID();
    shard.inFlight = { requestId };
    shard.invokes += 1;
    const first = batch[0]?.sequenceNumber ?? '';
    const last = batch[batch.length - 1]?.sequenceNumber ?? '';
    await invoke(
      this.deps.functions,
      this.registration,
      streamEventOf(this.spec, shard.shardId, batch, this.deps.scope),
      {
        requestId,
        trigger: {
          kind: 'eventSource',
          source: streamSourceName(this.spec),
          rule: `${shard.shardId} ${first}-${last}`,
        },
      },
    );
  }

  /** Act on a delivery's outcome: checkpoint what succeeded, retry, split or give up on what failed. */
  private async settle(shard: ShardState, failedFrom: number | undefined, now: number): Promise<void> {
    const requestId = shard.inFlight?.requestId ?? '';
    shard.inFlight = undefined;
    const batch = shard.pending[0] ?? [];
    const done = batch.splice(0, failedFrom ?? batch.length);
    if (done.length > 0) await this.checkpoint(shard, done);
    if (batch.length === 0) return this.finishBatch(shard);
    if (this.spec.bisectBatchOnFunctionError && batch.length > 1 && failedFrom === 0) {
      const half = Math.ceil(batch.length / 2);
      shard.pending.splice(0, 1, batch.slice(0, half), batch.slice(half));
      shard.retryAt = now;
      return;
    }
    shard.attempts += 1;
    const limit = this.spec.maximumRetryAttempts;
    if (limit >= 0 && shard.attempts > limit) {
      await this.giveUp(shard, batch, 'RetryAttemptsExhausted', now, requestId);
      return this.finishBatch(shard);
    }
    shard.retryAt = now + retryDelayMs(shard.attempts);
  }

  private finishBatch(shard: ShardState): void {
    shard.pending.shift();
    shard.attempts = 0;
    shard.invokes = 0;
    shard.retryAt = this.deps.clock.now();
  }

  private async giveUp(
    shard: ShardState,
    batch: readonly ShardRecord[],
    condition: GiveUpCondition,
    now: number,
    requestId: string = randomUUID(),
  ): Promise<void> {
    const target = this.spec.onFailure;
    if (target !== undefined) {
      const record = failureRecordOf(
        {
          identity: this.spec,
          shardId: shard.shardId,
          batch,
          functionName: this.registration.name,
          requestId,
          condition,
          invokeCount: shard.invokes,
          at: now,
        },
        this.deps.scope,
      );
      await this.deps.sendFailure(target, record);
    }
    await this.checkpoint(shard, batch);
  }

  private async checkpoint(shard: ShardState, records: readonly ShardRecord[]): Promise<void> {
    const last = records[records.length - 1];
    if (last !== undefined) await this.deps.checkpoints.save(shard.shardId, last.sequenceNumber, records.length);
  }
}
