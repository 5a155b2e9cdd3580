/** One record of a shard as a stream mapping reads it, whatever serves the stream. */
export interface ShardRecord {
  /** Increasing within the shard; compared as a decimal number. */
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly data: Uint8Array;
  /** Epoch ms the stream accepted it (Kinesis's approximate arrival timestamp). */
  readonly arrivedAt: number;
}

/** Where a cursor starts: a stream's first record, its end when opened, or just past a checkpoint. */
export type ShardStart =
  | { readonly kind: 'TRIM_HORIZON' }
  | { readonly kind: 'LATEST' }
  | { readonly kind: 'AFTER_SEQUENCE_NUMBER'; readonly sequenceNumber: string };

/** A forward reader of one shard. */
export interface ShardCursor {
  /** Up to `limit` records after the last one returned; none when the shard has nothing new. */
  next(limit: number): Promise<readonly ShardRecord[]>;
}

/** A sharded stream a mapping can read: the embedded stream, or Kinesis through its API. */
export interface ShardSource {
  /** The stream's name or ARN, as the delivered records name it. */
  readonly name: string;
  listShards(): Promise<readonly string[]>;
  open(shardId: string, start: ShardStart): Promise<ShardCursor>;
}

/** Order two sequence numbers of one shard (decimal strings of any length). */
export function compareSequenceNumbers(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
