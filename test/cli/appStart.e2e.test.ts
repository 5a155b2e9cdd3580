import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'sb-app-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return exec('node', ['bin/statebridge.js', ...args], { cwd: process.cwd(), timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ ...error }),
  );
}

const startApp = (db: string, app: string) =>
  cli('start', '--db', db, '--no-demo', '--exit', '--api-port', '0', '--app', app);

describe('statebridge start --app: loading', () => {
  it('names the file when it does not exist', async () => {
    const { code, stderr } = await startApp('memory', 'test/cli/fixtures/noSuchApp.ts');
    expect(code).toBe(1);
    expect(stderr).toContain('--app test/cli/fixtures/noSuchApp.ts: no such file');
  });

  it('names the rule when the module exports no App', async () => {
    const { code, stderr } = await startApp('memory', 'test/cli/fixtures/packageImport.handler.ts');
    expect(code).toBe(1);
    expect(stderr).toContain('must export an App');
  });

  it('passes on the field and rule of a registration the App refused', async () => {
    const { code, stderr } = await startApp('memory', 'test/cli/fixtures/badScheduleApp.ts');
    expect(code).toBe(1);
    expect(stderr).toContain('--app test/cli/fixtures/badScheduleApp.ts: the module failed while loading');
    expect(stderr).toContain('rate.unit: "fortnights" must be minute(s), hour(s) or day(s)');
  });
});

describe('statebridge start --app: the API port', () => {
  it('refuses a port that is not an integer from 0 to 65535, naming the flag', async () => {
    const { code, stderr } = await cli('start', '--db', 'memory', '--no-demo', '--exit', '--api-port', '80000');
    expect(code).toBe(2);
    expect(stderr).toContain('--api-port: must be an integer from 0 to 65535, got "80000"');
  });
});

describe('statebridge start --app: schedules on a SQLite file', () => {
  it('keep one instance and its next fire time across restarts', async () => {
    const db = join(dir, 'statebridge.db');
    const schedules = async () => {
      const { stdout } = await cli('ls', '--db', db, '--machine', 'appSchedule', '--json');
      return (JSON.parse(stdout) as { items: { instanceId: string; nextTimerAt?: number }[] }).items;
    };
    const first = await startApp(db, 'test/cli/fixtures/cliApp.ts');
    expect(first.code, first.stderr).toBe(0);
    const before = await schedules();
    expect(before).toHaveLength(1);
    expect(before[0]?.instanceId).toMatch(/^schedule:cliapp:daily:/);
    expect(before[0]?.nextTimerAt).toBeGreaterThan(Date.now());
    const second = await startApp(db, 'test/cli/fixtures/cliApp.ts');
    expect(second.code, second.stderr).toBe(0);
    expect(await schedules()).toEqual(before);
  });
});
