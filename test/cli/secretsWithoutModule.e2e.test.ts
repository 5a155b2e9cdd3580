import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { composeApp } from '../../src/cli/compose.js';
import { runCli, seededApp, startFetch } from './support/seed.js';

// Written by a runtime that knows the machine (its meta.redact names apiKey); read by viewers that do not.
let ctx: ReturnType<typeof seededApp>;

beforeAll(async () => {
  ctx = seededApp();
  await startFetch(ctx.env, 'secret-1', 1);
  await ctx.clock.advance(5_000);
  await ctx.env.runtime.idle();
});
afterAll(async () => {
  await ctx.env.runtime.close();
});

describe('declared secrets without the machine module', () => {
  it('the CLI timeline hides them in text and JSON', async () => {
    for (const json of [[], ['--json']]) {
      const { code, out } = await runCli(['timeline', 'secret-1', '--db', ctx.db, ...json]);
      expect(code).toBe(0);
      expect(out).toContain('apiKey');
      expect(out).not.toContain('sk-live-123');
    }
  });

  it('the timeline API of a viewer started without the module hides them in timelines and listings', async () => {
    const viewer = composeApp({ store: new SqliteEventStore({ path: ctx.db }), log: () => undefined });
    expect(() => viewer.runtime.registry.latestOf('fetch')).toThrow();
    const base = await viewer.http.listen(0);
    try {
      const timeline = await (await fetch(`${base}/api/instances/secret-1/timeline`)).text();
      expect(timeline).toContain('"apiKey":"****"');
      expect(timeline).not.toContain('sk-live-123');
      const listing = await (await fetch(`${base}/api/instances?machine=fetch`)).text();
      expect(listing).toContain('secret-1');
      expect(listing).not.toContain('sk-live-123');
    } finally {
      await viewer.http.close();
      await viewer.runtime.close();
    }
  });
});
