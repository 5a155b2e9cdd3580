import { chmodSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryStoreFiles } from '../../src/cli/memoryStoreFiles.js';
import { tempDirs } from '../support/tempFiles.js';

const newDir = tempDirs('memory-files');
const saved = process.env['TMPDIR'];
afterEach(() => {
  if (saved === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = saved;
});

describe('memoryStoreFiles', () => {
  it('makes a folder only its user may enter and names the memory files in it', () => {
    const tmp = newDir();
    process.env['TMPDIR'] = tmp;
    expect(memoryStoreFiles({ create: false })).toBeUndefined();
    expect(memoryStoreFiles({ create: true })).toBe(join(tmp, `statebridge-${userInfo().uid}`, 'memory'));
  });

  it('refuses a folder others may enter, so the token never lands there', () => {
    const tmp = newDir();
    process.env['TMPDIR'] = tmp;
    const folder = join(tmp, `statebridge-${userInfo().uid}`);
    mkdirSync(folder);
    chmodSync(folder, 0o777);
    expect(memoryStoreFiles({ create: true })).toBeUndefined();
  });
});
