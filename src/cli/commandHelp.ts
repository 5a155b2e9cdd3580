import { readFileSync } from 'node:fs';
import type { CliCommand } from './command.js';

/** True when a subcommand's arguments ask for help (before a `--` that ends the options). */
export function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** `statebridge <command> --help`: its usage, what it does, and every option its usage names. */
export function commandHelp(command: CliCommand): string {
  const options = [
    ...new Set([...command.usage.matchAll(/--[a-z][a-z0-9-]*(?:[ =](?![-[])[^\s\]]+)?/g)].map((m) => m[0])),
  ];
  return [
    `usage: ${command.usage}`,
    '',
    command.summary,
    '',
    'options:',
    ...options.map((option) => `  ${option}`),
    '  --help, -h',
    '',
  ].join('\n');
}

/** The installed package's version, read from its package.json (two levels up in sources, three in dist). */
export function packageVersion(): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'statebridge' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not at this level; try the next
    }
  }
  return 'unknown';
}
