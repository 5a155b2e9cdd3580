import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../../src/adapters/sqlite/sqliteEventStore.js';
import type { CommandIo } from '../../../src/cli/command.js';
import { composeApp } from '../../../src/cli/compose.js';
import { main } from '../../../src/cli/main.js';
import { VirtualClock } from '../../../src/runtime/virtualClock.js';
import { appModule } from './retryApp.js';

export const T0 = Date.parse('2026-03-01T10:00:00.000Z');
export const SIGNED_URL =
  'https://cfn-responses.s3.amazonaws.com/arn%3Aaws%3Acloudformation%3Aeu-west-1/stack' +
  '?X-Amz-Signature=SECRETSIG&X-Amz-Credential=AKIA';
const SCRIPT_NOTE = '<script>alert("x")</script>';

/** A temp SQLite file with the fetch machine registered on a virtual clock. */
export function seededApp(dir = mkdtempSync(join(tmpdir(), 'sb-timeline-'))) {
  const db = join(dir, 'timeline.db');
  const clock = new VirtualClock(T0);
  const env = composeApp({ store: new SqliteEventStore({ path: db }), clock, log: () => undefined });
  appModule.install(env);
  clock.attach(env.runtime);
  return { db, dir, clock, env };
}

/** Start `id` with the fetch machine. */
export async function startFetch(
  env: ReturnType<typeof seededApp>['env'],
  id: string,
  failTimes: number,
): Promise<void> {
  await env.runtime.start('fetch', id, {
    url: 'https://api.example.com/x',
    failTimes,
    note: SCRIPT_NOTE,
    apiKey: 'sk-live-123',
    ResponseURL: SIGNED_URL,
  });
}

/** Run the CLI in-process and capture what it writes. */
export async function runCli(argv: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CommandIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t) };
  const code = await main(argv, io);
  return { code, out, err };
}
