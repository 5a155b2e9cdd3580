import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { isStatebridgeError } from '../../src/core/errors.js';
import { openDatabase, type OpenDatabaseOptions } from '../../src/adapters/sqlite/openDatabase.js';

const dir = mkdtempSync(join(tmpdir(), 'statebridge-native-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Open = new (path: string, options: OpenDatabaseOptions) => Database.Database;

/** The error `openDatabase` throws with `open`, or 'opened'. */
function failureOf(open: Open): unknown {
  try {
    openDatabase(join(dir, 'x.db'), { timeout: 0 }, open).close();
    return 'opened';
  } catch (error) {
    return error;
  }
}

describe('opening SQLite when better-sqlite3 cannot load its native module', () => {
  it('says the module was never built and what to run, as in a project whose npm skipped its install script', () => {
    // better-sqlite3 as npm leaves it when its install script is skipped: its JavaScript without build/.
    const modules = join(dir, 'project', 'node_modules');
    const installed = join(process.cwd(), 'node_modules');
    for (const name of ['bindings', 'file-uri-to-path'])
      cpSync(join(installed, name), join(modules, name), { recursive: true });
    for (const part of ['package.json', 'lib'])
      cpSync(join(installed, 'better-sqlite3', part), join(modules, 'better-sqlite3', part), { recursive: true });
    const unbuilt = createRequire(join(dir, 'project', 'index.js'))('better-sqlite3') as Open;

    const error = failureOf(unbuilt);
    expect(isStatebridgeError(error, 'STORE_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toContain("better-sqlite3's native module was never built");
    expect((error as Error).message).toContain(
      'npm install-scripts approve better-sqlite3 && npm rebuild better-sqlite3',
    );
    expect(((error as Error).cause as Error).message).toContain('Could not locate the bindings file');
  });

  it("says a module that fails to load could not be loaded, with the loader's reason", () => {
    const notAModule = join(dir, 'not-a-module.node');
    writeFileSync(notAModule, 'this is not a shared object');
    const installed = createRequire(import.meta.url)('better-sqlite3') as new (
      path: string,
      options: OpenDatabaseOptions & { nativeBinding: string },
    ) => Database.Database;
    const withBrokenModule = class {
      constructor(path: string, options: OpenDatabaseOptions) {
        return new installed(path, { ...options, nativeBinding: notAModule });
      }
    } as unknown as Open;

    const error = failureOf(withBrokenModule);
    expect(isStatebridgeError(error, 'STORE_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toMatch(/native module could not be loaded \(.+\)\. Build it in your project/);
  });

  it('passes any other error on as it is, and opens a file when the module loads', () => {
    const error = failureOf(
      class {
        constructor() {
          throw new Error('unable to open database file');
        }
      } as unknown as Open,
    );
    expect((error as Error).message).toBe('unable to open database file');
    expect(isStatebridgeError(error)).toBe(false);
    const installed = createRequire(import.meta.url)('better-sqlite3') as Open;
    expect(failureOf(installed)).toBe('opened');
  });
});
