import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  type AttributeDefinition,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import { StatebridgeError } from '../../core/errors.js';

/**
 * Attribute names of a step item. Short names because every byte of every name counts towards the
 * 400 KB item limit and the index storage. The `g*` attributes are written only on the items an index
 * needs, so every global index is sparse.
 */
export const ATTR = {
  /** Stream id (partition key). */
  pk: 'pk',
  /** Version (sort key, number). */
  sk: 'sk',
  /** The whole StepRecord as JSON. */
  record: 'rec',
  /** Bounded key of the event id, sort key of the local index `byEvent`. */
  eventKey: 'eid',
  /** Listing order: newest start first, then stream id (see `orderKey`). */
  order: 'gOrd',
  /** Partition of the "all instances" index (sharded like the work indexes), on version-1 items. */
  all: 'gAll',
  /** Bounded key of the machine id, on version-1 items. */
  machine: 'gMach',
  /** Bounded key of the start's correlation id, on version-1 items. */
  correlation: 'gCorr',
  /** Terminal status (`done`/`error`), on items whose state is terminal. */
  status: 'gStat',
  /** Constant partition of the command index, on items that leave commands pending. */
  commands: 'gCmd',
  /** When the step with pending commands was decided (epoch ms). */
  commandsAt: 'gCmdAt',
  /** Constant partition of the timer index, on items that leave timers pending. */
  timers: 'gTmr',
  /** Earliest pending timer's due time (epoch ms). */
  due: 'gDue',
} as const;

/** Names of the table's secondary indexes. */
export const INDEX = {
  byEvent: 'byEvent',
  byStart: 'byStart',
  byMachine: 'byMachine',
  byCorrelation: 'byCorrelation',
  byStatus: 'byStatus',
  byCommand: 'byCommand',
  byTimer: 'byTimer',
} as const;

/** The base partition values of the index of all instances, of commands and of timers (each sharded). */
export const CONSTANT_PARTITION = { all: 'all', commands: 'c', timers: 't' } as const;

/**
 * Partition value of a stream's entry in a sharded work index: the constant plus `#` and a shard picked
 * by a hash of the stream id, so writes spread over `shards` partitions (see README "Capacity"). One
 * shard keeps the bare constant, which is what tables written before sharding hold.
 */
export function shardedPartition(constant: string, streamId: string, shards: number): string {
  if (shards <= 1) return constant;
  let hash = 0x811c9dc5;
  for (let i = 0; i < streamId.length; i += 1) hash = Math.imul(hash ^ streamId.charCodeAt(i), 0x01000193);
  return `${constant}#${(hash >>> 0) % shards}`;
}

/** Every partition value of a sharded work index, for readers that query all shards. */
export function shardPartitions(constant: string, shards: number): string[] {
  return shards <= 1 ? [constant] : Array.from({ length: shards }, (_, shard) => `${constant}#${shard}`);
}

const keysOnlyGsi = (name: string, hash: string, range: string): GlobalSecondaryIndex => ({
  IndexName: name,
  KeySchema: [
    { AttributeName: hash, KeyType: 'HASH' },
    { AttributeName: range, KeyType: 'RANGE' },
  ],
  // Listings and work read the current head anyway, so the indexes carry keys only.
  Projection: { ProjectionType: 'KEYS_ONLY' },
});

const attributes: AttributeDefinition[] = [
  [ATTR.pk, 'S'],
  [ATTR.sk, 'N'],
  [ATTR.eventKey, 'S'],
  [ATTR.order, 'S'],
  [ATTR.all, 'S'],
  [ATTR.machine, 'S'],
  [ATTR.correlation, 'S'],
  [ATTR.status, 'S'],
  [ATTR.commands, 'S'],
  [ATTR.commandsAt, 'N'],
  [ATTR.timers, 'S'],
  [ATTR.due, 'N'],
].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }) as AttributeDefinition);

/** The CreateTable input for a statebridge event table (useful for infrastructure code too). */
export function tableDefinition(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: attributes,
    KeySchema: [
      { AttributeName: ATTR.pk, KeyType: 'HASH' as const },
      { AttributeName: ATTR.sk, KeyType: 'RANGE' as const },
    ],
    // Local, not global: a local index can be read with ConsistentRead, so duplicate detection is exact.
    LocalSecondaryIndexes: [
      {
        IndexName: INDEX.byEvent,
        KeySchema: [
          { AttributeName: ATTR.pk, KeyType: 'HASH' as const },
          { AttributeName: ATTR.eventKey, KeyType: 'RANGE' as const },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' as const },
      },
    ],
    GlobalSecondaryIndexes: [
      keysOnlyGsi(INDEX.byStart, ATTR.all, ATTR.order),
      keysOnlyGsi(INDEX.byMachine, ATTR.machine, ATTR.order),
      keysOnlyGsi(INDEX.byCorrelation, ATTR.correlation, ATTR.order),
      keysOnlyGsi(INDEX.byStatus, ATTR.status, ATTR.order),
      keysOnlyGsi(INDEX.byCommand, ATTR.commands, ATTR.commandsAt),
      keysOnlyGsi(INDEX.byTimer, ATTR.timers, ATTR.due),
    ],
  };
}

/**
 * Create the event table with its indexes (on-demand billing) unless it exists, then wait until the
 * table and every index are ACTIVE.
 * @example
 * await ensureTable(new DynamoDBClient({}), 'statebridge-events');
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  options: { timeoutMs?: number } = {},
): Promise<void> {
  try {
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
  } catch (error) {
    // Already there (or being created by a concurrent caller): waiting for ACTIVE is all that is left.
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline) {
      throw new StatebridgeError('STORE_UNAVAILABLE', `table ${tableName} did not become ACTIVE in time`, {
        retryable: true,
        context: { tableName, status: Table?.TableStatus },
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
