import { assign, setup } from 'xstate';

/** Which mapping and shard a checkpoint belongs to, and where it starts. */
export interface CheckpointInput {
  readonly app: string;
  readonly functionName: string;
  /** `kinesis:<stream>` or `dynamodb:<stream ARN>`. */
  readonly source: string;
  readonly shardId: string;
  /** The last sequence number processed (or given up on) when the checkpoint was first written. */
  readonly sequenceNumber: string;
}

/** Events of the checkpoint machine: the mapping moved past more records of the shard. */
export type CheckpointEvent = { type: 'checkpoint.advanced'; sequenceNumber: string; records: number };

/** Where one mapping stands in one shard. */
export interface CheckpointContext {
  readonly input: CheckpointInput;
  readonly sequenceNumber: string;
  readonly advances: number;
}

/**
 * The checkpoint of a stream mapping in one shard: each step records the last sequence number the
 * mapping is done with, so a restarted mapping reads on from just after it. It never ends.
 */
export const streamCheckpointMachine = setup({
  types: {
    context: {} as CheckpointContext,
    input: {} as CheckpointInput,
    events: {} as CheckpointEvent,
  },
}).createMachine({
  id: 'streamCheckpoint',
  context: ({ input }) => ({ input, sequenceNumber: input.sequenceNumber, advances: 0 }),
  initial: 'tracking',
  states: {
    tracking: {
      on: {
        'checkpoint.advanced': {
          actions: assign({
            sequenceNumber: ({ event }) => event.sequenceNumber,
            advances: ({ context }) => context.advances + 1,
          }),
        },
      },
    },
  },
});
