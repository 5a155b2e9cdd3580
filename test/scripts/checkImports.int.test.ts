import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../support/tempFiles.js';

const run = promisify(execFile);
const script = resolve('scripts/checkImports.mjs');
const config = resolve('.dependency-cruiser.js');
const tempDir = tempDirs('import-rules');

/** A small tree of real files, written into a fresh folder. */
function tree(files: Readonly<Record<string, string>>): string {
  const root = tempDir();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** Runs the lint step over `src` of `root` with the project's rules; resolves with its exit code and report. */
async function checkImports(root: string): Promise<{ code: number; report: string }> {
  try {
    const { stderr } = await run(process.execPath, [script, '--config', config, 'src'], { cwd: root });
    return { code: 0, report: stderr };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, report: failed.stderr };
  }
}

describe('the import rules lint runs', () => {
  it('pass a tree whose imports flow one way', async () => {
    const root = tree({
      'src/core/step.ts': "import { clockName } from '../ports/clock.js';\nexport const step = clockName;\n",
      'src/ports/clock.ts': "export const clockName = 'clock';\n",
      'src/runtime/runner.ts': "import { step } from '../core/step.js';\nexport const run = step;\n",
    });
    expect(await checkImports(root)).toEqual({ code: 0, report: '' });
  });

  it('fail on an import cycle, naming both files', async () => {
    const root = tree({
      'src/runtime/relay.ts': "import { runtime } from './runtime.js';\nexport const relay = () => runtime;\n",
      'src/runtime/runtime.ts': "import { relay } from './relay.js';\nexport const runtime = () => relay;\n",
    });
    const { code, report } = await checkImports(root);
    expect(code).toBe(1);
    expect(report).toContain('no-circular');
    expect(report).toContain('src/runtime/relay.ts');
    expect(report).toContain('src/runtime/runtime.ts');
  });

  it('fail when a pure layer imports an adapter, naming the rule', async () => {
    const root = tree({
      'src/core/step.ts': "import { store } from '../adapters/sqlite/store.js';\nexport const step = store;\n",
      'src/adapters/sqlite/store.ts': "export const store = 'sqlite';\n",
    });
    const { code, report } = await checkImports(root);
    expect(code).toBe(1);
    expect(report).toContain('pure-layers-stay-pure');
    expect(report).toContain('src/core/step.ts → src/adapters/sqlite/store.ts');
  });

  it('fail when the app imports an adapter instead of a port', async () => {
    const root = tree({
      'src/app/feature.ts': "import { Bus } from '../adapters/bus/inProcessBus.js';\nexport const bus = new Bus();\n",
      'src/adapters/bus/inProcessBus.ts': 'export class Bus {}\n',
    });
    const { code, report } = await checkImports(root);
    expect(code).toBe(1);
    expect(report).toContain('app-knows-ports-not-adapters');
  });
});
