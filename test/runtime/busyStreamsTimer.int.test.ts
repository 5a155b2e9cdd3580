import { describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { deadline, gate, job } from './fixtures/livenessMachines.js';
import { tempDbPaths } from '../support/tempFiles.js';

const tempDb = tempDbPaths('liveness');

describe('liveness on a SQLite file', () => {
  it('fires a due timer while 600 streams have commands in flight', async () => {
    const clock = new VirtualClock();
    const hang = gate<{ type: 'worked'; result: string }>();
    const runtime = createRuntime({ store: new SqliteEventStore({ path: tempDb() }), clock })
      .register(job, { doWork: () => hang.promise })
      .register(deadline);
    await runtime.start('deadline', 'the-deadline', undefined);
    await Promise.all(
      Array.from({ length: 650 }, (_, i) => runtime.start('job', `busy-${String(i).padStart(3, '0')}`, undefined)),
    );
    expect(await runtime.store.listWork({ dueBy: Number.MAX_SAFE_INTEGER, limit: 500 })).toHaveLength(500);
    clock.jump(5000);
    await runtime.fireDue(clock.now());
    expect((await runtime.store.readHead('the-deadline'))?.stateAfter).toBe('expired');
    hang.open({ type: 'worked', result: 'ok' });
    await runtime.close();
  });

  it('resumes, after a reopen, a command abandoned by a close that timed out', async () => {
    const path = tempDb();
    const errors: unknown[] = [];
    const first = createRuntime({
      store: new SqliteEventStore({ path }),
      clock: new VirtualClock(),
      closeTimeoutMs: 50,
      onError: (e) => errors.push(e),
    }).register(job, { doWork: () => new Promise(() => undefined) });
    await first.start('job', 'stuck-job', undefined);
    await first.close();
    expect(errors).toEqual([expect.objectContaining({ code: 'CLOSE_TIMED_OUT' })]);

    const second = createRuntime({ store: new SqliteEventStore({ path }), clock: new VirtualClock() }).register(job, {
      doWork: async () => ({ type: 'worked', result: 'after restart' }),
    });
    expect(await second.recover()).toEqual({ commands: 1, timers: 0 });
    await second.idle();
    expect((await second.store.readHead('stuck-job'))?.state.context).toEqual({ results: ['after restart'] });
    await second.close();
  });
});
