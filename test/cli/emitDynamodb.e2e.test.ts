import { describe, expect, it } from 'vitest';
import { sharedAppProcess } from './support/appProcess.js';
import { runCli } from './support/runCli.js';

const APP = 'test/cli/fixtures/keptSourcesApp.ts';
const STREAM_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000';
const { db, running: app } = sharedAppProcess('sb-emit-dynamodb-', APP);
const cli = runCli;

/** `statebridge emit dynamodb --db <db> --table orders` with the given flags. */
function emitOrders(...flags: string[]): ReturnType<typeof cli> {
  return cli('emit', 'dynamodb', '--db', db, '--table', 'orders', ...flags);
}

describe('statebridge emit dynamodb', () => {
  it('records an item change on the table stream, which the function reads as INSERT, then REMOVE', async () => {
    const keys = '{"id":{"S":"o-1"}}';
    const inserted = await emitOrders('--keys', keys, '--new-image', keys);
    expect(inserted.code, inserted.stderr).toBe(0);
    expect(inserted.stdout).toMatch(
      new RegExp(`^raised dynamodb:${STREAM_ARN}: shardId-000000000000 sequence \\d+$`, 'm'),
    );
    await app().printed('table INSERT {"id":{"S":"o-1"}}');
    const removed = await emitOrders('--keys', keys, '--old-image', keys, '--event-name', 'REMOVE');
    expect(removed.code, removed.stderr).toBe(0);
    await app().printed('table REMOVE {"id":{"S":"o-1"}}');
  });

  it('refuses an event name the images do not fit, naming the image', async () => {
    const keys = '{"id":{"S":"o-2"}}';
    const { code, stderr } = await emitOrders('--keys', keys, '--new-image', keys, '--event-name', 'REMOVE');
    expect(code).toBe(2);
    expect(stderr).toContain('newImage: must be absent for REMOVE');
  });

  it('refuses a table no function reads, naming the tables there are', async () => {
    const { code, stderr } = await cli(
      'emit',
      'dynamodb',
      '--db',
      db,
      '--table',
      'users',
      '--keys',
      '{"id":{"S":"u"}}',
      '--new-image',
      '{"id":{"S":"u"}}',
    );
    expect(code).toBe(2);
    expect(stderr).toContain(
      'table: must name a table whose stream an onDynamodbMessage function reads (orders), got "users"',
    );
  });

  it('refuses malformed DynamoDB JSON, naming the flag or the attribute', async () => {
    const notJson = await emitOrders('--keys', '{id');
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain(`--keys: must be a JSON object such as '{"id":{"S":"o-1"}}'`);
    const badValue = await emitOrders('--keys', '{"id":{"Q":"1"}}', '--new-image', '{"id":{"S":"1"}}');
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toContain('keys.id');
    const badName = await emitOrders('--keys', '{"id":{"S":"1"}}', '--event-name', 'UPSERT');
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain('--event-name: must be one of INSERT, MODIFY, REMOVE, got "UPSERT"');
  });
});
