import { ValidationError } from '../../core/errors.js';
import { EmbeddedStream, type PutRecordResult, type StreamEntry } from '../../adapters/stream/embeddedStream.js';
import { EmbeddedTableStream } from '../../adapters/stream/embeddedTableStream.js';
import type { Clock } from '../../ports/clock.js';
import type { ShardSource } from '../../ports/shardSource.js';
import type { KeptShard, LoggedShards } from './streamJournal.js';

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

/** What a stream mapping reads: the source, how often to look, and where an embedded kept shard ends now. */
export interface MappedSource {
  readonly source: ShardSource;
  readonly pollIntervalMs: number;
  readonly latestSequenceNumber?: (shardId: string) => string | undefined;
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

  /** With `shards`, every embedded stream keeps its records in the log (see `LoggedShards`). */
  constructor(private readonly options: StreamSourceOptions & { clock: Clock; shards?: LoggedShards }) {}

  /** Put back the records kept before a restart, each stream with the shard count it had. */
  restore(kept: readonly KeptShard[]): void {
    for (const shard of kept) {
      const [kind, ...rest] = shard.stream.split(':');
      const name = rest.join(':');
      if (kind === 'kinesis') this.create(name, { shardCount: shard.shardCount }).restore(shard.shardId, shard.records);
      else this.dynamodb(name, shard.shardCount).restore(shard.shardId, shard.records);
    }
  }

  /** Resolves once every record put so far on an embedded stream is kept in the log. */
  async kept(): Promise<void> {
    for (const stream of [...this.kinesisStreams.values(), ...this.tableStreams.values()]) await stream.kept();
  }

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
    if (this.options.shards !== undefined)
      stream.keepIn(this.options.shards.journalOf(`kinesis:${name}`, stream.shardRanges().length));
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

  /** The embedded stream of a DynamoDB table, by its stream ARN (`shardCount` as `create` checks it). */
  dynamodb(streamArn: string, shardCount = this.options.shardCount): EmbeddedTableStream {
    const existing = this.tableStreams.get(streamArn);
    if (existing !== undefined) {
      if (shardCount === undefined || shardCount === existing.shardCount) return existing;
      throw new ValidationError(`stream ${streamArn}`, [
        { path: 'shardCount', rule: `must match the existing stream's ${existing.shardCount} shard(s)` },
      ]);
    }
    const stream = new EmbeddedTableStream(streamArn, {
      clock: this.options.clock,
      ...(shardCount ? { shardCount } : {}),
    });
    if (this.options.shards !== undefined)
      stream.keepIn(this.options.shards.journalOf(`dynamodb:${streamArn}`, stream.shardCount));
    this.tableStreams.set(streamArn, stream);
    return stream;
  }

  /** What a mapping of this source reads, and how often it must look (0: the stream is in this process). */
  sourceOf(kind: 'kinesis' | 'dynamodb', stream: string): MappedSource {
    const remote = kind === 'kinesis' ? this.options.kinesis?.(stream) : undefined;
    if (remote !== undefined) return { source: remote, pollIntervalMs: this.options.pollIntervalMs ?? 1000 };
    const embedded = kind === 'dynamodb' ? this.dynamodb(stream) : this.kinesis(stream);
    if (this.options.shards === undefined) return { source: embedded, pollIntervalMs: 0 };
    // Kept streams outlive the process, so LATEST is pinned where the mapping first stood (see StreamMapping).
    const latestSequenceNumber = (shardId: string) => embedded.records(shardId).at(-1)?.sequenceNumber;
    return { source: embedded, pollIntervalMs: 0, latestSequenceNumber };
  }
}
