import { z } from 'zod';
import { defineMachine } from '../../src/core/machineDefinition.js';
import { streamCheckpointMachine } from './streamCheckpoint.machine.js';

/** Machine id of stream mapping checkpoints. */
export const STREAM_CHECKPOINT_MACHINE_ID = 'streamCheckpoint';

const sequenceNumber = z.string().regex(/^\d{1,128}$/, 'must be a decimal sequence number');

/** The checkpoint machine as the runtime registers it; it has no commands. */
export const streamCheckpointDefinition = defineMachine({
  id: STREAM_CHECKPOINT_MACHINE_ID,
  version: 1,
  machine: streamCheckpointMachine,
  input: z.object({
    app: z.string().min(1),
    functionName: z.string().min(1),
    source: z.string().min(1),
    shardId: z.string().min(1),
    sequenceNumber,
  }),
  events: z.object({
    type: z.literal('checkpoint.advanced'),
    sequenceNumber,
    records: z.number().int().nonnegative(),
  }),
  description: 'where a stream mapping stands in one shard: the last sequence number it is done with',
});
