import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, seededApp, SIGNED_URL, startFetch, T0 } from './support/seed.js';

const MODULE = ['--module', 'test/cli/support/retryApp.ts'];
let ctx: ReturnType<typeof seededApp>;

beforeAll(async () => {
  ctx = seededApp();
  await startFetch(ctx.env, 'req-ok', 0);
  await startFetch(ctx.env, 'req-retry', 2);
  // queued 500ms → call fails → back-off 2s → fails → back-off 4s → succeeds → awaiting approval
  await ctx.clock.advance(10_000);
  await ctx.env.runtime.send('req-ok', { type: 'APPROVE' });
  await ctx.env.runtime.idle();
});
afterAll(async () => {
  await ctx.env.runtime.close();
});

describe('statebridge timeline', () => {
  it('shows every event with states, commands, timers and retries with their delays', async () => {
    const { code, out, err } = await runCli(['timeline', 'req-retry', '--db', ctx.db, ...MODULE]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('#1  2026-03-01T10:00:00.000Z  +0ms');
    expect(out).toContain('state: ∅ → queued');
    expect(out).toContain('timer set: xstate.after.500.fetch.queued after 500ms due 2026-03-01T10:00:00.500Z');
    expect(out).toMatch(/timer fired: .* after 500ms/);
    expect(out).toContain('command: call req-retry#2#0 {"url":"https://api.example.com/x","attempt":1}');
    expect(out).toMatch(/call\.failed {2}← outcome of req-retry#2#0/);
    expect(out).toContain('state: calling → backoff  tags: retrying');
    expect(out).toMatch(/timer fired: .* after 2s/);
    expect(out).toMatch(/timer fired: .* after 4s/);
    expect(out).toContain('[attempt 3]');
    // the summary answers: which state, since when, waiting for what, next timer
    expect(out).toContain('req-retry: active');
    expect(out).toContain('2 retries');
    expect(out).toMatch(/state: {3}awaitingApproval since 2026-03-01T10:00:06\.500Z/);
    expect(out).toMatch(/waiting: timer .* due 2026-03-01T11:00:06\.500Z/);
  });

  it('redacts response URLs and machine-declared secrets in text and JSON', async () => {
    for (const json of [[], ['--json']]) {
      const { out } = await runCli(['timeline', 'req-retry', '--db', ctx.db, ...MODULE, ...json]);
      expect(out).not.toContain('SECRETSIG');
      expect(out).not.toContain('sk-live-123');
      expect(out).toContain('https://cfn-responses.s3.amazonaws.com/arn%3Aaws%3Acloudformat…redacted…');
    }
    expect(SIGNED_URL).toContain('SECRETSIG');
  });

  it('prints one JSON object per line for scripts', async () => {
    const { out } = await runCli(['timeline', 'req-ok', '--db', ctx.db, '--json']);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const entries = lines.filter((l) => l['kind'] === 'entry');
    expect(entries.map((e) => e['stateAfter'])).toEqual(['queued', 'calling', 'awaitingApproval', 'done']);
    expect(entries[0]?.['at']).toBe(T0);
    const current = lines.find((l) => l['kind'] === 'current');
    expect(current).toMatchObject({ instanceId: 'req-ok', status: 'done', state: 'done', retries: 0, events: 4 });
  });

  it('fails clearly for an unknown instance', async () => {
    const { code, err } = await runCli(['timeline', 'nope', '--db', ctx.db]);
    expect(code).toBe(1);
    expect(err).toContain('INSTANCE_NOT_FOUND');
  });
});

describe('statebridge ls', () => {
  it('lists instances with state and what they wait for, filtered and paged', async () => {
    const all = await runCli(['ls', '--db', ctx.db]);
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/NAME\s+STATE\s+OUTCOME\s+LAST CHANGE\s+WAITING\s+ID/);
    expect(all.out).toMatch(/req-retry\s+awaitingApproval\s+-\s+.* ago\s+timer OVERDUE by .*\s+req-retry/);
    expect(all.out).toMatch(/req-ok\s+done\s+-/);
    const wide = await runCli(['ls', '--db', ctx.db, '--wide']);
    expect(wide.out).toMatch(
      /req-retry\s+fetch@1\s+active\s+awaitingApproval\s+-\s+2026-03-01T10:00:00\.000Z\s+.* ago\s+timer OVERDUE by /,
    );
    const active = await runCli(['ls', '--db', ctx.db, '--status', 'active', '--json']);
    const page = JSON.parse(active.out) as { items: { instanceId: string; nextTimerAt?: number }[] };
    expect(page.items.map((i) => i.instanceId)).toEqual(['req-retry']);
    expect(page.items[0]?.nextTimerAt).toBe(Date.parse('2026-03-01T11:00:06.500Z'));
    const first = JSON.parse((await runCli(['ls', '--db', ctx.db, '--limit', '1', '--json'])).out) as {
      items: unknown[];
      cursor?: string;
    };
    expect(first.items).toHaveLength(1);
    expect(first.cursor).toBeDefined();
    const second = JSON.parse(
      (await runCli(['ls', '--db', ctx.db, '--limit', '1', '--cursor', first.cursor!, '--json'])).out,
    ) as { items: unknown[]; cursor?: string };
    expect(second.items).toHaveLength(1);
    expect(second.items[0]).not.toEqual(first.items[0]);
    expect((await runCli(['ls', '--db', ctx.db, '--machine', 'other'])).out).toBe('no instances match\n');
  });

  it('rejects a bad filter naming the option and the rule', async () => {
    const { code, err } = await runCli(['ls', '--db', ctx.db, '--status', 'stuck']);
    expect(code).toBe(1);
    expect(err).toContain('--status: must be one of active, answered, done, error');
  });
});
