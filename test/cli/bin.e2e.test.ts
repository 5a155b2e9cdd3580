import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededApp, startFetch } from './support/seed.js';

const run = promisify(execFile);
let ctx: ReturnType<typeof seededApp>;

beforeAll(async () => {
  ctx = seededApp();
  await startFetch(ctx.env, 'proc-1', 1);
  await ctx.clock.advance(5_000);
});
afterAll(async () => {
  await ctx.env.runtime.close();
});

describe('the statebridge executable', () => {
  it('lists and shows a timeline from a separate process over the same SQLite file', async () => {
    const ls = await run('node', ['bin/statebridge.js', 'ls', '--db', ctx.db, '--json'], { timeout: 30_000 });
    const page = JSON.parse(ls.stdout) as { items: { instanceId: string; state: string }[] };
    expect(page.items).toEqual([expect.objectContaining({ instanceId: 'proc-1', state: 'awaitingApproval' })]);
    const tl = await run('node', ['bin/statebridge.js', 'timeline', 'proc-1', '--db', ctx.db], { timeout: 30_000 });
    expect(tl.stdout).toContain('calling → backoff  tags: retrying');
    expect(tl.stdout).toContain('proc-1: active, 5 event(s), 1 retry');
    expect(tl.stdout).not.toContain('X-Amz-Signature');
  });

  it('exits non-zero with a message for an unknown instance', async () => {
    const failed = await run('node', ['bin/statebridge.js', 'timeline', 'missing', '--db', ctx.db]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect('code' in failed ? failed.code : 0).toBe(1);
    expect('stderr' in failed ? failed.stderr : '').toContain('no instance with id "missing"');
  });
});
