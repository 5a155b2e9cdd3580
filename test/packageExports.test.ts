import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every entry point of package.json#exports, with the names it exports. A name added or removed shows up as a
// snapshot change to review (`npx vitest run test/packageExports.test.ts -u` accepts it), so the public
// surface grows only on purpose.
const root = join(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | Record<string, string>>;
};
const entries = Object.entries(manifest.exports).filter(
  (pair): pair is [string, Record<string, string>] => pair[0] !== './package.json',
);
const specifier = (subpath: string): string => `statebridge${subpath.slice(1)}`;

describe('package entry points', () => {
  it('each entry has four conditions: one source file, its build output and its CommonJS door', () => {
    expect(entries.length).toBeGreaterThan(0);
    for (const [subpath, conditions] of entries) {
      expect(Object.keys(conditions), subpath).toEqual(['statebridge-source', 'types', 'import', 'require']);
      const door = conditions['require'] ?? '';
      expect(existsSync(join(root, door)), `${subpath}: ${door} exists`).toBe(true);
      expect(readFileSync(join(root, door), 'utf8'), subpath).toContain(`'${specifier(subpath)}'`);
      const source = conditions['statebridge-source'] ?? '';
      expect(existsSync(join(root, source)), `${subpath}: ${source} exists`).toBe(true);
      const built = source.replace(/^\.\/src\//, './dist/src/').replace(/\.ts$/, '');
      expect(conditions['types'], subpath).toBe(`${built}.d.ts`);
      expect(conditions['import'], subpath).toBe(`${built}.js`);
      expect(readFileSync(join(root, door), 'utf8'), `${subpath}: the door loads the import target`).toContain(
        `'.${built}.js'`,
      );
    }
  });

  it('each entry file names what it exports (no `export *`)', () => {
    for (const [subpath, conditions] of entries) {
      const text = readFileSync(join(root, conditions['statebridge-source'] ?? ''), 'utf8');
      expect(text, subpath).not.toMatch(/^export \*/m);
    }
  });

  it.each(entries.map(([subpath]) => subpath))('%s exports exactly the pinned names', async (subpath) => {
    const names = Object.keys((await import(specifier(subpath))) as object).sort();
    expect(names).toMatchSnapshot();
  });

  it('the root exports what applications are written against, and no plumbing', async () => {
    const api = (await import('statebridge')) as Record<string, unknown>;
    for (const name of ['createRuntime', 'SqliteEventStore', 'defineMachine', 'BaseHandler', 'createFunctions'])
      expect(typeof api[name], name).toBe('function');
    for (const name of ['HANDLER_OF', 'bindResponderSink', 'truncateMiddle', 'customResourceDefinition', 'summarize'])
      expect(api, name).not.toHaveProperty(name);
  });
});

describe('AWS entry points', () => {
  it('resolve by package name', async () => {
    const aws = await import('statebridge/aws');
    const lambda = await import('statebridge/lambda');
    expect(typeof aws.createIngressHandler).toBe('function');
    expect(typeof aws.createSweeperHandler).toBe('function');
    expect(typeof aws.createFunctionHandler).toBe('function');
    expect(typeof lambda.LambdaFunctionInvoker).toBe('function');
  });
});

// Docs snippets are not compiled, so an export that moves could leave them importing a name that is gone.
describe('imports shown in the README and docs', () => {
  const pages = ['README.md', ...readdirSync(join(root, 'docs')).map((name) => `docs/${name}`)].filter((page) =>
    page.endsWith('.md'),
  );
  const imports = pages.flatMap((page) =>
    [...readFileSync(join(root, page), 'utf8').matchAll(/import\s+\{([^}]*)\}\s+from\s+'(statebridge[\w/-]*)'/g)].map(
      (match) => ({ page, names: match[1] ?? '', from: match[2] ?? '' }),
    ),
  );

  it('name values their entry point exports', async () => {
    expect(imports.length).toBeGreaterThan(5);
    for (const { page, names, from } of imports) {
      const api = (await import(from)) as Record<string, unknown>;
      const values = names
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '' && name !== '…' && !name.startsWith('type '));
      for (const name of values) expect(api, `${page} imports ${name} from '${from}'`).toHaveProperty(name);
    }
  });
});
