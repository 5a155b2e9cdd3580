import { ValidationError } from '../core/errors.js';
import type { EventStore } from '../ports/eventStore.js';
import { existsSync } from 'node:fs';
import { defaultDatabasePath, openStore } from './compose.js';

/** Which store a command reads: the embedded SQLite file (`--db`) or a DynamoDB table (`--dynamodb`). */
export interface StoreChoice {
  readonly db?: string | undefined;
  readonly dynamodb?: string | undefined;
  /** Endpoint of the DynamoDB API (DynamoDB Local, dynalite); default the region's endpoint. */
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
  /** Shards of the table's byStart and work indexes, as deployed (`indexShards`, default 16). */
  readonly 'index-shards'?: string | undefined;
}

/** The `parseArgs` options every store-reading command accepts. */
export const STORE_ARGS = {
  db: { type: 'string' },
  dynamodb: { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  'index-shards': { type: 'string' },
} as const;

/** Usage text of the store options. */
export const STORE_USAGE = '[--db PATH | --dynamodb TABLE [--endpoint URL] [--region R] [--index-shards N]]';

/**
 * Open the store a command was pointed at. `--dynamodb` reads the table a deployment writes, with
 * credentials from the usual AWS chain (environment, profile, SSO, instance role). The DynamoDB client
 * is loaded only then: `@aws-sdk/client-dynamodb` is an optional peer.
 */
export async function openChosenStore(choice: StoreChoice): Promise<EventStore> {
  if (choice.dynamodb === undefined) {
    if (choice.endpoint !== undefined)
      throw new ValidationError('--endpoint', [
        { path: '--endpoint', rule: 'is only meaningful with --dynamodb TABLE' },
      ]);
    return openStore(existingDatabase(choice.db));
  }
  if (choice.db !== undefined)
    throw new ValidationError('store options', [
      { path: '--db', rule: 'cannot be combined with --dynamodb; pick one store' },
    ]);
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(choice.dynamodb)) {
    throw new ValidationError('--dynamodb', [
      {
        path: '--dynamodb',
        rule: `must be a DynamoDB table name (3-255 characters of A-Z, a-z, 0-9, _ - .), got "${choice.dynamodb}"`,
      },
    ]);
  }
  const shards = choice['index-shards'] === undefined ? undefined : Number(choice['index-shards']);
  const { openDynamodbTable } = await import('./dynamodbTable.js');
  return openDynamodbTable(choice.dynamodb, {
    ...(choice.endpoint === undefined ? {} : { endpoint: choice.endpoint }),
    ...(choice.region === undefined ? {} : { region: choice.region }),
    ...(shards === undefined ? {} : { indexShards: shards }),
  });
}

/**
 * The SQLite file an inspection command reads, which must exist: opening a missing path would create an
 * empty store and show nothing, hiding a mistyped `--db`.
 */
function existingDatabase(db: string | undefined): string {
  const target = db ?? defaultDatabasePath();
  if (target === 'memory' || existsSync(target)) return target;
  const rule =
    db === undefined
      ? `no store at ${target} (the default); give --db PATH or set STATEBRIDGE_DB`
      : `${target} does not exist; inspection commands read an existing store and never create one`;
  throw new ValidationError('--db', [{ path: '--db', rule }]);
}
