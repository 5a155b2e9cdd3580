import { spawn, type ChildProcess } from 'node:child_process';

/** `statebridge start --app` running as a user starts it, with what it has printed so far. */
export interface AppProcess {
  readonly child: ChildProcess;
  /** Everything the process printed on stdout so far. */
  output(): string;
  /** Resolves once the process has printed a line containing `text`; rejects if it exits first. */
  printed(text: string): Promise<void>;
  /** SIGTERM, if it still runs. */
  stop(): void;
}

/** Start `bin/statebridge.js start --db <db> --no-demo --api-port 0 --app <app>` and wait until it serves. */
export async function startAppProcess(db: string, app: string): Promise<AppProcess> {
  const child = spawn(
    'node',
    ['bin/statebridge.js', 'start', '--db', db, '--no-demo', '--api-port', '0', '--app', app],
    {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<never>((_, reject) =>
    child.on('exit', (code) => reject(new Error(`start exited with ${code}: ${output}${stderr}`))),
  );
  exited.catch(() => undefined);
  const printed = (text: string): Promise<void> => {
    const seen = new Promise<void>((resolve) => {
      const check = () => {
        if (!output.includes(text)) return;
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
      check();
    });
    return Promise.race([seen, exited]);
  };
  await printed('serving');
  return {
    child,
    output: () => output,
    printed,
    stop: () => {
      if (child.pid !== undefined && child.exitCode === null) child.kill('SIGTERM');
    },
  };
}
