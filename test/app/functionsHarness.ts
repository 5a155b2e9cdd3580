import { InProcessBus } from '../../src/adapters/bus/inProcessBus.js';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { EmbeddedQueue } from '../../src/adapters/queue/embeddedQueue.js';
import { EmbeddedTopic } from '../../src/adapters/topic/embeddedTopic.js';
import { createFunctions, type FunctionsAppOptions } from '../../src/app/functions/functionsApp.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import type { InvocationRecord } from '../../src/protocol/invocation/record.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';

/** A functions app on the memory store and the virtual clock, with embedded queue and topic to inspect. */
export function functionsHarness(options: Partial<Omit<FunctionsAppOptions, 'runtime' | 'bus'>> = {}) {
  const clock = new VirtualClock();
  const store = new MemoryEventStore();
  const errors: unknown[] = [];
  const runtime = createRuntime({ store, clock, onError: (e) => errors.push(e) });
  clock.attach(runtime);
  const bus = new InProcessBus({ clock });
  const queue = new EmbeddedQueue({ clock });
  const topic = new EmbeddedTopic({ clock });
  const logs: string[] = [];
  const functions = createFunctions({ runtime, bus, queue, topic, log: (line) => logs.push(line), ...options });
  const t0 = clock.now();
  return {
    clock,
    store,
    runtime,
    bus,
    queue,
    topic,
    functions,
    logs,
    errors,
    t0,
    /** Every record of an instance, oldest first. */
    async history(instanceId: string): Promise<StepRecord[]> {
      const records: StepRecord[] = [];
      for await (const record of store.readStream(instanceId)) records.push(record);
      return records;
    },
    /** Parsed bodies of the messages in a queue (invocation records, for destination queues). */
    queued(name: string): InvocationRecord[] {
      return queue.messages(name).map((m) => JSON.parse(m.body) as InvocationRecord);
    },
  };
}
