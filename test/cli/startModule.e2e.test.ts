import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const start = (...args: string[]) =>
  run('node', ['bin/statebridge.js', 'start', '--db', 'memory', '--no-demo', '--exit', ...args], {
    cwd: process.cwd(),
    timeout: 60_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );

describe('statebridge start --module', () => {
  it('installs your own AppModule next to the shipped ones', async () => {
    const { code, stdout } = await start('--module', 'test/cli/support/retryApp.ts');
    expect(code).toBe(0);
    expect(stdout).toMatch(/loaded module \S+ from test\/cli\/support\/retryApp\.ts/);
  });

  it('names the option and the rule when a file exports no AppModule', async () => {
    const { code, stderr } = await start('--module', 'test/cli/fixtures/packageImport.handler.ts');
    expect(code).toBe(1);
    expect(stderr).toMatch(/--module test\/cli\/fixtures\/packageImport\.handler\.ts: must export an AppModule/);
  });
});
