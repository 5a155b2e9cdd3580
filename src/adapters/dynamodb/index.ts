/**
 * The DynamoDB event store, published as `statebridge/dynamodb`. `@aws-sdk/client-dynamodb` is a peer:
 * bring your own client.
 * @example
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { DynamodbEventStore, ensureTable } from 'statebridge/dynamodb';
 * const client = new DynamoDBClient({});
 * await ensureTable(client, 'statebridge-events');
 * const store = new DynamodbEventStore({ client, tableName: 'statebridge-events', snapshotCache: true });
 */
export { DYNAMODB_MAX_RECORD_BYTES, DynamodbEventStore, type DynamodbEventStoreOptions } from './dynamodbEventStore.js';
export { DYNAMODB_ITEM_LIMIT_BYTES } from './stepItem.js';
export { ensureTable, tableDefinition } from './tableSchema.js';
