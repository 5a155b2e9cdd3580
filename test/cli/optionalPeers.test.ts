import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};
const optional = Object.keys(pkg.peerDependenciesMeta).filter((name) => pkg.peerDependenciesMeta[name]?.optional);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Follow static relative imports from `entry`; returns every module file reached. */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^(?:import|export)\s(?!type\b)[^;]*?from\s+'(\.[^']+)'/gm)) {
      queue.push(join(file, '..', match[1]!.replace(/\.js$/, '.ts')));
    }
  }
  return seen;
}

describe('optional peer dependencies', () => {
  it('are never imported statically by the command or the root entry point, so an install without them works', () => {
    expect(optional).toContain('@aws-sdk/client-sfn');
    const offenders: string[] = [];
    for (const entry of ['src/cli/bin.ts', 'src/index.ts']) {
      for (const file of reachable(join(root, entry))) {
        const source = readFileSync(file, 'utf8');
        for (const name of optional) {
          if (new RegExp(`^import\\s(?!type\\b)[^;]*from\\s+'${name.replace('/', '\\/')}`, 'm').test(source))
            offenders.push(`${relative(root, file)} imports ${name} (reached from ${entry})`);
        }
      }
    }
    expect(offenders).toEqual([]);
    expect(files(join(root, 'src')).length).toBeGreaterThan(50);
  });
});
