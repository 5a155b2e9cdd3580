import { z } from 'zod';
import { defineMachine } from '../../src/core/machineDefinition.js';
import { streamShardMachine } from './streamShard.machine.js';

/** Machine id of embedded stream shards. */
export const STREAM_SHARD_MACHINE_ID = 'streamShard';

/** The shard machine as the runtime registers it; it has no commands. */
export const streamShardDefinition = defineMachine({
  id: STREAM_SHARD_MACHINE_ID,
  version: 1,
  machine: streamShardMachine,
  input: z.object({
    stream: z.string().min(1, 'must not be empty'),
    shardId: z.string().min(1, 'must not be empty'),
    shardCount: z.number().int().min(1).max(500),
  }),
  events: z.object({
    type: z.literal('record.put'),
    sequenceNumber: z.string().regex(/^\d{1,128}$/, 'must be a decimal sequence number'),
    partitionKey: z.string().min(1, 'must not be empty'),
    dataBase64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
    arrivedAt: z.number().int().nonnegative(),
  }),
  description: 'the records of one shard of an embedded Kinesis or DynamoDB stream, one step per record',
});
