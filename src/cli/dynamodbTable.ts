import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { DynamodbEventStore } from '../adapters/dynamodb/dynamodbEventStore.js';
import { StatebridgeError } from '../core/errors.js';
import type { EventStore } from '../ports/eventStore.js';

/**
 * A read view of a deployment's event table. Loaded only for `--dynamodb`, because the DynamoDB client
 * is an optional peer. A missing table is reported by name before anything else is read.
 */
export async function openDynamodbTable(
  tableName: string,
  options: { endpoint?: string; region?: string; indexShards?: number },
): Promise<EventStore> {
  const client = new DynamoDBClient({
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.region === undefined ? {} : { region: options.region }),
  });
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    client.destroy();
    if (error instanceof ResourceNotFoundException) {
      throw new StatebridgeError(
        'VALIDATION_FAILED',
        `--dynamodb: table "${tableName}" does not exist${options.region === undefined ? '' : ` in ${options.region}`}`,
        { cause: error, context: { tableName } },
      );
    }
    throw new StatebridgeError(
      'STORE_UNAVAILABLE',
      `--dynamodb: cannot reach table "${tableName}": ${(error as Error).message}`,
      { cause: error, retryable: true, context: { tableName } },
    );
  }
  try {
    return new DynamodbEventStore({
      client,
      tableName,
      ownsClient: true,
      ...(options.indexShards === undefined ? {} : { indexShards: options.indexShards }),
    });
  } catch (error) {
    client.destroy();
    throw error;
  }
}
