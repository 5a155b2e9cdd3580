import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/**
 * Fresh temporary folders for the tests of one file, each removed after the test that made it.
 * Call at module level: it registers the `afterEach` that cleans up.
 */
export function tempDirs(prefix: string): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), `statebridge-${prefix}-`));
    dirs.push(dir);
    return dir;
  };
}

/** Paths of SQLite files, each in its own temporary folder removed after the test (see `tempDirs`). */
export function tempDbPaths(prefix: string, fileName = 'events.db'): () => string {
  const dir = tempDirs(prefix);
  return () => join(dir(), fileName);
}
