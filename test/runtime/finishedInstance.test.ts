import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { isStatebridgeError } from '../../src/core/errors.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { deadline, gate, job } from './fixtures/livenessMachines.js';

describe('a finished instance runs nothing more', () => {
  it('refuses an external event with INSTANCE_FINISHED and writes nothing', async () => {
    const store = new MemoryEventStore();
    const runtime = createRuntime({ store, clock: new VirtualClock() }).register(deadline);
    await runtime.start('deadline', 'f-1', undefined);
    await runtime.send('f-1', { type: 'ANSWER' }, { eventId: 'answer-1' });
    const error = await runtime.send('f-1', { type: 'ANSWER' }).catch((e: unknown) => e);
    expect(isStatebridgeError(error, 'INSTANCE_FINISHED')).toBe(true);
    expect((error as Error).message).toBe('instance f-1 is done (in answered) and takes no more events');
    // The same event id again is still just a duplicate.
    expect((await runtime.send('f-1', { type: 'ANSWER' }, { eventId: 'answer-1' })).applied).toBe(false);
    expect((await store.readHead('f-1'))?.version).toBe(2);
  });

  it('records a late command outcome only as an acknowledgement: same state and context, no commands', async () => {
    const store = new MemoryEventStore();
    const answer = gate<{ type: 'worked'; result: string }>();
    const runtime = createRuntime({ store, clock: new VirtualClock() }).register(job, { doWork: () => answer.promise });
    await runtime.start('job', 'f-2', undefined);
    const cancelled = (await runtime.send('f-2', { type: 'CANCEL' })).record;
    expect(cancelled.state.status).toBe('done');
    expect(cancelled.pending.commands).toHaveLength(1);
    answer.open({ type: 'worked', result: 'too late' });
    await runtime.idle();
    const head = await store.readHead('f-2');
    expect(head?.version).toBe(3);
    expect(head?.origin).toEqual({ kind: 'command', commandKey: 'f-2#1#0' });
    expect(head?.stateAfter).toBe('cancelled');
    expect(head?.state).toEqual(cancelled.state);
    expect(head?.commands).toEqual([]);
    expect(head?.timersSet).toEqual([]);
    expect(head?.pending).toEqual({ commands: [], timers: [] });
  });

  it('ignores a timer firing that arrives after the end', async () => {
    const store = new MemoryEventStore();
    const clock = new VirtualClock();
    const runtime = createRuntime({ store, clock }).register(deadline);
    await runtime.start('deadline', 'f-3', undefined);
    const started = await store.readHead('f-3');
    await runtime.send('f-3', { type: 'ANSWER' });
    // A firing read before the end (another process's pass, say) is delivered after it.
    const timer = started!.pending.timers[0]!;
    const late = await runtime.deliver('f-3', timer.event, `timer:${timer.key}`, {
      kind: 'timer',
      timerKey: timer.key,
      timerId: timer.id,
    });
    expect(late.applied).toBe(false);
    expect((await store.readHead('f-3'))?.version).toBe(2);
  });
});
