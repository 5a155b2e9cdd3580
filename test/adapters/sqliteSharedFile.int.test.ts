import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decodeStep } from '../../src/core/leanRecord.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { withReadOnlyDatabase, withStore } from '../support/sqliteConnections.js';
import { tempDirs } from '../support/tempFiles.js';

const tempDir = tempDirs('shared');

interface WorkerRun {
  readonly child: ChildProcessByStdio<Writable, Readable, null>;
  readonly ready: Promise<void>;
  readonly finished: Promise<{ acks: [string, number][]; failures: string[]; code: number | null }>;
}

/** One worker process stepping `ids` on the file; it waits for "go" before its first step. */
function startWorker(path: string, ids: readonly string[], steps: number): WorkerRun {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'fixtures', 'sharedFileWorker.ts'),
      path,
      ids.join(','),
      String(steps),
    ],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const acks: [string, number][] = [];
  const failures: string[] = [];
  let buffer = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      const [kind, id = '', ...rest] = line.split(' ');
      if (kind === 'ready') markReady();
      else if (kind === 'ack') acks.push([id, Number(rest[0])]);
      else if (kind === 'fail') failures.push(`${id}: ${rest.join(' ')}`);
    }
  });
  const finished = new Promise<{ acks: [string, number][]; failures: string[]; code: number | null }>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => resolve({ acks, failures, code }));
    },
  );
  return { child, ready, finished };
}

/**
 * Two workers step the file at `path` at once, four instances together and eight each on their own; every step
 * must be committed once, each stream contiguous, and the file intact.
 */
async function stepTogether(path: string, steps: number): Promise<void> {
  const shared = Array.from({ length: 4 }, (_, i) => `shared-${i}`);
  const own = (name: string) => Array.from({ length: 8 }, (_, i) => `${name}-${i}`);
  const workers = [
    startWorker(path, [...shared, ...own('a')], steps),
    startWorker(path, [...shared, ...own('b')], steps),
  ];
  await Promise.all(workers.map((w) => w.ready));
  for (const w of workers) w.child.stdin.end('go\n');
  const results = await Promise.all(workers.map((w) => w.finished));

  expect(results.flatMap((r) => r.failures)).toEqual([]);
  expect(results.map((r) => r.code)).toEqual([0, 0]);
  const lastRecords = new Map<string, StepRecord | undefined>();
  withReadOnlyDatabase(path, (db) => {
    const ackedByStream = new Map<string, number[]>();
    for (const [id, version] of results.flatMap((r) => r.acks))
      ackedByStream.set(id, [...(ackedByStream.get(id) ?? []), version]);
    for (const id of [...shared, ...own('a'), ...own('b')]) {
      const writers = id.startsWith('shared-') ? 2 : 1;
      const versions = db
        .prepare<[string], { version: number }>(
          'SELECT s.version FROM steps AS s JOIN instances AS i ON i.id = s.instance ' +
            'WHERE i.stream_id = ? ORDER BY s.version',
        )
        .all(id)
        .map((r) => r.version);
      // One start plus every INC of every writer, numbered 1..n with no gap; each acknowledged once.
      expect(versions, id).toEqual(Array.from({ length: 1 + writers * steps }, (_, i) => i + 1));
      expect(
        [...(ackedByStream.get(id) ?? [])].sort((x, y) => x - y),
        id,
      ).toEqual(versions);
      let last: StepRecord | undefined;
      for (const row of db
        .prepare<[string], { version: number; record: string }>(
          'SELECT s.version, s.record FROM steps AS s JOIN instances AS i ON i.id = s.instance ' +
            'WHERE i.stream_id = ? ORDER BY s.version',
        )
        .all(id)) {
        last = decodeStep(row.record, id, row.version, last);
      }
      expect(last?.state.context, id).toEqual({ count: writers * steps });
      lastRecords.set(id, last);
      expect(
        db.prepare<[string], { version: number }>('SELECT version FROM instances WHERE stream_id = ?').get(id)?.version,
        id,
      ).toBe(versions.length);
    }
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
  // A store opening the file reads each head as the log's last step, whichever process wrote it.
  await withStore(path, async (store) => {
    for (const [id, last] of lastRecords) expect(await store.readHead(id), id).toEqual(last);
  });
}

describe('one SQLite file stepped by two processes at once', () => {
  it('commits every step of both processes, keeps each stream contiguous and the file intact', async () => {
    await stepTogether(join(tempDir(), 'events.db'), 60);
  }, 120_000);

  it('does so on a file whose log holds stream and event ids, as the version before left it', async () => {
    const path = join(tempDir(), 'events.db');
    copyFileSync(join(import.meta.dirname, 'fixtures', 'instance-keyed-v3.db'), path);
    const logColumns = () =>
      withReadOnlyDatabase(path, (db) =>
        db
          .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('steps')")
          .all()
          .map((c) => c.name),
      );
    expect(logColumns()).toContain('event_id');
    await stepTogether(path, 30);
    // Still in that layout, so a process of the version before can go on sharing it.
    expect(logColumns()).toEqual(['seq', 'instance', 'stream_id', 'version', 'event_id', 'record']);
  }, 120_000);
});
