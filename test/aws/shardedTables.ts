import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { DynamodbEventStore } from '../../src/adapters/dynamodb/dynamodbEventStore.js';
import {
  ATTR,
  CONSTANT_PARTITION,
  ensureTable,
  INDEX,
  shardPartitions,
} from '../../src/adapters/dynamodb/tableSchema.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { clientFor, freshTableName, startDynalite, type Dynalite } from '../adapters/dynamodbFixture.js';

/** The sharded indexes, by the kind of entry they hold: index name, partition attribute, base value. */
const SHARDED_INDEXES = {
  starts: { index: INDEX.byStart, attribute: ATTR.all, constant: CONSTANT_PARTITION.all },
  commands: { index: INDEX.byCommand, attribute: ATTR.commands, constant: CONSTANT_PARTITION.commands },
} as const;

/** Fresh tables on one dynalite, for tests of how a store spreads index entries over shards. */
export interface ShardedTables {
  /** A new, empty table; its name. */
  readonly table: () => Promise<string>;
  /** A store on `tableName`; `indexShards` undefined leaves the store's default. */
  readonly store: (tableName: string, indexShards?: number) => DynamodbEventStore;
  /** Entries per partition value of one sharded index: each of `shards` shards and the bare base value. */
  readonly partitionsUsed: (
    tableName: string,
    kind: keyof typeof SHARDED_INDEXES,
    shards: number,
  ) => Promise<Map<string, number>>;
}

/** Start dynalite before the file's tests and stop it after them. */
export function useShardedTables(): ShardedTables {
  let dynamo: Dynalite;
  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterAll(() => dynamo.close());
  return {
    async table() {
      const tableName = freshTableName();
      await ensureTable(clientFor(dynamo.endpoint), tableName);
      return tableName;
    },
    store: (tableName, indexShards) =>
      new DynamodbEventStore({
        client: clientFor(dynamo.endpoint),
        tableName,
        snapshotCache: false,
        ...(indexShards === undefined ? {} : { indexShards }),
      }),
    async partitionsUsed(tableName, kind, shards) {
      const { index, attribute, constant } = SHARDED_INDEXES[kind];
      const client = clientFor(dynamo.endpoint);
      const used = new Map<string, number>();
      for (const value of [...shardPartitions(constant, shards), constant]) {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: index,
            KeyConditionExpression: '#h = :h',
            ExpressionAttributeNames: { '#h': attribute },
            ExpressionAttributeValues: { ':h': { S: value } },
          }),
        );
        if ((page.Count ?? 0) > 0) used.set(value, page.Count ?? 0);
      }
      return used;
    },
  };
}

/** The start step of an instance of machine `m` at `at`, in `state`, leaving `pending` outstanding. */
export function startStep(streamId: string, at: number, state: string, pending: StepRecord['pending']): StepRecord {
  return {
    streamId,
    version: 1,
    eventId: `start:${streamId}`,
    event: { type: 'xstate.init' },
    origin: { kind: 'start' },
    at,
    machine: { id: 'm', version: 1 },
    stateBefore: null,
    stateAfter: state,
    state: { value: state, context: null, status: 'active' },
    tags: [],
    commands: pending.commands,
    timersSet: pending.timers,
    timersCancelled: [],
    links: { correlationId: streamId },
    pending,
    startedAt: at,
  };
}
