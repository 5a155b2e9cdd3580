import { randomUUID } from 'node:crypto';
import type { ShardRecord } from '../../ports/shardSource.js';
import type { Registration } from '../../app/chalice/app.js';
import { failureRecordOf, type GiveUpCondition } from './streamBatch.js';
import type { ShardState, StreamMappingDeps, StreamSpec } from './streamPolling.js';

/** Backoff between retries of a failing batch: 1 s doubling to a minute (Lambda's pace is undocumented). */
const retryDelayMs = (attempts: number): number => Math.min(60_000, 1000 * 2 ** Math.max(0, attempts - 1));

/**
 * What a stream mapping does with a delivered batch: checkpoints what succeeded; a failure is split in
 * halves (`bisectBatchOnFunctionError`, not counted as a retry), retried after a backoff, or given up on
 * once `maximumRetryAttempts` is spent or the records are too old, described to the on-failure destination.
 */
export class StreamBatchOutcomes {
  constructor(
    private readonly registration: Registration & { source: StreamSpec },
    private readonly deps: StreamMappingDeps,
  ) {}

  private get spec(): StreamSpec {
    return this.registration.source;
  }

  /** Act on a delivery's outcome: checkpoint what succeeded, retry, split or give up on what failed. */
  async settle(shard: ShardState, failedFrom: number | undefined, now: number): Promise<void> {
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

  /** Give up on the batch's records older than `maximumRecordAgeInSeconds`; false when none are left. */
  async dropExpired(shard: ShardState, batch: ShardRecord[], now: number): Promise<boolean> {
    const maxAge = this.spec.maximumRecordAgeInSeconds;
    const expired = maxAge < 0 ? 0 : batch.filter((r) => r.arrivedAt < now - maxAge * 1000).length;
    if (expired === 0) return true;
    await this.giveUp(shard, batch.splice(0, expired), 'RecordAgeExceeded', now);
    if (batch.length > 0) return true;
    this.finishBatch(shard);
    return false;
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
