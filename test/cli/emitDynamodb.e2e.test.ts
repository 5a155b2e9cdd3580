import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const APP = 'test/cli/fixtures/keptSourcesApp.ts';
const STREAM_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000';
let dir: string;
let db: string;
let child: ChildProcess | undefined;
let output = '';

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return exec('node', ['bin/statebridge.js', ...args], { cwd: process.cwd(), timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ ...error }),
  );
}

/** Resolves once the running App has printed a line containing `text`. */
async function printed(text: string): Promise<void> {
  while (!output.includes(text)) await new Promise((resolve) => setTimeout(resolve, 50));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-emit-dynamodb-'));
  db = join(dir, 'statebridge.db');
  const proc = spawn(
    'node',
    ['bin/statebridge.js', 'start', '--db', db, '--no-demo', '--api-port', '0', '--app', APP],
    {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child = proc;
  proc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await printed('serving');
}, 60_000);

afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('statebridge emit dynamodb', () => {
  it('records an item change on the table stream, which the function reads as INSERT, then REMOVE', async () => {
    const keys = '{"id":{"S":"o-1"}}';
    const inserted = await cli(
      'emit',
      'dynamodb',
      '--db',
      db,
      '--table',
      'orders',
      '--keys',
      keys,
      '--new-image',
      keys,
    );
    expect(inserted.code, inserted.stderr).toBe(0);
    expect(inserted.stdout).toMatch(
      new RegExp(`^raised dynamodb:${STREAM_ARN}: shardId-000000000000 sequence \\d+$`, 'm'),
    );
    await printed('table INSERT {"id":{"S":"o-1"}}');
    const removed = await cli(
      'emit',
      'dynamodb',
      '--db',
      db,
      '--table',
      'orders',
      '--keys',
      keys,
      '--old-image',
      keys,
      '--event-name',
      'REMOVE',
    );
    expect(removed.code, removed.stderr).toBe(0);
    await printed('table REMOVE {"id":{"S":"o-1"}}');
  });

  it('refuses an event name the images do not fit, naming the image', async () => {
    const keys = '{"id":{"S":"o-2"}}';
    const { code, stderr } = await cli(
      'emit',
      'dynamodb',
      '--db',
      db,
      '--table',
      'orders',
      '--keys',
      keys,
      '--new-image',
      keys,
      '--event-name',
      'REMOVE',
    );
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
    const notJson = await cli('emit', 'dynamodb', '--db', db, '--table', 'orders', '--keys', '{id');
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain(`--keys: must be a JSON object such as '{"id":{"S":"o-1"}}'`);
    const badValue = await cli(
      'emit',
      'dynamodb',
      '--db',
      db,
      '--table',
      'orders',
      '--keys',
      '{"id":{"Q":"1"}}',
      '--new-image',
      '{"id":{"S":"1"}}',
    );
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toContain('keys.id');
    const badName = await cli(
      'emit',
      'dynamodb',
      '--db',
      db,
      '--table',
      'orders',
      '--keys',
      '{"id":{"S":"1"}}',
      '--event-name',
      'UPSERT',
    );
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain('--event-name: must be one of INSERT, MODIFY, REMOVE, got "UPSERT"');
  });
});
