import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What one run of the executable printed, and its exit code (null when a signal ended it). */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `bin/statebridge.js` of this checkout with `args`; a failing exit resolves too, with its code and output. */
export function runCli(...args: string[]): Promise<CliRun> {
  return run('node', ['bin/statebridge.js', ...args], { cwd: process.cwd(), timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number | null; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}
