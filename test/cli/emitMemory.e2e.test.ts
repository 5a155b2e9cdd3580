import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
// Its own temp folder, so memory runtimes started by other tests on this machine do not answer instead.
const TMPDIR = mkdtempSync(join(tmpdir(), 'sb-emit-memory-'));
const env = { ...process.env, TMPDIR };
let child: ChildProcess | undefined;
let output = '';

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return exec('node', ['bin/statebridge.js', ...args], { cwd: process.cwd(), timeout: 60_000, env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ ...error }),
  );
}

async function printed(text: string): Promise<void> {
  while (!output.includes(text)) await new Promise((resolve) => setTimeout(resolve, 50));
}

afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(TMPDIR, { recursive: true, force: true });
});

describe('statebridge emit --db memory', () => {
  it('says no runtime is found before one starts', async () => {
    const { code, stderr } = await cli('emit', 'sqs', '--db', 'memory', '--queue', 'jobs', '--body', 'x');
    expect(code).toBe(1);
    expect(stderr).toContain('no running "statebridge start --app" found for memory');
  });

  describe('with start --db memory --app running', () => {
    beforeAll(async () => {
      const args = ['bin/statebridge.js', 'start', '--db', 'memory', '--no-demo', '--api-port', '0'];
      child = spawn('node', [...args, '--app', 'test/cli/fixtures/keptSourcesApp.ts'], {
        cwd: process.cwd(),
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await printed('serving');
    }, 60_000);

    it('reaches it through a token and endpoint in a folder of this user only', async () => {
      const { code, stdout, stderr } = await cli(
        'emit',
        'dynamodb',
        '--db',
        'memory',
        '--table',
        'orders',
        '--keys',
        '{"id":{"S":"m"}}',
        '--new-image',
        '{"id":{"S":"m"}}',
      );
      expect(code, stderr).toBe(0);
      expect(stdout).toContain('raised dynamodb:');
      await printed('table INSERT {"id":{"S":"m"}}');
      const folder = statSync(join(TMPDIR, `statebridge-${userInfo().uid}`));
      expect(folder.mode & 0o777).toBe(0o700);
      expect(statSync(join(TMPDIR, `statebridge-${userInfo().uid}`, 'memory.token')).mode & 0o777).toBe(0o600);
    });
  });
});
