import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.js';
import { runCli as cli } from './support/runCli.js';

const dir = mkdtempSync(join(tmpdir(), 'statebridge-missing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the statebridge command', () => {
  it('prints its version', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const { code, stdout } = await cli('--version');
    expect(code).toBe(0);
    expect(stdout).toBe(`statebridge ${version}\n`);
  });

  it('answers --help on every subcommand with its usage and options, without running it', async () => {
    const answers = await Promise.all(commands.map((c) => cli(c.name, '--help')));
    for (const [i, command] of commands.entries()) {
      const { code, stdout } = answers[i]!;
      expect(code, command.name).toBe(0);
      expect(stdout).toContain(`usage: ${command.usage}`);
      expect(stdout).toContain(command.summary);
      expect(stdout).toMatch(/options:\n/);
      for (const flag of command.usage.match(/--[a-z][a-z0-9-]*/g) ?? []) expect(stdout).toContain(`  ${flag}`);
    }
    // `start --help` printed help and returned: it did not start a runtime.
    expect(answers[commands.findIndex((c) => c.name === 'start')]!.stdout).not.toMatch(/runtime started/);
  }, 180_000);

  it('never creates a store to inspect: a missing --db is named', async () => {
    const missing = join(dir, 'missing.db');
    const results = await Promise.all([
      cli('ls', '--db', missing),
      cli('timeline', 'some-id', '--db', missing),
      cli('graph', 'customResource', '--instance', 'some-id', '--db', missing),
    ]);
    for (const { code, stderr } of results) {
      expect(code).toBe(1);
      expect(stderr).toContain(`--db: ${missing} does not exist; inspection commands read an existing store`);
    }
    expect(existsSync(missing)).toBe(false);
  }, 120_000);
});
