import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

/** Run a script as a user would, outside the test runner, and collect how it ended. */
function runScript(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      tsx,
      ['--conditions=statebridge-source', script],
      { cwd: root, timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
      },
    );
  });
}

describe('checkLifecycle from a plain script', () => {
  it("finishes and reports when scripted handlers time out on unref'd timers (no unsettled await)", async () => {
    const result = await runScript('test/testing/scripts/asyncInvocationCheck.ts');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/async invocation check passed 40 runs \(seed 1\)/);
  }, 130_000);

  it('runs the docs/testing.md liveness example: the runtime passes, the invariant catches the variant', async () => {
    const result = await runScript('test/testing/scripts/livenessCheck.ts');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^shipped runtime: 25 runs passed$/m);
    expect(result.stdout).toMatch(/^variant: caught by due work makes progress after \d+ run\(s\)$/m);
  }, 130_000);

  it('reports a handler that never returns as hanging, naming the call, and exits', async () => {
    const result = await runScript('test/testing/scripts/hangingHandlerCheck.ts');
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/check failed: every handler returns/);
    expect(result.stdout).toMatch(
      /\[every handler returns\] 1 handler call\(s\) did not return within 200 ms .*: call instance-under-test#1#0/,
    );
    expect(result.stdout).toMatch(/timeline:\nv1 .* commands: call/);
  }, 130_000);
});
