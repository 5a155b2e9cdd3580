import { assign, setup } from 'xstate';

/** Which embedded stream and shard the log holds the records of. */
export interface StreamShardInput {
  /** `kinesis:<stream>` or `dynamodb:<stream ARN>`. */
  readonly stream: string;
  readonly shardId: string;
  /** How many shards the stream has, so a restart splits the hash key space the same way. */
  readonly shardCount: number;
}

/** One record put on the shard; its data travels as base64. */
export type StreamShardEvent = {
  type: 'record.put';
  sequenceNumber: string;
  partitionKey: string;
  dataBase64: string;
  arrivedAt: number;
};

/** How far the shard has grown; the records themselves are the instance's events. */
export interface StreamShardContext {
  readonly input: StreamShardInput;
  readonly records: number;
  readonly lastSequenceNumber?: string;
}

/**
 * The records of one shard of an embedded stream, one step per record, so a restart reads them back from
 * the log in order. The state stays small whatever the shard holds: the records are the events, not the
 * context. It never ends.
 */
export const streamShardMachine = setup({
  types: {
    context: {} as StreamShardContext,
    input: {} as StreamShardInput,
    events: {} as StreamShardEvent,
  },
}).createMachine({
  id: 'streamShard',
  context: ({ input }) => ({ input, records: 0 }),
  initial: 'open',
  states: {
    open: {
      on: {
        'record.put': {
          actions: assign({
            records: ({ context }) => context.records + 1,
            lastSequenceNumber: ({ event }) => event.sequenceNumber,
          }),
        },
      },
    },
  },
});
