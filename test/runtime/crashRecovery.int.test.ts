import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { decodeStep } from '../../src/core/leanRecord.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { ticket } from '../contracts/fixtureMachine.js';
import { runKillableWorker } from '../support/killableWorker.js';
import { withReadOnlyDatabase, withStore } from '../support/sqliteConnections.js';
import { tempDbPaths } from '../support/tempFiles.js';

const tempDb = tempDbPaths('crash');

/**
 * Run the worker until it acknowledged `acks` steps, then kill -9 it; returns the highest acked version per instance.
 */
async function runAndKill(path: string, acks: number): Promise<Map<string, number>> {
  const acked = new Map<string, number>();
  let count = 0;
  const { killed } = await runKillableWorker(
    join(import.meta.dirname, 'fixtures', 'crashWorker.ts'),
    [path, '16'],
    (line) => {
      const [, id, version] = line.split(' ');
      acked.set(id!, Math.max(acked.get(id!) ?? 0, Number(version)));
      count += 1;
      return count >= acks;
    },
  );
  expect(killed).toBe(true);
  return acked;
}

describe('crash safety on the SQLite file store', () => {
  it('keeps every acknowledged step after kill -9 and leaves nothing half-written', async () => {
    const path = tempDb();
    const acked = await runAndKill(path, 3000);
    expect(acked.size).toBe(16);
    const lastRecords = new Map<string, StepRecord | undefined>();
    withReadOnlyDatabase(path, (db) => {
      for (const [id, version] of acked) {
        const rows = db
          .prepare<[string], { version: number; record: string }>(
            'SELECT s.version, s.record FROM steps AS s JOIN instances AS i ON i.id = s.instance ' +
              'WHERE i.stream_id = ? ORDER BY s.version',
          )
          .all(id);
        // Every acknowledged version is there, with no gap before it.
        expect(rows.length).toBeGreaterThanOrEqual(version);
        expect(rows.map((r) => r.version)).toEqual(rows.map((_, i) => i + 1));
        // The index row agrees with the log: a step is never half-written.
        const instance = db
          .prepare<[string], { version: number }>('SELECT version FROM instances WHERE stream_id = ?')
          .get(id);
        expect(instance?.version).toBe(rows.length);
        let last: StepRecord | undefined;
        for (const row of rows) last = decodeStep(row.record, id, row.version, last);
        expect(last?.state.context).toEqual({ count: rows.length - 1 });
        lastRecords.set(id, last);
      }
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    });
    // A store opening the file reads each head as the log's last step.
    await withStore(path, async (store) => {
      for (const [id, last] of lastRecords) expect(await store.readHead(id)).toEqual(last);
    });
    // A restarted runtime carries on from where the log ends.
    const second = await runAndKill(path, 200);
    for (const [id, version] of second) expect(version).toBeGreaterThan(acked.get(id)!);
  }, 120_000);

  it('runs a command committed before a crash when the runtime restarts, and applies its outcome once', async () => {
    const path = tempDb();
    const clock = new VirtualClock();
    const first = createRuntime({ store: new SqliteEventStore({ path }), clock }).register(ticket, {
      notify: () => new Promise(() => undefined), // the process "dies" before the command finishes
    });
    await first.start('ticket', 't-1', { title: 'crash' });
    await first.send('t-1', { type: 'SUBMIT' });
    await first.store.close();

    const executed: string[] = [];
    const second = createRuntime({ store: new SqliteEventStore({ path }), clock }).register(ticket, {
      notify: async (command, ctx) => {
        executed.push(ctx.idempotencyKey);
        return { type: 'sent' };
      },
    });
    const resumed = await second.recover();
    await second.idle();
    expect(resumed.commands).toBe(1);
    expect(executed).toEqual(['t-1#2#0']);
    // At-least-once: running it again (another recovery) does not apply the outcome twice.
    await second.deliver('t-1', { type: 'sent' }, 't-1#2#0/outcome/0', { kind: 'command', commandKey: 't-1#2#0' });
    const head = await second.store.readHead('t-1');
    expect(head?.stateAfter).toBe('closed');
    expect(head?.version).toBe(3);
    await second.close();
  });

  it('fires a timer that fell due while the runtime was down', async () => {
    const path = tempDb();
    const clock = new VirtualClock();
    const first = createRuntime({ store: new SqliteEventStore({ path }), clock }).register(ticket, {
      notify: async () => ({ type: 'sent' }),
    });
    await first.start('ticket', 't-2', { title: 'timer' });
    await first.store.close();
    clock.jump(61_000);
    const second = createRuntime({ store: new SqliteEventStore({ path }), clock }).register(ticket, {
      notify: async () => ({ type: 'sent' }),
    });
    expect(await second.recover()).toEqual({ commands: 0, timers: 1 });
    expect((await second.store.readHead('t-2'))?.stateAfter).toBe('stale');
    await second.close();
  });
});

describe('recovery of a large backlog', () => {
  it('runs the pending commands of every stream, a page at a time', async () => {
    const path = tempDb();
    const clock = new VirtualClock();
    const first = createRuntime({ store: new SqliteEventStore({ path }), clock }).register(ticket, {
      notify: () => new Promise(() => undefined),
    });
    for (let i = 0; i < 25; i += 1) {
      await first.start('ticket', `b-${i}`, { title: `t${i}` });
      await first.send(`b-${i}`, { type: 'SUBMIT' });
    }
    await first.store.close();

    const executed: string[] = [];
    const second = createRuntime({ store: new SqliteEventStore({ path }), clock, recoveryPageSize: 10 }).register(
      ticket,
      {
        notify: async (_command, ctx) => {
          executed.push(ctx.instanceId);
          return { type: 'sent' };
        },
      },
    );
    const resumed = await second.recover();
    await second.idle();
    expect(resumed.commands).toBe(25);
    expect(new Set(executed).size).toBe(25);
    expect(executed).toHaveLength(25);
    expect(await second.store.listWork({ dueBy: 0 })).toEqual([]);
    await second.close();
  });
});
