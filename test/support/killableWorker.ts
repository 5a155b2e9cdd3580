import { spawn } from 'node:child_process';

/**
 * Runs a TypeScript worker script in a child process and hands each line it prints to `onLine`; the
 * moment `onLine` returns true the child is killed with SIGKILL (no cleanup, no flush: a crash). Resolves
 * when the child has exited, saying whether it was killed or ended by itself.
 */
export async function runKillableWorker(
  script: string,
  args: readonly string[],
  onLine: (line: string) => boolean,
): Promise<{ killed: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffer = '';
  let kill = false;
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => resolve());
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) kill = onLine(line) || kill;
      if (kill && child.exitCode === null) child.kill('SIGKILL');
    });
  });
  return { killed: child.signalCode === 'SIGKILL' };
}
