import { existsSync, readFileSync } from 'node:fs';
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
  it('each entry has the same three conditions, pointing at one source file and its build output', () => {
    expect(entries.length).toBeGreaterThan(0);
    for (const [subpath, conditions] of entries) {
      expect(Object.keys(conditions), subpath).toEqual(['statebridge-source', 'types', 'import']);
      const source = conditions['statebridge-source'] ?? '';
      expect(existsSync(join(root, source)), `${subpath}: ${source} exists`).toBe(true);
      const built = source.replace(/^\.\/src\//, './dist/src/').replace(/\.ts$/, '');
      expect(conditions['types'], subpath).toBe(`${built}.d.ts`);
      expect(conditions['import'], subpath).toBe(`${built}.js`);
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
