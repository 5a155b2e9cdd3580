import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { AWS_ENV } from '../aws/contract.js';
import type { AppInventory } from './appInventory.js';
import { ModuleLoadError } from '../core/errors.js';

/** Exports of the one Lambda bundle: the handler names the construct points each function at. */
export const BUNDLE_HANDLERS = {
  ingress: 'index.ingress',
  sweeper: 'index.sweeper',
  function: 'index.invokeFunction',
} as const;

const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
const fromSources = existsSync(join(packageRoot, 'src', 'index.ts'));
/** A module of this folder as the bundler reads it: the TypeScript source in a checkout, JavaScript when installed. */
const cdkModule = (name: string) =>
  join(dirname(fileURLToPath(import.meta.url)), fromSources ? `${name}.ts` : `${name}.js`);

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'statebridge'
    )
      return dir;
    if (dirname(dir) === dir)
      throw new ModuleLoadError(start, `statebridge/cdk: no statebridge package.json above ${start}`);
  }
}

/**
 * The file a `statebridge` or `statebridge/<sub>` import means here: the sources in a checkout, dist when installed.
 */
function statebridgeModulePath(specifier: string): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
    exports: Record<string, Record<string, string>>;
  };
  const key = specifier === 'statebridge' ? '.' : `.${specifier.slice('statebridge'.length)}`;
  const entry = manifest.exports[key];
  const target = entry?.[fromSources ? 'statebridge-source' : 'import'];
  if (target === undefined)
    throw new ModuleLoadError(
      specifier,
      `statebridge/cdk: package.json exports no "${key}" (needed by "${specifier}")`,
    );
  return join(packageRoot, target);
}

/**
 * esbuild aliases (its synchronous API takes no plugins): every `statebridge[/sub]` import to this copy
 * of statebridge, so the app and the entry points share one copy whether the app imports it by name or
 * by relative path; and `better-sqlite3`, native code the AWS entry points never open, to a stub.
 */
function bundleAliases(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
    exports: Record<string, unknown>;
  };
  const aliases: Record<string, string> = {};
  for (const key of Object.keys(manifest.exports)) {
    if (key.endsWith('.json')) continue;
    const specifier = key === '.' ? 'statebridge' : `statebridge${key.slice(1)}`;
    aliases[specifier] = statebridgeModulePath(specifier);
  }
  stubFile ??= writeStub();
  aliases['better-sqlite3'] = stubFile;
  return aliases;
}

let stubFile: string | undefined;

function writeStub(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'statebridge-stub-')), 'betterSqlite3.mjs');
  writeFileSync(
    file,
    'export default function Database() {\n' +
      '  throw new Error("the SQLite store is not available on AWS Lambda; statebridge uses DynamoDB there");\n' +
      '}\n',
  );
  return file;
}

/** Options of `bundleLambdaCode`. */
export interface LambdaBundleOptions {
  /** Absolute path of the user's app module. */
  readonly app: string;
  /** Module exporting `createIngressHandler` and `createSweeperHandler` (default `statebridge/aws`). */
  readonly entryPoints?: string;
  /** Directory to write `index.mjs` into; default a fresh temporary directory. */
  readonly outDir?: string;
}

/**
 * Bundle the user's app and the AWS entry points into one ES module (`index.mjs`) with the locally
 * installed esbuild: no Docker, no network. Returns the directory, ready for `lambda.Code.fromAsset`.
 */
export function bundleLambdaCode(options: LambdaBundleOptions): string {
  // One bundle per app in a process: a CDK app with several stacks (or a test suite) reuses it.
  const key = JSON.stringify([resolve(options.app), options.entryPoints, options.outDir]);
  const known = bundles.get(key);
  if (known !== undefined) return known;
  const outDir = options.outDir ?? mkdtempSync(join(tmpdir(), 'statebridge-lambda-'));
  mkdirSync(outDir, { recursive: true });
  const entryPoints = options.entryPoints ?? 'statebridge/aws';
  buildSync({
    stdin: {
      contents: lambdaEntrySource(resolve(options.app), entryPoints),
      resolveDir: packageRoot,
      sourcefile: 'statebridge-lambda-entry.js',
      loader: 'js',
    },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    outfile: join(outDir, 'index.mjs'),
    // Error classes are told apart by name, so names survive minification.
    minify: true,
    keepNames: true,
    legalComments: 'none',
    logLevel: 'error',
    // Bundled CommonJS dependencies still call require() for Node built-ins.
    banner: {
      js:
        "import { createRequire as __sbCreateRequire } from 'node:module'; " +
        'const require = __sbCreateRequire(import.meta.url);',
    },
    alias: bundleAliases(),
  });
  bundles.set(key, outDir);
  return outDir;
}

const bundles = new Map<string, string>();
const inventories = new Map<string, AppInventory>();

function lambdaEntrySource(appPath: string, entryPoints: string): string {
  return `
import * as entryPoints from ${JSON.stringify(existsSync(resolve(entryPoints)) ? resolve(entryPoints) : entryPoints)};
import * as userApp from ${JSON.stringify(appPath)};
import { appModulesOf } from ${JSON.stringify(cdkModule('appModuleExports'))};
// An App exported as such runs as appModuleFor(app), as the inventory read it.
const app = appModulesOf(userApp);
const handlers = {};
function entryPoint(name, options) {
  const create = entryPoints[name];
  if (typeof create !== 'function') throw new Error(name + ' is not exported by ${entryPoints}');
  return (handlers[name] ??= create(options));
}
export const ingress = (event, context) => entryPoint('createIngressHandler', { app })(event, context);
export const sweeper = (event, context) => entryPoint('createSweeperHandler', { app })(event, context);
export const invokeFunction = (event, context) =>
  entryPoint('createFunctionHandler', {
    app,
    name: process.env[${JSON.stringify(AWS_ENV.functionName)}],
  })(event, context);
`;
}

/**
 * Load the user's app at synth time and list what it registers. Bundled to CommonJS with the same
 * resolution as the Lambda code (so the inventory sees exactly what the Lambda will run) and required
 * synchronously, because construct constructors cannot wait.
 */
export function loadAppInventory(app: string): AppInventory {
  const known = inventories.get(resolve(app));
  if (known !== undefined) return known;
  const result = buildSync({
    stdin: {
      contents:
        `const { inventoryOf } = require(${JSON.stringify(cdkModule('appInventory'))});\n` +
        `const { appModulesOf } = require(${JSON.stringify(cdkModule('appModuleExports'))});\n` +
        `module.exports = inventoryOf(appModulesOf(require(${JSON.stringify(resolve(app))})));`,
      resolveDir: packageRoot,
      sourcefile: 'statebridge-inventory.cjs',
      loader: 'js',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    write: false,
    logLevel: 'error',
    keepNames: true,
    // Top-level `new URL(..., import.meta.url)` in the sources must not throw in CommonJS.
    define: { 'import.meta.url': '__sbImportMetaUrl' },
    banner: { js: "const __sbImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    alias: bundleAliases(),
  });
  const file = join(mkdtempSync(join(tmpdir(), 'statebridge-inventory-')), 'inventory.cjs');
  writeFileSync(file, result.outputFiles[0]?.text ?? '');
  const inventory = createRequire(import.meta.url)(file) as AppInventory;
  const plain = JSON.parse(JSON.stringify(inventory)) as AppInventory;
  inventories.set(resolve(app), plain);
  return plain;
}
