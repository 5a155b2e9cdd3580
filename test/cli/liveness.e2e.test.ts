import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { deadline, job } from '../runtime/fixtures/livenessMachines.js';
import { runCli as cli } from './support/runCli.js';

let dir: string;
let db: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-liveness-cli-'));
  db = join(dir, 'stuck.db');
  // Instances of machines the shipped app does not register, left with a pending command and a timer
  // long overdue (the virtual clock starts on 2026-01-01).
  const seeding = createRuntime({ store: new SqliteEventStore({ path: db }), clock: new VirtualClock() })
    .register(job, { doWork: () => new Promise(() => undefined) })
    .register(deadline);
  await seeding.start('job', 'ghost-job', undefined);
  await seeding.start('deadline', 'ghost-deadline', undefined);
  // The seeding process dies with its command still running: close the file under it.
  await seeding.store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('liveness through the statebridge command', () => {
  it('ls --stuck lists instances that cannot move, with the reason', async () => {
    const { code, stdout } = await cli('ls', '--stuck', '--db', db, '--json');
    expect(code).toBe(0);
    const items = (JSON.parse(stdout) as { items: { instanceId: string; reasons: string[] }[] }).items;
    const byId = new Map(items.map((i) => [i.instanceId, i.reasons]));
    expect([...byId.keys()].sort()).toEqual(['ghost-deadline', 'ghost-job']);
    expect(byId.get('ghost-job')).toEqual([
      'machine job@1 is not registered',
      expect.stringMatching(/^1 command\(s\) pending for /),
    ]);
    expect(byId.get('ghost-deadline')).toEqual([
      'machine deadline@1 is not registered',
      expect.stringMatching(/^timer overdue by /),
    ]);
    const table = await cli('ls', '--stuck', '--db', db);
    expect(table.stdout).toMatch(
      /ghost-job\s+job@1\s+working\s+machine job@1 is not registered; 1 command\(s\) pending for/,
    );
  });

  it('start reports instances of unregistered versions and runs everything else', async () => {
    const { code, stdout, stderr } = await cli('start', '--db', db, '--no-demo', '--exit');
    expect(code).toBe(0);
    expect(stdout).toContain('statebridge runtime started');
    expect(stderr).toContain(
      'runtime: MACHINE_NOT_REGISTERED: instance ghost-job needs machine job@1, which is not registered',
    );
    expect(stderr).toContain('runtime: MACHINE_NOT_REGISTERED: instance ghost-deadline needs machine deadline@1');
  });

  it('start exits non-zero with the reason, serving nothing, when recovery fails', async () => {
    const broken = join(dir, 'broken.db');
    new SqliteEventStore({ path: broken }).close().catch(() => undefined);
    const raw = new Database(broken);
    const { lastInsertRowid } = raw
      .prepare(
        'INSERT INTO instances (stream_id, machine_id, status, version, started_at, updated_at, ' +
          'correlation_id, has_work, summary) VALUES (?, ?, ?, 1, 0, 0, ?, 1, ?)',
      )
      .run('torn', 'job', 'active', 'torn', '{}');
    // The head is read from the log; a torn write there is what recovery reads.
    raw
      .prepare('INSERT INTO steps (instance, version, event_key, record) VALUES (?, 1, ?, ?)')
      .run(lastInsertRowid, '=e1', '{"streamId":"torn",');
    raw.prepare('INSERT INTO work (stream_id, pending_commands, next_due) VALUES (?, 1, NULL)').run('torn');
    raw.close();
    // No --exit: a start that kept serving would only end at the execFile timeout.
    const { code, stdout, stderr } = await cli('start', '--db', broken, '--no-demo');
    expect(code).toBe(1);
    expect(stderr).toMatch(/statebridge start: recovery failed, not serving: .*JSON/);
    expect(stdout).not.toContain('serving');
  });
});
