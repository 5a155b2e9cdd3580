import {
  QueryCommand,
  type DynamoDBClient,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/client-dynamodb';
import type { StepRecord } from '../../core/stepRecord.js';
import { recordOf, type Item } from './stepItem.js';
import { storeUnavailable } from './storeErrors.js';
import { ATTR } from './tableSchema.js';

/** A head read straight from the table, with the JSON it was stored as. */
export interface FreshHead {
  readonly record: StepRecord;
  readonly json: string;
}

/** Queries shared by the store and its index readers; every failure comes back as a statebridge error. */
export class TableReader {
  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
    /** Shards of byStart, byCommand and byTimer that readers query and merge. */
    readonly shards = 1,
  ) {}

  /** One Query page, errors mapped. */
  async query(input: Omit<QueryCommandInput, 'TableName'>): Promise<QueryCommandOutput> {
    try {
      return await this.client.send(new QueryCommand({ TableName: this.tableName, ...input }));
    } catch (error) {
      throw storeUnavailable('Query', this.tableName, error);
    }
  }

  /** The stream's latest item, read with ConsistentRead so it reflects every acknowledged append. */
  async head(streamId: string): Promise<FreshHead | undefined> {
    const page = await this.query({
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': ATTR.pk, '#rec': ATTR.record },
      ExpressionAttributeValues: { ':pk': { S: streamId } },
      ProjectionExpression: '#rec',
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    });
    const item = page.Items?.[0];
    const json = item?.[ATTR.record]?.S;
    return json === undefined ? undefined : { record: JSON.parse(json) as StepRecord, json };
  }

  /** Records from `fromVersion` on, one Query page at a time, following LastEvaluatedKey. */
  async *stream(streamId: string, fromVersion: number, pageSize: number | undefined): AsyncIterable<StepRecord> {
    let start: Item | undefined;
    do {
      const page = await this.query({
        KeyConditionExpression: '#pk = :pk AND #sk >= :from',
        ExpressionAttributeNames: { '#pk': ATTR.pk, '#sk': ATTR.sk, '#rec': ATTR.record },
        ExpressionAttributeValues: { ':pk': { S: streamId }, ':from': { N: String(fromVersion) } },
        ProjectionExpression: '#rec',
        ConsistentRead: true,
        ...(pageSize === undefined ? {} : { Limit: pageSize }),
        ...(start === undefined ? {} : { ExclusiveStartKey: start }),
      });
      for (const item of page.Items ?? []) {
        const record = recordOf(item);
        if (record !== undefined) yield record;
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
  }

  /** Read many heads at once, a bounded number in flight, keyed by stream id. */
  async heads(streamIds: Iterable<string>, concurrency = 16): Promise<Map<string, FreshHead>> {
    const ids = [...new Set(streamIds)];
    const out = new Map<string, FreshHead>();
    for (let i = 0; i < ids.length; i += concurrency) {
      const chunk = ids.slice(i, i + concurrency);
      const heads = await Promise.all(chunk.map((id) => this.head(id)));
      heads.forEach((head, j) => head !== undefined && out.set(chunk[j]!, head));
    }
    return out;
  }
}
