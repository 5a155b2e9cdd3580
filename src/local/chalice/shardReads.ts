import type { ShardCursor, ShardRecord, ShardSource, ShardStart } from '../../ports/shardSource.js';
import { backoffMs } from '../../runtime/boundedConcurrency.js';

/** How a stream mapping's reads fail and wait: reported here, then tried again after a capped backoff. */
export interface ShardReadPolicy {
  /** Every failed call of the source (a throttled `GetRecords`, a dropped connection). */
  readonly onError: (error: unknown) => void;
  /** The first wait after a failure; it doubles with each failure in a row. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
}

/**
 * A call to a stream source that may fail (the Kinesis API throttling, answering 500, dropping the
 * connection) and is tried again: each failure is reported, and no call is made before the backoff has
 * passed. Lambda's mappings keep polling a stream through such faults rather than stop.
 */
export class RetriedCall {
  private failures = 0;
  /** No call before this time (epoch ms of the runtime's clock). */
  retryAt = -Infinity;

  constructor(private readonly policy: ShardReadPolicy) {}

  /** The call's result, or undefined when it failed or its backoff has not passed. */
  async attempt<T>(now: number, call: () => Promise<T>): Promise<T | undefined> {
    if (now < this.retryAt) return undefined;
    try {
      const result = await call();
      this.failures = 0;
      this.retryAt = -Infinity;
      return result;
    } catch (error) {
      this.failures += 1;
      this.retryAt = now + backoffMs(this.failures, this.policy.retryBaseMs, this.policy.retryMaxMs);
      this.policy.onError(error);
      return undefined;
    }
  }
}

/**
 * One shard read through a source that may fail. The cursor is opened on the first read that gets
 * through, at the start decided when the mapping began (nothing of the shard is delivered before), and
 * a read that fails leaves the cursor where it was, so no record is skipped or read twice.
 */
export class ShardReader {
  private cursor: ShardCursor | undefined;
  private readonly calls: RetriedCall;

  constructor(
    private readonly source: ShardSource,
    private readonly shardId: string,
    private readonly start: ShardStart,
    policy: ShardReadPolicy,
  ) {
    this.calls = new RetriedCall(policy);
  }

  /** When a read that failed may be tried again (-Infinity while reads succeed). */
  get retryAt(): number {
    return this.calls.retryAt;
  }

  /** Up to `limit` records; none when the shard has nothing new, a call failed, or its backoff runs. */
  async next(limit: number, now: number): Promise<readonly ShardRecord[]> {
    const read = await this.calls.attempt(now, async () => {
      this.cursor ??= await this.source.open(this.shardId, this.start);
      return this.cursor.next(limit);
    });
    return read ?? [];
  }
}
