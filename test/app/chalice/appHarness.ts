import { InProcessBus } from '../../../src/adapters/bus/inProcessBus.js';
import { MemoryEventStore } from '../../../src/adapters/memory/memoryEventStore.js';
import type { App } from '../../../src/app/chalice/app.js';
import { runApp, type RunAppOptions } from '../../../src/local/chalice/appRunner.js';
import type { StepRecord } from '../../../src/core/stepRecord.js';
import { createRuntime } from '../../../src/runtime/runtime.js';
import { VirtualClock } from '../../../src/runtime/virtualClock.js';

/** An app running on the memory store and a virtual clock that drives its timers and its queue mappings. */
export async function appHarness(
  app: App,
  options: { start?: number; store?: MemoryEventStore; streams?: RunAppOptions['streams'] } = {},
) {
  const clock = new VirtualClock(options.start);
  const store = options.store ?? new MemoryEventStore();
  const errors: unknown[] = [];
  const runtime = createRuntime({ store, clock, onError: (e) => errors.push(e) });
  const bus = new InProcessBus({ clock });
  const streams = options.streams === undefined ? {} : { streams: options.streams };
  const runner = await runApp(app, { runtime, bus, log: () => undefined, ...streams });
  clock.attach(runtime);
  clock.attach(runner);
  await clock.advance(0);
  return {
    clock,
    store,
    runtime,
    runner,
    errors,
    async history(instanceId: string): Promise<StepRecord[]> {
      const records: StepRecord[] = [];
      for await (const record of store.readStream(instanceId)) records.push(record);
      return records;
    },
  };
}
