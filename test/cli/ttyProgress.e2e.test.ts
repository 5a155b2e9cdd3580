import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { job } from '../runtime/fixtures/livenessMachines.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'statebridge-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run a command line in a pseudo-terminal (util-linux `script`), as someone at a terminal would. */
const onTerminal = (command: string) =>
  run('script', ['-qec', command, '/dev/null'], { cwd: process.cwd(), timeout: 120_000 }).then((r) => r.stdout);

/** A store left with `count` jobs whose command never finished: the backlog `start` resumes. */
async function backlog(name: string, count: number): Promise<string> {
  const db = join(dir, name);
  const seeding = createRuntime({ store: new SqliteEventStore({ path: db }), clock: new VirtualClock() }).register(
    job,
    { doWork: () => new Promise(() => undefined) },
  );
  for (let i = 0; i < count; i++) await seeding.start('job', `job-${i}`, undefined);
  await seeding.store.close();
  return db;
}

const start = (db: string) =>
  `node bin/statebridge.js start --db ${db} --no-demo --exit --module test/cli/fixtures/backlogModule.ts`;

describe('progress of long work', () => {
  it('start shows recovery of a backlog moving on a terminal, and prints no progress into a pipe', async () => {
    const watched = await onTerminal(start(await backlog('watched.db', 150)));
    expect(watched).toMatch(/recovering: \d+ step\(s\) recorded/);
    expect(watched).toContain('resumed 150 pending command(s)');
    const piped = await run('sh', ['-c', start(await backlog('piped.db', 150))], { timeout: 120_000 });
    expect(piped.stdout).toContain('resumed 150 pending command(s)');
    expect(piped.stdout + piped.stderr).not.toContain('recovering:');
  }, 240_000);

  it('a property run with many runs counts them on a terminal', async () => {
    const output = await onTerminal('node --import tsx test/cli/fixtures/propertyRun.ts');
    expect(output).toMatch(/checkLifecycle asyncInvocation: run \d+ of 40/);
    expect(output).toContain('passed 40 runs');
  }, 240_000);
});
