import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The folder of a recorded conformance corpus, `shared/conformance/<name>` beside the checkout. A
 * checkout may sit one folder deeper (a worktree under a parent folder), so parents are tried in turn.
 */
export function conformanceCorpus(name: string): string {
  let dir = join(import.meta.dirname, '..', '..');
  for (let depth = 0; depth < 4; depth += 1) {
    const candidate = join(dir, '..', 'shared', 'conformance', name);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`conformance corpus "${name}" not found in a shared/conformance folder above ${import.meta.dirname}`);
}
