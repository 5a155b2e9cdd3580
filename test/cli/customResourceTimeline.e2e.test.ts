import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { Success } from '../../src/app/customResource/results.js';
import { customResourceHarness } from '../app/customResourceHarness.js';
import { ScriptedHandler, v1Create } from '../app/customResourceFixtures.js';
import { runCli } from './support/seed.js';

const db = join(mkdtempSync(join(tmpdir(), 'sb-cr-timeline-')), 'cr.db');
let h: Awaited<ReturnType<typeof customResourceHarness>>;
let instanceId: string;

beforeAll(async () => {
  h = await customResourceHarness({ store: new SqliteEventStore({ path: db }) });
  h.handlers.register(
    'h',
    new ScriptedHandler({
      create: async () => new Success({ data: { Password: 'hunter2-secret', Port: 5432 }, noEcho: true }),
    }),
  );
  await h.send(v1Create);
  await h.runtime.idle();
  const page = await h.store.listInstances({});
  instanceId = page.items[0]!.instanceId;
});
afterAll(async () => {
  await h.shutdown();
});

describe('timeline of a custom resource answered with NoEcho', () => {
  it('hides every Data value and the response URL signature, in text and JSON', async () => {
    expect(h.inbox.for(v1Create.RequestId)[0]?.url).toMatch(/X-Amz-Signature=/);
    for (const json of [[], ['--json']]) {
      const { code, out, err } = await runCli(['timeline', instanceId, '--db', db, ...json]);
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(out).not.toContain('hunter2-secret');
      expect(out).not.toContain('5432');
      expect(out).not.toMatch(/X-Amz-Signature|X-Amz-Credential/);
      expect(out).toContain('"Password":"****"');
      expect(out).toContain('…redacted…');
    }
  });
});
