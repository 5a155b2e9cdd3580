import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The package as users get it: packed (the build runs in prepack), installed into a default `npm init -y`
// project (CommonJS by default), then used from plain JavaScript.
const run = promisify(execFile);
const root = process.cwd();
const work = mkdtempSync(join(tmpdir(), 'statebridge-installed-'));
const app = join(work, 'app');
const inApp = (file: string, args: string[], flags: string[] = []) =>
  run('node', [...flags, file, ...args], { cwd: app, timeout: 120_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

beforeAll(async () => {
  await run('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: root, timeout: 600_000 });
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'))!;
  await run('mkdir', ['-p', app]);
  await run('npm', ['init', '-y'], { cwd: app });
  // Scripts are skipped: building better-sqlite3's native binding is not what this checks (the simulation
  // below runs on the in-memory store), and compiling it takes minutes on a busy machine.
  const flags = ['--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'];
  await run('npm', ['install', ...flags, join(work, tarball)], {
    cwd: app,
    timeout: 900_000,
  });
}, 1_500_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the installed package', () => {
  it('runs a plain-JavaScript handler without options under stack simulate', async () => {
    writeFileSync(
      join(app, 'handlers.mjs'),
      [
        "import { BaseHandler } from 'statebridge';",
        'class Thing extends BaseHandler {',
        '  async create(event) {',
        '    const size = event.ResourceProperties.Size;',
        '    return `thing-${size}-${typeof size}`;',
        '  }',
        '  async update(event) { return event.PhysicalResourceId; }',
        '  async delete() { return undefined; }',
        '}',
        'export const thing = new Thing().lambdaHandler;',
      ].join('\n'),
    );
    writeFileSync(
      join(app, 'stack.yaml'),
      [
        'Resources:',
        '  Thing:',
        '    Type: Custom::Thing',
        '    Properties:',
        '      ServiceToken: ./handlers.mjs#thing',
      ]
        .concat(['      Size: 3', ''])
        .join('\n'),
    );
    const { code, stdout } = await inApp('node_modules/.bin/statebridge', [
      'stack',
      'simulate',
      'stack.yaml',
      '--delete',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/CREATE_COMPLETE\s+Thing\s+Custom::Thing\s+id=thing-3-string/);
    expect(stdout).toMatch(/DELETE_COMPLETE\s+simulated-stack/);
  }, 120_000);

  it('answers require(): the module where Node.js can require ES modules, a clear error where it cannot', async () => {
    writeFileSync(join(app, 'required.cjs'), "console.log(typeof require('statebridge').createRuntime);\n");
    const loaded = await inApp('required.cjs', []);
    expect(loaded.stdout.trim()).toBe('function');
    const refused = await inApp('required.cjs', [], ['--no-experimental-require-module']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('statebridge is an ES module package and this Node.js cannot require() it');
    expect(refused.stderr).toContain("import { createRuntime } from 'statebridge' in a .mjs file");
  }, 120_000);

  it('types every public subpath for a strict TypeScript consumer, without what is marked internal', async () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      exports: object;
      peerDependencies: object;
    };
    // The peers a user installs beside the package for the subpaths that need them (the install above has none).
    for (const peer of Object.keys(manifest.peerDependencies)) {
      const installed = join(app, 'node_modules', peer);
      if (existsSync(installed)) continue;
      mkdirSync(dirname(installed), { recursive: true });
      symlinkSync(join(root, 'node_modules', peer), installed);
    }
    const subpaths = Object.keys(manifest.exports).filter((key) => key !== './package.json');
    writeFileSync(
      join(app, 'consumer.mts'),
      [
        ...subpaths.map((key, i) => `import * as module${i} from '${key.replace(/^\./, 'statebridge')}';`),
        "import type { InvokeAsyncOptions } from 'statebridge';",
        `export const modules = [${subpaths.map((_, i) => `module${i}`).join(', ')}];`,
        "export const options: InvokeAsyncOptions = { requestId: 'r-1', invocationType: 'Event' };",
        // Marked @internal in the source: the build strips it, so the published type refuses it.
        '// @ts-expect-error',
        'export const internal: InvokeAsyncOptions = { checkPayloadLimit: false };',
      ].join('\n'),
    );
    const compilerOptions = { strict: true, module: 'NodeNext', target: 'ES2022', noEmit: true, skipLibCheck: false };
    const typeRoots = [join(root, 'node_modules', '@types')];
    const config = { compilerOptions: { ...compilerOptions, types: ['node'], typeRoots }, files: ['consumer.mts'] };
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(config));
    // tsc reports type errors on stdout and exits 2: both would show in the failure.
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const checked = await run('node', [tsc, '-p', 'tsconfig.json'], { cwd: app, timeout: 280_000 }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    expect(checked).toEqual({ code: 0, stdout: '' });
  }, 300_000);

  it('ships every file the README and docs link to', () => {
    const installed = join(app, 'node_modules', 'statebridge');
    const missing: string[] = [];
    for (const doc of ['README.md', ...readdirSync(join(installed, 'docs')).map((d) => `docs/${d}`)]) {
      const text = readFileSync(join(installed, doc), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)#:\s]+)(?:#[^)]*)?\)/g)) {
        const path = normalize(join(dirname(doc), target!));
        try {
          readFileSync(join(installed, path));
        } catch {
          missing.push(`${doc} → ${path}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
