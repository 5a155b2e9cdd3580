import { GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DEFAULT_INDEX_SHARDS } from '../../aws/contract.js';
import {
  ConcurrencyConflictError,
  PayloadTooLargeError,
  StatebridgeError,
  ValidationError,
} from '../../core/errors.js';
import type { InstanceSummary, StepRecord } from '../../core/stepRecord.js';
import type {
  DueTimerHead,
  DueTimerQuery,
  EventStore,
  ListInstancesQuery,
  Page,
  ReadStreamOptions,
  StepReadHint,
  StepView,
  WorkQuery,
} from '../../ports/eventStore.js';
import { listInstances } from './instanceListing.js';
import { boundedKey, DYNAMODB_ITEM_LIMIT_BYTES, ITEM_OVERHEAD_BYTES, itemBytes, keyOf, toItem } from './stepItem.js';
import { isConditionFailed, storeUnavailable } from './storeErrors.js';
import { StreamCache } from './streamCache.js';
import { TableReader } from './tableReader.js';
import { ATTR, INDEX } from './tableSchema.js';
import { listDueTimers, listWork, nextTimerDue } from './workIndex.js';

/** The largest record JSON this store accepts: one item minus room for keys and index attributes. */
export const DYNAMODB_MAX_RECORD_BYTES = DYNAMODB_ITEM_LIMIT_BYTES - ITEM_OVERHEAD_BYTES;

/** Options for the DynamoDB store. */
export interface DynamodbEventStoreOptions {
  readonly client: DynamoDBClient;
  /** A table created by `ensureTable` (or with the same definition). */
  readonly tableName: string;
  /** At most (and by default) `DYNAMODB_MAX_RECORD_BYTES`. */
  readonly maxRecordBytes?: number;
  /**
   * Answer `readForStep` from what this process last wrote or read (default true). Safe for the runtime,
   * whose every step ends in a conditional put that fails on a stale head and then re-reads the table.
   * `readHead` and `findEvent` always read the table. See ./README.md.
   */
  readonly snapshotCache?: boolean;
  /**
   * Partitions each write-heavy index (byStart, byCommand, byTimer) is spread over, 1..256 (default 16): one partition
   * takes about 1,000 writes/s, so the default carries ~16,000 steps/s with pending work. Every process
   * on one table must use the same value. See ./README.md "Capacity".
   */
  readonly indexShards?: number;
  /** Close the client on `close()` (default false: the caller owns it). */
  readonly ownsClient?: boolean;
}

/**
 * The event log on one DynamoDB table: pk = stream id, sk = version, one conditional PutItem per step,
 * no transactions (so it also runs on dynalite). Listings and work use sparse indexes, never a Scan.
 */
export class DynamodbEventStore implements EventStore {
  readonly maxRecordBytes: number;
  private readonly reader: TableReader;
  private readonly shards: number;
  private readonly cache: StreamCache;

  constructor(private readonly options: DynamodbEventStoreOptions) {
    this.maxRecordBytes = Math.min(options.maxRecordBytes ?? DYNAMODB_MAX_RECORD_BYTES, DYNAMODB_MAX_RECORD_BYTES);
    const shards = options.indexShards ?? DEFAULT_INDEX_SHARDS;
    if (!Number.isInteger(shards) || shards < 1 || shards > 256) {
      throw new ValidationError('DynamoDB event store options', [
        { path: 'indexShards', rule: `must be an integer from 1 to 256, got ${shards}` },
      ]);
    }
    this.shards = shards;
    this.reader = new TableReader(options.client, options.tableName, shards);
    this.cache = new StreamCache(options.snapshotCache ?? true);
  }

  /**
   * Why one conditional put is enough for "append N+1 only when the stream is at N":
   * - at most N: the put is conditioned on (pk, sk=N+1) not existing, so a concurrent or earlier writer
   *   of N+1 makes it fail, and versions above N+1 cannot exist without N+1;
   * - at least N: version N must exist. Versions are never deleted, so once this store has seen N (the
   *   runtime always reads the head before appending) that is a fact and costs nothing; otherwise one
   *   consistent GetItem of (pk, N) checks it before the put.
   */
  async append(record: StepRecord, expectedVersion: number, json = JSON.stringify(record)): Promise<void> {
    const { streamId } = record;
    if (record.version !== expectedVersion + 1) throw new ConcurrencyConflictError(streamId, expectedVersion);
    const recordBytes = Buffer.byteLength(json);
    if (recordBytes > this.maxRecordBytes) throw new PayloadTooLargeError(streamId, recordBytes, this.maxRecordBytes);
    const item = toItem(record, json, this.shards);
    const bytes = itemBytes(item);
    if (bytes > DYNAMODB_ITEM_LIMIT_BYTES) throw new PayloadTooLargeError(streamId, bytes, DYNAMODB_ITEM_LIMIT_BYTES);
    if (
      expectedVersion > 0 &&
      this.cache.knownVersion(streamId) < expectedVersion &&
      !(await this.versionExists(streamId, expectedVersion))
    ) {
      throw new ConcurrencyConflictError(streamId, expectedVersion);
    }
    try {
      await this.options.client.send(
        new PutItemCommand({
          TableName: this.options.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': ATTR.pk },
        }),
      );
    } catch (error) {
      // After a conflict the snapshot is stale; after any other failure the write may or may not have landed.
      this.cache.invalidate(streamId);
      if (isConditionFailed(error)) {
        this.cache.exists(streamId, record.version); // someone else wrote this version: a fact
        throw new ConcurrencyConflictError(streamId, expectedVersion, error);
      }
      throw storeUnavailable('PutItem', this.options.tableName, error);
    }
    this.cache.written(record, json);
  }

