import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '../../src/adapters/bus/inProcessBus.js';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqliteEventStore.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { createRuntime, type Runtime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { deadline } from './fixtures/livenessMachines.js';

const dirs: string[] = [];
const store = () => {
  const dir = mkdtempSync(join(tmpdir(), 'statebridge-wallclock-'));
  dirs.push(dir);
  return new SqliteEventStore({ path: join(dir, 'events.db') });
};
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Resolves with the step that brings `id` into `state`. */
const reaching = (runtime: Runtime, id: string, state: string) =>
  new Promise<StepRecord>((resolve) => {
    const stop = runtime.onStep((record) => {
      if (record.streamId === id && record.stateAfter === state) resolve(record);
      if (record.streamId === id && record.stateAfter === state) stop();
    });
  });

describe('a runtime on the wall clock', () => {
  it('fires its durable timers by itself: no TimerLoop to wire', async () => {
    const runtime = createRuntime({ store: store() }).register(deadline);
    const expired = reaching(runtime, 'd-1', 'expired');
    await runtime.start('deadline', 'd-1', undefined);
    const record = await expired;
    expect(record.origin).toMatchObject({ kind: 'timer' });
    expect(record.state.context).toEqual({ log: ['first', 'second'] });
    await runtime.close();
  });

  it('leaves timers to the caller with timers: false, and with a virtual clock as before', async () => {
    const off = createRuntime({ store: store(), timers: false }).register(deadline);
    await off.start('deadline', 'd-2', undefined);
    const due = (await off.nextDueAt())!;
    // Wait past the due time: a runtime firing its own timers would have fired this one by now.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now()) + 50));
    expect((await off.store.readHead('d-2'))?.stateAfter).toBe('waiting');
    expect((await off.recover()).timers).toBeGreaterThan(0);
    await off.close();

    const clock = new VirtualClock();
    const virtual = createRuntime({ store: store(), clock }).register(deadline);
    await virtual.start('deadline', 'd-3', undefined);
    clock.jump(10_000);
    expect((await virtual.store.readHead('d-3'))?.stateAfter).toBe('waiting');
    await virtual.fireDue(clock.now());
    expect((await virtual.store.readHead('d-3'))?.stateAfter).toBe('expired');
    await virtual.close();
  });

  it('has an in-process bus that needs no clock argument', async () => {
    const bus = new InProcessBus();
    const seen: string[] = [];
    bus.putRule({
      name: 'all',
      eventPattern: { source: ['demo'] },
      targets: [{ id: 't', deliver: async (_input, envelope) => void seen.push(envelope.time) }],
    });
    const before = new Date(Date.now() - 1000).toISOString();
    await bus.putEvents([{ Source: 'demo', DetailType: 'ping', Detail: '{}' }]);
    expect(seen).toHaveLength(1);
    expect(seen[0]! >= before.slice(0, 19)).toBe(true);
  });
});
