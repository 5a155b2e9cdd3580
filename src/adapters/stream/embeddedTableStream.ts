import { createHash } from 'node:crypto';
import { ValidationError } from '../../core/errors.js';
import type { Clock } from '../../ports/clock.js';
import type { ShardCursor, ShardRecord, ShardSource, ShardStart } from '../../ports/shardSource.js';
import type { AttributeMap } from '../../protocol/eventSources/attributeValue.js';
import { EmbeddedStream, type PutRecordResult, type ShardJournal } from './embeddedStream.js';

/** One item change: keys, and the item after (absent on REMOVE) and before (absent on INSERT). */
export interface ItemChange {
  readonly keys: AttributeMap;
  readonly newImage?: AttributeMap;
  readonly oldImage?: AttributeMap;
}

/**
 * A table's stream in this process (NEW_AND_OLD_IMAGES): each change is routed by its keys, so the
 * changes of one item stay in one shard, in order. Mappings read it as any stream and deliver
 * DynamoDB Streams records; INSERT, MODIFY or REMOVE follows from which images are given.
 * @example
 * const feed = new EmbeddedTableStream(streamArn, { clock });
 * feed.put({ keys: { id: { S: '1' } }, newImage: { id: { S: '1' }, n: { N: '2' } } });
 */
export class EmbeddedTableStream implements ShardSource {
  private readonly stream: EmbeddedStream;

  constructor(
    readonly name: string,
    options: { clock: Clock; shardCount?: number },
  ) {
    this.stream = new EmbeddedStream(name, options);
  }

  /** Record one change of an item. */
  put(change: ItemChange): PutRecordResult {
    const issues = [];
    if (typeof change.keys !== 'object' || change.keys === null || Object.keys(change.keys).length === 0)
      issues.push({ path: 'keys', rule: 'must name the key attributes of the item' });
    if (change.newImage === undefined && change.oldImage === undefined)
      issues.push({ path: 'newImage', rule: 'or oldImage must be given (a change has an image)' });
    if (issues.length > 0) throw new ValidationError(`change for ${this.name}`, issues);
    // Keys may be longer than a partition key may be; their digest routes the same item to the same shard.
    const partitionKey = createHash('md5').update(JSON.stringify(change.keys)).digest('hex');
    return this.stream.putRecord({ data: JSON.stringify(change), partitionKey });
  }

  /** Keep every change from now on in `journal` before it can be read (see `EmbeddedStream.keepIn`). */
  keepIn(journal: ShardJournal): void {
    this.stream.keepIn(journal);
  }

  /** Put back the changes a shard held before a restart. */
  restore(shardId: string, records: readonly ShardRecord[]): void {
    this.stream.restore(shardId, records);
  }

  /** Resolves once every change recorded so far is kept. */
  kept(): Promise<void> {
    return this.stream.kept();
  }

  /** The changes of one shard as stream records, oldest first. */
  records(shardId: string): readonly ShardRecord[] {
    return this.stream.records(shardId);
  }

  /** How many shards the stream has. */
  get shardCount(): number {
    return this.stream.shardRanges().length;
  }

  listShards(): Promise<readonly string[]> {
    return this.stream.listShards();
  }

  open(shardId: string, start: ShardStart): Promise<ShardCursor> {
    return this.stream.open(shardId, start);
  }
}
