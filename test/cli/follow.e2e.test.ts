import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, seededApp, startFetch } from './support/seed.js';

let ctx: ReturnType<typeof seededApp>;
beforeAll(() => {
  ctx = seededApp();
});
afterAll(async () => {
  await ctx.env.runtime.close();
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('statebridge timeline --follow', () => {
  it('prints new events as they are committed and stops when the instance is finished', async () => {
    await startFetch(ctx.env, 'live-1', 1);
    let out = '';
    const following = (async () => {
      const { main } = await import('../../src/cli/main.js');
      return main(['timeline', 'live-1', '--db', ctx.db, '--follow', '--interval', '10'], {
        stdout: (t) => void (out += t),
        stderr: (t) => void (out += t),
      });
    })();
    await until(() => out.includes('∅ → queued'), 'the first entry');
    expect(out).not.toContain('→ calling');
    await ctx.clock.advance(5_000);
    await until(() => out.includes('calling → awaitingApproval'), 'the retried call');
    expect(out).not.toContain('live-1: '); // no summary yet: still following
    await ctx.env.runtime.send('live-1', { type: 'APPROVE' });
    expect(await following).toBe(0);
    expect(out).toContain('awaitingApproval → done (done)');
    expect(out).toContain('live-1: done');
  });
});

describe('statebridge timeline --chain / --follow-chain', () => {
  it('merges the instances of one chain by time, with the links between them', async () => {
    await ctx.env.runtime.start('batch', 'batch-1', { failTimes: 0 });
    await ctx.env.runtime.idle();
    await ctx.clock.advance(1_000);
    const { out } = await runCli([
      'timeline',
      'batch-1',
      '--db',
      ctx.db,
      '--chain',
      '--module',
      'test/cli/support/retryApp.ts',
    ]);
    expect(out).toMatch(/^batch-1 #1 /m);
    expect(out).toMatch(/^batch-1\/child #1 .*xstate\.init {2}← started by batch-1#1#0$/m);
    expect(out).toContain('caused by: batch-1 (batch-1#1#0)');
    expect(out).toContain('caused: batch-1/child');
    const order = [...out.matchAll(/^(\S+) #(\d+) +(\S+)/gm)].map((m) => [m[3], m[1], m[2]]);
    const times = order.map((o) => Date.parse(o[0]!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(order.map((o) => o[1]))).toEqual(new Set(['batch-1', 'batch-1/child']));
  });

  it('follows the chain until every instance in it is finished', async () => {
    await ctx.env.runtime.start('batch', 'batch-2', { failTimes: 1 });
    await ctx.env.runtime.idle();
    let out = '';
    const following = import('../../src/cli/main.js').then(({ main }) =>
      main(['timeline', 'batch-2', '--db', ctx.db, '--follow-chain', '--interval', '10'], {
        stdout: (t) => void (out += t),
        stderr: (t) => void (out += t),
      }),
    );
    await until(() => out.includes('batch-2/child #1'), 'the child to appear');
    await ctx.clock.advance(61_000);
    await until(() => out.includes('batch-2 #3'), 'the watch timer');
    await ctx.env.runtime.send('batch-2/child', { type: 'REJECT' });
    expect(await following).toBe(0);
    expect(out).toContain('batch-2: done');
    expect(out).toContain('batch-2/child: done');
    expect(out).toContain('awaitingApproval → failed (done)');
  });
});