  private async versionExists(streamId: string, version: number): Promise<boolean> {
    try {
      const { Item } = await this.options.client.send(
        new GetItemCommand({
          TableName: this.options.tableName,
          Key: { [ATTR.pk]: { S: streamId }, [ATTR.sk]: { N: String(version) } },
          ProjectionExpression: '#pk',
          ExpressionAttributeNames: { '#pk': ATTR.pk },
          ConsistentRead: true,
        }),
      );
      return Item !== undefined;
    } catch (error) {
      throw storeUnavailable('GetItem', this.options.tableName, error);
    }
  }

  async readHead(streamId: string): Promise<StepRecord | undefined> {
    const head = await this.reader.head(streamId);
    if (head === undefined) return undefined;
    this.cache.observed(head.record, head.json);
    return head.record;
  }

  /**
   * The step's view from this process's own writes when it has them: one put per step, no reads. A start
   * on a stream this store knows nothing of reads nothing: the put of version 1 is conditional, and when
   * it fails the version is known to exist, so the runtime's retry reads the table.
   */
  async readForStep(streamId: string, eventId: string, hint: StepReadHint = {}): Promise<StepView> {
    const lookup = () =>
      hint.skipEventLookup === true ? Promise.resolve(undefined) : this.queryEvent(streamId, eventId);
    const cached = this.cache.head(streamId);
    if (cached !== undefined) {
      const known = this.cache.findEvent(streamId, eventId);
      return { head: cached, appliedAt: known !== null ? known : await lookup() };
    }
    if (hint.newStream === true && this.cache.knownVersion(streamId) === 0)
      return { head: undefined, appliedAt: undefined };
    // The event id is looked up once the head is read, never beside it (see the port): a lookup answered before
    // another process applied the event, with a head read after its next step, would call the event new.
    const head = await this.readHead(streamId);
    return { head, appliedAt: head === undefined ? undefined : await lookup() };
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StepRecord> {
    const pageSize = options.pageSize;
    if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1)) {
      throw new StatebridgeError('VALIDATION_FAILED', `pageSize must be a positive integer, got ${pageSize}`);
    }
    return this.reader.stream(streamId, Math.max(1, options.fromVersion ?? 1), pageSize);
  }

  /** Exact: the local index is read with ConsistentRead (ids over 1,000 bytes are matched by SHA-256). */
  findEvent(streamId: string, eventId: string): Promise<number | undefined> {
    return this.queryEvent(streamId, eventId);
  }

  private async queryEvent(streamId: string, eventId: string): Promise<number | undefined> {
    const page = await this.reader.query({
      IndexName: INDEX.byEvent,
      KeyConditionExpression: '#pk = :pk AND #eid = :eid',
      ExpressionAttributeNames: { '#pk': ATTR.pk, '#eid': ATTR.eventKey },
      ExpressionAttributeValues: { ':pk': { S: streamId }, ':eid': { S: boundedKey(eventId) } },
      ConsistentRead: true,
      Limit: 1,
    });
    const item = page.Items?.[0];
    return item === undefined ? undefined : keyOf(item).version;
  }

  listInstances(query: ListInstancesQuery): Promise<Page<InstanceSummary>> {
    return listInstances(this.reader, query);
  }

  listWork(query: WorkQuery): Promise<readonly StepRecord[]> {
    return listWork(this.reader, query);
  }

  listDueTimers(query: DueTimerQuery): Promise<readonly DueTimerHead[]> {
    return listDueTimers(this.reader, query);
  }

  nextTimerDue(): Promise<number | undefined> {
    return nextTimerDue(this.reader);
  }

  close(): Promise<void> {
    if (this.options.ownsClient === true) this.options.client.destroy();
    return Promise.resolve();
  }
}
