import type { ShardJournal } from '../../adapters/stream/embeddedStream.js';
import { isStatebridgeError } from '../../core/errors.js';
import type { ShardRecord } from '../../ports/shardSource.js';
import type { Runtime } from '../../runtime/runtime.js';
import {
  STREAM_SHARD_MACHINE_ID,
  streamShardDefinition,
} from '../../../machines/streamShard/streamShard.definition.js';
import type { StreamShardContext, StreamShardEvent } from '../../../machines/streamShard/streamShard.machine.js';

/** The records of one shard read back from the log. */
export interface KeptShard {
  /** `kinesis:<stream>` or `dynamodb:<stream ARN>`. */
  readonly stream: string;
  readonly shardId: string;
  readonly shardCount: number;
  readonly records: readonly ShardRecord[];
}

/**
 * Embedded stream records kept in the log: one `streamShard` instance per stream and shard, a step per
 * record (the record is the step's event), so a restart reads every shard back in order and the
 * mappings go on from their checkpoints. A record's event id is its sequence number, so keeping it
 * twice applies it once.
 */
export class LoggedShards {
  private readonly started = new Set<string>();

  constructor(private readonly runtime: Runtime) {
    runtime.register(streamShardDefinition);
  }

  /** The instance that holds one shard's records. */
  instanceId(stream: string, shardId: string): string {
    return `shard:${stream}:${shardId}`;
  }

  /** The journal of one stream (`kinesis:<name>` or `dynamodb:<arn>`) of `shardCount` shards. */
  journalOf(stream: string, shardCount: number): ShardJournal {
    return { keep: (shardId, record) => this.keep(stream, shardCount, shardId, record) };
  }

  /** Every shard with records, each with its records oldest first. */
  async kept(): Promise<KeptShard[]> {
    const shards: KeptShard[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.runtime.store.listInstances({
        machineId: STREAM_SHARD_MACHINE_ID,
        limit: 500,
        ...(cursor === undefined ? {} : { cursor }),
      });
      for (const summary of page.items) shards.push(await this.read(summary.instanceId));
      cursor = page.cursor;
    } while (cursor !== undefined);
    return shards;
  }

  private async keep(stream: string, shardCount: number, shardId: string, record: ShardRecord): Promise<void> {
    const id = this.instanceId(stream, shardId);
    if (!this.started.has(id)) {
      try {
        await this.runtime.start(
          STREAM_SHARD_MACHINE_ID,
          id,
          { stream, shardId, shardCount },
          { eventId: `open:${id}` },
        );
      } catch (error) {
        if (!isStatebridgeError(error, 'INSTANCE_EXISTS')) throw error;
      }
      this.started.add(id);
    }
    const event: StreamShardEvent = {
      type: 'record.put',
      sequenceNumber: record.sequenceNumber,
      partitionKey: record.partitionKey,
      dataBase64: Buffer.from(record.data).toString('base64'),
      arrivedAt: record.arrivedAt,
    };
    await this.runtime.send(id, event, { eventId: `${id}@${record.sequenceNumber}` });
  }

  private async read(instanceId: string): Promise<KeptShard> {
    const records: ShardRecord[] = [];
    let context: StreamShardContext | undefined;
    for await (const step of this.runtime.store.readStream(instanceId)) {
      context = step.state.context as unknown as StreamShardContext;
      const event = step.event as StreamShardEvent;
      if (event.type !== 'record.put') continue;
      records.push({
        sequenceNumber: event.sequenceNumber,
        partitionKey: event.partitionKey,
        data: new Uint8Array(Buffer.from(event.dataBase64, 'base64')),
        arrivedAt: event.arrivedAt,
      });
    }
    this.started.add(instanceId);
    const input = context?.input ?? { stream: '', shardId: '', shardCount: 1 };
    return { stream: input.stream, shardId: input.shardId, shardCount: input.shardCount, records };
  }
}
