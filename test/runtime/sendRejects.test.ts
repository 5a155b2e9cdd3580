import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { createRuntime, type SendOptions } from '../../src/runtime/runtime.js';
import { counter } from './fixtures/counterMachine.js';

describe('Runtime.send', () => {
  it('reports bad arguments as a rejected promise, never a throw, as it always has', async () => {
    const runtime = createRuntime({ store: new MemoryEventStore() }).register(counter);
    await runtime.start('counter', 'c-1', undefined);
    // A caller in plain JavaScript may pass null for the options; `.catch` must see what goes wrong.
    const call = () => runtime.send('c-1', { type: 'INC' }, null as unknown as SendOptions);
    // One call, kept: a second call only to check the throw would leave its rejection unhandled.
    let sent: Promise<unknown> | undefined;
    expect(() => {
      sent = call();
    }).not.toThrow();
    await expect(sent).rejects.toThrow(TypeError);
    expect((await runtime.send('c-1', { type: 'INC' })).applied).toBe(true);
  });
});
