import { ValidationError } from '../../core/errors.js';
import { EmbeddedStream, type PutRecordResult, type StreamEntry } from '../../adapters/stream/embeddedStream.js';
import { EmbeddedTableStream } from '../../adapters/stream/embeddedTableStream.js';
import type { Clock } from '../../ports/clock.js';
import type { ShardSource } from '../../ports/shardSource.js';

/** Where an App's stream sources read from when not from the embedded streams. */
export interface StreamSourceOptions {
  /** Read a Kinesis stream through another source (such as `KinesisShardSource` on a Kinesis API). */
  readonly kinesis?: (stream: string) => ShardSource;
  /** How often a mapping reads such a source, in ms of the runtime's clock (default 1000). */
  readonly pollIntervalMs?: number;
  /** Shards of each embedded stream created on demand (default 1). */
  readonly shardCount?: number;
  /**
   * Told of each failed call to such a source (throttled, a 500, a dropped connection); the mapping goes
   * on polling after a backoff. Default: written to stderr.
   */
  readonly onError?: (error: unknown) => void;
}

/**
 * The embedded Kinesis streams (by name) and DynamoDB table streams (by ARN) of a running App. A
 * stream is created on first use; `create` chooses its shard count first.
 * @example
 * runner.streams.create('clicks', { shardCount: 4 });
 * runner.streams.putRecord('clicks', { data: '{"page":"/"}', partitionKey: 'user-1' });
 */
export class AppStreams {
  private readonly kinesisStreams = new Map<string, EmbeddedStream>();
  private readonly tableStreams = new Map<string, EmbeddedTableStream>();

  constructor(private readonly options: StreamSourceOptions & { clock: Clock }) {}

  /**
   * Create an embedded Kinesis stream with `shardCount` shards. An existing stream (a mapping creates its
   * stream when the app starts) is returned when the count agrees and refused when it does not.
   */
  create(name: string, settings: { shardCount?: number } = {}): EmbeddedStream {
    const shardCount = settings.shardCount ?? this.options.shardCount;
    const existing = this.kinesisStreams.get(name);
    if (existing !== undefined) {
      const count = existing.shardRanges().length;
      if (shardCount === undefined || shardCount === count) return existing;
      throw new ValidationError(`stream ${name}`, [
        {
          path: 'shardCount',
          rule: `must match the existing stream's ${count} shard(s); set streams.shardCount when starting the app`,
        },
      ]);
    }
    const stream = new EmbeddedStream(name, { clock: this.options.clock, ...(shardCount ? { shardCount } : {}) });
    this.kinesisStreams.set(name, stream);
    return stream;
  }

  /** The embedded Kinesis stream of that name. */
  kinesis(name: string): EmbeddedStream {
    return this.create(name);
  }

  /** Put one record on an embedded Kinesis stream. */
  putRecord(stream: string, entry: StreamEntry): PutRecordResult {
    return this.kinesis(stream).putRecord(entry);
  }

  /** The embedded stream of a DynamoDB table, by its stream ARN. */
  dynamodb(streamArn: string): EmbeddedTableStream {
    const existing = this.tableStreams.get(streamArn);
    if (existing !== undefined) return existing;
    const shardCount = this.options.shardCount;
    const stream = new EmbeddedTableStream(streamArn, {
      clock: this.options.clock,
      ...(shardCount ? { shardCount } : {}),
    });
    this.tableStreams.set(streamArn, stream);
    return stream;
  }

  /** What a mapping of this source reads, and how often it must look (0: the stream is in this process). */
  sourceOf(kind: 'kinesis' | 'dynamodb', stream: string): { source: ShardSource; pollIntervalMs: number } {
    if (kind === 'dynamodb') return { source: this.dynamodb(stream), pollIntervalMs: 0 };
    const remote = this.options.kinesis?.(stream);
    if (remote === undefined) return { source: this.kinesis(stream), pollIntervalMs: 0 };
    return { source: remote, pollIntervalMs: this.options.pollIntervalMs ?? 1000 };
  }
}
