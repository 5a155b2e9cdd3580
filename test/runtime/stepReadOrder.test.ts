import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { ForwardingEventStore } from '../support/forwardingEventStore.js';
import { counter } from './fixtures/counterMachine.js';

/**
 * A store without `readForStep` (the runtime reads the head and looks the event id up itself) whose head reads
 * wait at a gate while `held` is set, as a slow network can hold one read and not another.
 */
class GatedHeadReads extends ForwardingEventStore {
  held: Promise<void> | undefined;
  readonly reads: string[] = [];

  async readHead(streamId: string): Promise<StepRecord | undefined> {
    this.reads.push('head');
    if (this.held !== undefined) await this.held;
    return super.readHead(streamId);
  }

  findEvent(streamId: string, eventId: string): Promise<number | undefined> {
    this.reads.push(`event ${eventId}`);
    return super.findEvent(streamId, eventId);
  }
}

describe('a step on a store without readForStep', () => {
  it('looks the event id up after the head: an event another writer applied meanwhile is applied once', async () => {
    const shared = new MemoryEventStore();
    const gated = new GatedHeadReads(shared);
    const here = createRuntime({ store: gated }).register(counter);
    const elsewhere = createRuntime({ store: shared }).register(counter);
    await here.start('counter', 'c-1', undefined);

    let open!: () => void;
    gated.held = new Promise((resolve) => (open = resolve));
    const sent = here.send('c-1', { type: 'INC' }, { eventId: 'inc-1' });
    await new Promise((resolve) => setImmediate(resolve));
    // While this process's head read is held, another applies the same event and then one more.
    await elsewhere.send('c-1', { type: 'INC' }, { eventId: 'inc-1' });
    await elsewhere.send('c-1', { type: 'INC' }, { eventId: 'inc-2' });
    gated.held = undefined;
    open();

    const result = await sent;
    expect(result.applied).toBe(false);
    const records: StepRecord[] = [];
    for await (const record of shared.readStream('c-1')) records.push(record);
    expect(records.map((r) => r.eventId).slice(1)).toEqual(['inc-1', 'inc-2']);
    expect(gated.reads.slice(-2)).toEqual(['head', 'event inc-1']);
    await here.close();
    await elsewhere.close();
  });

  it('does not look the event id up on a stream that does not exist', async () => {
    const gated = new GatedHeadReads(new MemoryEventStore());
    const runtime = createRuntime({ store: gated }).register(counter);
    await runtime.start('counter', 'c-1', undefined, { eventId: 'start-1' });
    expect(gated.reads.filter((read) => read.startsWith('event'))).toEqual([]);
    await runtime.close();
  });
});
