import { randomUUID } from 'node:crypto';
import type { Json, StepRecord } from '../../core/stepRecord.js';
import type { TimerSource } from '../../ports/clock.js';
import type { Registration } from '../../app/chalice/app.js';
import { invoke } from './invoke.js';
import { RetriedCall } from './shardReads.js';
import { firstFailedIndex, streamEventOf, streamSourceName } from './streamBatch.js';
import {
  openShard,
  pollShard,
  readRetry,
  type ShardState,
  type StreamMappingDeps,
  type StreamSpec,
} from './streamPolling.js';
import { StreamBatchOutcomes } from './streamRetries.js';

export type { StreamMappingDeps } from './streamPolling.js';

/**
 * An event source mapping from a sharded stream to one function, with Lambda's stream rules: each shard
 * in order, one batch of a shard at a time; batches of up to `batchSize` gathered for up to the batching
 * window; a failed batch retried (with `bisectBatchOnFunctionError`, split in halves, which does not use
 * up a retry) until it succeeds, `maximumRetryAttempts` is spent or its records are older than
 * `maximumRecordAgeInSeconds`; a `batchItemFailures` answer checkpoints before the lowest failed record
 * and retries from there. Records given up on are described to the on-failure destination. Every record
 * the mapping is done with is checkpointed in the log, so a restart reads on from there (at least once:
 * a batch in flight at a crash is delivered again). Each delivery is an asynchronous invocation.
 * Reading and batching windows are in streamPolling.ts, what follows a delivery in streamRetries.ts.
 */
export class StreamMapping implements TimerSource {
  private shards: ShardState[] | undefined;
  /** Listing the shards, tried again after a backoff while the source fails. */
  private readonly listing: RetriedCall;
  private readonly outcomes: StreamBatchOutcomes;

  constructor(
    private readonly registration: Registration & { source: StreamSpec },
    private readonly deps: StreamMappingDeps,
  ) {
    this.listing = new RetriedCall(readRetry(deps));
    this.outcomes = new StreamBatchOutcomes(registration, deps);
  }

  async nextDueAt(): Promise<number | undefined> {
    const now = this.deps.clock.now();
    const shards = await this.opened(now);
    if (this.shards === undefined) return this.listing.retryAt;
    let due: number | undefined;
    for (const shard of shards) {
      const at = await pollShard(shard, this.spec, this.deps, now);
      if (at !== undefined && (due === undefined || at < due)) due = at;
    }
    return due;
  }

  async fireDue(now: number): Promise<void> {
    for (const shard of await this.opened(now)) {
      const outcome = shard.inFlight?.outcome;
      if (outcome !== undefined) await this.outcomes.settle(shard, outcome.failedFrom, now);
      const due = await pollShard(shard, this.spec, this.deps, now);
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
    for (const shardId of shardIds) shards.push(await openShard(shardId, this.spec, this.deps, now));
    this.shards = shards;
    return shards;
  }

  /** Deliver the shard's front batch (formed from the buffer if none is pending), less its expired records. */
  private async deliverNext(shard: ShardState, now: number): Promise<void> {
    if (shard.pending.length === 0) shard.pending.push(shard.buffer.splice(0, this.spec.batchSize));
    const batch = shard.pending[0] ?? [];
    if (!(await this.outcomes.dropExpired(shard, batch, now))) return;
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
}
