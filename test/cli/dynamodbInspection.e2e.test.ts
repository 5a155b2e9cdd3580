import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamodbEventStore } from '../../src/adapters/dynamodb/dynamodbEventStore.js';
import { ensureTable } from '../../src/adapters/dynamodb/tableSchema.js';
import { composeApp } from '../../src/cli/compose.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { clientFor, freshTableName, startDynalite, type Dynalite } from '../adapters/dynamodbFixture.js';
import { appModule } from './support/retryApp.js';
import { startFetch, T0 } from './support/seed.js';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'statebridge.js');
// Credentials come from the usual chain: here, the environment.
const AWS_CHAIN_ENV = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_REGION: 'us-east-1',
};
const MODULE = ['--module', 'test/cli/support/retryApp.ts'];

let dynalite: Dynalite;
let table: string;
let target: string[];

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: AWS_CHAIN_ENV,
      cwd: join(import.meta.dirname, '..', '..'),
    });
    return { code: 0, out: stdout, err: withoutSdkNotice(stderr) };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout, err: withoutSdkNotice(failed.stderr) };
  }
}

/** The AWS SDK's notice about Node 20 support, printed once per process; not the command's output. */
function withoutSdkNotice(stderr: string): string {
  return stderr.replace(
    /\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?to show where the warning was created\)\n/,
    '',
  );
}

beforeAll(async () => {
  dynalite = await startDynalite();
  table = freshTableName();
  const client = clientFor(dynalite.endpoint);
  await ensureTable(client, table);
  const clock = new VirtualClock(T0);
  const env = composeApp({ store: new DynamodbEventStore({ client, tableName: table }), clock, log: () => undefined });
  appModule.install(env);
  clock.attach(env.runtime);
  await startFetch(env, 'req-ok', 0);
  await startFetch(env, 'req-retry', 2);
  await clock.advance(10_000);
  await env.runtime.send('req-ok', { type: 'APPROVE' });
  await env.runtime.idle();
  await env.runtime.close();
  target = ['--dynamodb', table, '--endpoint', dynalite.endpoint];
}, 60_000);

afterAll(async () => {
  await dynalite?.close();
});

describe('statebridge ls|timeline|graph --dynamodb', () => {
  it('lists the instances in a DynamoDB table', async () => {
    const { code, out, err } = await cli(['ls', ...target]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/req-ok\s+done\s+-/);
    expect(out).toMatch(/req-retry\s+awaitingApproval\s+-/);
    const json = JSON.parse((await cli(['ls', ...target, '--status', 'done', '--json'])).out) as {
      items: { instanceId: string }[];
    };
    expect(json.items.map((i) => i.instanceId)).toEqual(['req-ok']);
  });

  it('shows an instance’s timeline read from the table', async () => {
    const { code, out, err } = await cli(['timeline', 'req-retry', ...target, ...MODULE]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('state: ∅ → queued');
    expect(out).toContain('state: calling → backoff  tags: retrying');
    expect(out).toContain('2 retries');
    expect(out).not.toContain('sk-live-123');
  });

  it('draws the machine with the states an instance in the table visited', async () => {
    const { code, out } = await cli(['graph', 'fetch', '--instance', 'req-ok', ...target, ...MODULE]);
    expect(code).toBe(0);
    expect(out).toContain('stateDiagram-v2');
    expect(out).toMatch(/class .*awaitingApproval/);
  });

  it('names a missing table and refuses two stores at once', async () => {
    const missing = await cli(['ls', '--dynamodb', 'no-such-table', '--endpoint', dynalite.endpoint]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('table "no-such-table" does not exist');
    const both = await cli(['ls', ...target, '--db', 'memory']);
    expect(both.code).toBe(1);
    expect(both.err).toContain('--db: cannot be combined with --dynamodb');
    const shards = await cli(['ls', ...target, '--index-shards', '0']);
    expect(shards.code).toBe(1);
    expect(shards.err).toContain('indexShards: must be an integer from 1 to 256, got 0');
  });
});

describe('statebridge serve --dynamodb', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('serves the timeline page and its API over the table, read only', async () => {
    child = spawn(process.execPath, [BIN, 'serve', ...target, ...MODULE], {
      env: AWS_CHAIN_ENV,
      cwd: join(import.meta.dirname, '..', '..'),
    });
    const baseUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      child!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /timeline: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
        if (match !== null) resolve(match[1]!);
      });
      child!.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
    });
    const listing = (await (await fetch(`${baseUrl}/api/instances`)).json()) as { items: { instanceId: string }[] };
    expect(listing.items.map((i) => i.instanceId).sort()).toEqual(['req-ok', 'req-retry']);
    const page = await fetch(`${baseUrl}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = undefined;
  });
});
