import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  type KinesisClient,
  type ShardIteratorType,
} from '@aws-sdk/client-kinesis';
import { awsCallFailed } from '../awsCallError.js';
import type { ShardCursor, ShardRecord, ShardSource, ShardStart } from '../../ports/shardSource.js';

/** Options of `KinesisShardSource`. */
export interface KinesisShardSourceOptions {
  /** Bring your own client (region, credentials, endpoint). */
  readonly client: KinesisClient;
  /** The stream's name, as the App's `onKinesisMessage({ stream })` names it. */
  readonly streamName: string;
}

/**
 * A Kinesis stream read through the Kinesis API, so an App's `onKinesisMessage` mapping can consume a
 * real stream: `ListShards` for the shards, `GetShardIterator` at the mapping's starting position or
 * `AFTER_SEQUENCE_NUMBER` of its checkpoint, then `GetRecords` onward. An expired iterator is renewed
 * after the last record read. Failures are StatebridgeErrors with the SDK error as `cause`.
 * @example
 * const source = new KinesisShardSource({ client: new KinesisClient({}), streamName: 'clicks' });
 * await runApp(app, { runtime, bus, streams: { kinesis: () => source } });
 */
export class KinesisShardSource implements ShardSource {
  readonly name: string;
  private readonly client: KinesisClient;

  constructor(options: KinesisShardSourceOptions) {
    this.client = options.client;
    this.name = options.streamName;
  }

  async listShards(): Promise<readonly string[]> {
    const shards: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call('ListShards', () =>
        this.client.send(
          new ListShardsCommand(nextToken === undefined ? { StreamName: this.name } : { NextToken: nextToken }),
        ),
      );
      shards.push(...(page.Shards ?? []).map((s) => s.ShardId ?? '').filter((id) => id !== ''));
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
    return shards;
  }

  async open(shardId: string, start: ShardStart): Promise<ShardCursor> {
    let iterator: string | undefined = await this.iteratorAt(shardId, start);
    let lastRead: string | undefined = start.kind === 'AFTER_SEQUENCE_NUMBER' ? start.sequenceNumber : undefined;
    return {
      next: async (limit) => {
        if (iterator === undefined) return []; // the shard is closed and read to its end
        const current = iterator;
        const page = await this.call('GetRecords', () =>
          this.client.send(new GetRecordsCommand({ ShardIterator: current, Limit: Math.min(limit, 10000) })),
        ).catch(async (error: unknown) => {
          if ((error as { cause?: { name?: string } }).cause?.name !== 'ExpiredIteratorException') throw error;
          const renewed =
            lastRead === undefined ? start : { kind: 'AFTER_SEQUENCE_NUMBER' as const, sequenceNumber: lastRead };
          iterator = await this.iteratorAt(shardId, renewed);
          return undefined;
        });
        if (page === undefined) return [];
        iterator = page.NextShardIterator ?? undefined;
        const records = (page.Records ?? []).map((r): ShardRecord => ({
          sequenceNumber: r.SequenceNumber ?? '0',
          partitionKey: r.PartitionKey ?? '',
          data: r.Data ?? new Uint8Array(),
          arrivedAt: r.ApproximateArrivalTimestamp?.getTime() ?? 0,
        }));
        lastRead = records[records.length - 1]?.sequenceNumber ?? lastRead;
        return records;
      },
    };
  }

  private async iteratorAt(shardId: string, start: ShardStart): Promise<string | undefined> {
    const type: ShardIteratorType = start.kind;
    const result = await this.call('GetShardIterator', () =>
      this.client.send(
        new GetShardIteratorCommand({
          StreamName: this.name,
          ShardId: shardId,
          ShardIteratorType: type,
          ...(start.kind === 'AFTER_SEQUENCE_NUMBER' ? { StartingSequenceNumber: start.sequenceNumber } : {}),
        }),
      ),
    );
    return result.ShardIterator;
  }

  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw awsCallFailed({ service: 'Kinesis', operation, target: this.name, targetKey: 'stream', error });
    }
  }
}
