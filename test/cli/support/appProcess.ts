import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

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

/** One `statebridge start --app` shared by the tests of a file, with the folder and SQLite file it runs on. */
export interface SharedAppProcess {
  /** A temporary folder of the file's own, removed after its tests. */
  readonly dir: string;
  /** The SQLite file in `dir` that the process and the file's CLI calls share. */
  readonly db: string;
  /** The running process; started before the file's first test. */
  readonly running: () => AppProcess;
}

/**
 * Starts the App at `app` before the tests of a file and stops it after them, removing its folder.
 * Call at module level: it registers the `beforeAll` and `afterAll`.
 */
export function sharedAppProcess(prefix: string, app: string): SharedAppProcess {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const db = join(dir, 'statebridge.db');
  let started: AppProcess | undefined;
  beforeAll(async () => {
    started = await startAppProcess(db, app);
  }, 60_000);
  afterAll(() => {
    started?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    db,
    running: () => {
      if (started === undefined) throw new Error(`the App ${app} has not started`);
      return started;
    },
  };
}
