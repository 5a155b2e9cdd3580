import { transition } from 'xstate';
import { MemoryEventStore } from '../src/adapters/memory/memoryEventStore.js';
import { restoreSnapshot } from '../src/core/step.js';
import { createRuntime } from '../src/runtime/runtime.js';
import { counter, counterMachine } from '../test/runtime/fixtures/counterMachine.js';
import { compareRates, type BenchRow } from './measure.js';

/** Memory store end-to-end steps/s against bare xstate `transition()` calls/s on the same machine. */
export async function benchMemory(): Promise<BenchRow[]> {
  const initial = restoreSnapshot(counterMachine, { value: 'counting', context: { count: 0 }, status: 'active' });
  let snapshot = initial;
  const event = { type: 'INC' as const };
  const rawLoop = () => {
    for (let i = 0; i < 1000; i += 1) [snapshot] = transition(counterMachine, snapshot, event);
    return 1000;
  };

  const instances = 16;
  const runtime = createRuntime({ store: new MemoryEventStore() }).register(counter);
  let n = 0;
  const ids = Array.from({ length: instances }, (_, i) => `bench-${i}`);
  const fresh = async () => {
    // Fresh streams every round keep history short, as in the bare loop.
    n += 1;
    await Promise.all(ids.map((id) => runtime.start('counter', `${id}-${n}`, undefined)));
  };
  await fresh();
  let round = 0;
  const [raw, steps] = await compareRates(
    rawLoop,
    async () => {
      round += 1;
      if (round % 50 === 0) await fresh();
      await Promise.all(ids.map((id) => runtime.send(`${id}-${n}`, event)));
      await runtime.idle();
      return instances;
    },
    { rounds: 7 },
  );
  return [
    { name: 'xstate transition() calls/s', value: raw, unit: 'calls/s' },
    { name: 'memory runtime steps/s (send→commit→relay)', value: steps, unit: 'steps/s' },
    { name: 'memory runtime / raw transition', value: steps / raw, unit: 'ratio (target ≥ 0.50)' },
  ];
}
