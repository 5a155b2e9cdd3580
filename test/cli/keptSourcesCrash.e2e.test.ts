import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TOKEN_HEADER } from '../../src/adapters/http/requestGuard.js';
import { readEndpointFile } from '../../src/cli/localEndpointFile.js';
import { readLocalToken } from '../../src/cli/localToken.js';
import { tempDirs } from '../support/tempFiles.js';

const APP = 'test/cli/fixtures/keptSourcesApp.ts';
const newDir = tempDirs('kept-crash');
const running = new Set<ChildProcess>();
afterAll(() => running.forEach((child) => child.kill('SIGKILL')));

/** `statebridge start --app` on a database file, its output lines collected as they come. */
function startApp(db: string) {
  const child = spawn(
    'node',
    ['bin/statebridge.js', 'start', '--db', db, '--no-demo', '--api-port', '0', '--app', APP],
    {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  running.add(child);
  const lines: string[] = [];
  const waiters: { want: (lines: string[]) => boolean; resolve: () => void }[] = [];
  let rest = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts);
    for (const waiter of [...waiters]) if (waiter.want(lines)) waiter.resolve();
  });
  return {
    lines,
    /**
     * Resolves once the output so far satisfies `want`, or after `giveUpMs` (the assertions that follow
     * then say what is missing); fails if the process ends first.
     */
    until(want: (lines: string[]) => boolean, giveUpMs = 60_000): Promise<void> {
      if (want(lines)) return Promise.resolve();
      let timer: NodeJS.Timeout | undefined;
      return Promise.race([
        new Promise<void>((resolve) => waiters.push({ want, resolve })),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, giveUpMs))),
        exited.then(() => Promise.reject(new Error(`start ended early:\n${lines.join('\n')}`))),
      ]).finally(() => clearTimeout(timer));
    },
    async kill(signal: NodeJS.Signals): Promise<void> {
      child.kill(signal);
      await exited;
      running.delete(child);
    },
  };
}

/** Feed the running App as `statebridge emit` does, through its endpoint and token files. */
async function emit(db: string, request: object): Promise<void> {
  const response = await fetch(`${readEndpointFile(db)}/app/emit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: readLocalToken(db) ?? '' },
    body: JSON.stringify(request),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

const matching = (lines: string[], prefix: string) =>
  lines.filter((l) => l.startsWith(prefix)).flatMap((l) => l.slice(prefix.length).split(' '));
const bodies = (received: string[]) => received.map((r) => r.split('#')[0]);

describe('statebridge start --app on a SQLite file, killed with SIGKILL mid-batch', () => {
  it('delivers every message and record after the restart, counts the lost receive and redrives once', async () => {
    const db = join(newDir(), 'statebridge.db');
    const first = startApp(db);
    await first.until((lines) => lines.some((l) => l.startsWith('serving')));
    const messages = ['poison', 'm1', 'm2', 'm3', 'm4'];
    const records = ['k1', 'k2', 'k3', 'k4'];
    await emit(db, { kind: 'sqs', queue: 'jobs', body: messages[0] });
    await Promise.all([
      ...messages.slice(1).map((body) => emit(db, { kind: 'sqs', queue: 'jobs', body })),
      ...records.map((data) => emit(db, { kind: 'kinesis', stream: 'clicks', data, partitionKey: 'user-1' })),
    ]);
    await first.until((lines) => lines.some((l) => l.startsWith('sqs handling poison#1')));
    await first.kill('SIGKILL');
    // The batch holding the poison message was in flight: begun, not done.
    expect(first.lines.some((l) => l.startsWith('sqs done poison'))).toBe(false);

    const second = startApp(db);
    const delivered = (lines: string[]) => ({
      messages: messages.filter((m) => bodies(matching([...first.lines, ...lines], 'sqs done ')).includes(m)),
      records: records.filter((r) => matching([...first.lines, ...lines], 'kinesis done ').includes(r)),
      dead: matching(lines, 'dead '),
    });
    await second.until((lines) => {
      const { messages: m, records: r, dead } = delivered(lines);
      return m.length === messages.length && r.length === records.length && dead.length > 0;
    });
    await second.kill('SIGTERM');
    expect(delivered(second.lines)).toEqual({ messages, records, dead: ['poison'] });
    // The receive before the crash counted: the poison message came back a second time, then went to the DLQ.
    expect(matching(second.lines, 'sqs handling ')).toContain('poison#2');
    expect(matching([...first.lines, ...second.lines], 'sqs handling ')).not.toContain('poison#3');
  }, 120_000);
});
