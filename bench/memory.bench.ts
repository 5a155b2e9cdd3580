import { transition } from 'xstate';
import { MemoryEventStore } from '../src/adapters/memory/memoryEventStore.js';
import { pureTransition } from '../src/core/pureTransition.js';
import { restoreSnapshot } from '../src/core/step.js';
import { createRuntime } from '../src/runtime/runtime.js';
import { counter, counterMachine } from '../test/runtime/fixtures/counterMachine.js';
import { median, opsPerSecond, type BenchRow } from './measure.js';

/**
 * Memory store end-to-end steps/s against bare xstate `transition()` calls/s on the same machine, and
 * against the bare decision the runtime makes (`pureTransition`, which reuses one inert actor per machine
 * where `transition()` builds one per call), measured in alternating rounds.
 */
export async function benchMemory(): Promise<BenchRow[]> {
  const initial = restoreSnapshot(counterMachine, { value: 'counting', context: { count: 0 }, status: 'active' });
  const event = { type: 'INC' as const };
  const bareLoop = (step: typeof transition) => {
    let snapshot = initial;
    return () => {
      for (let i = 0; i < 1000; i += 1) [snapshot] = step(counterMachine, snapshot, event);
      return 1000;
    };
  };
  const rawLoop = bareLoop(transition);
  const pureLoop = bareLoop(pureTransition as typeof transition);

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
  const runtimeLoop = async () => {
    round += 1;
    if (round % 50 === 0) await fresh();
    await Promise.all(ids.map((id) => runtime.send(`${id}-${n}`, event)));
    await runtime.idle();
    return instances;
  };
  const raw: number[] = [];
  const pure: number[] = [];
  const steps: number[] = [];
  for (let i = 0; i < 7; i += 1) {
    raw.push(await opsPerSecond(rawLoop, 600));
    steps.push(await opsPerSecond(runtimeLoop, 600));
    pure.push(await opsPerSecond(pureLoop, 600));
  }
  // The memory store keeps every step it was given (about a gigabyte by now): closing lets it go, so the suites
  // after this one do not run beside a heap that size.
  await runtime.close();
  return [
    { name: 'xstate transition() calls/s', value: median(raw), unit: 'calls/s' },
    { name: 'bare pureTransition() calls/s (one actor per machine)', value: median(pure), unit: 'calls/s' },
    { name: 'memory runtime steps/s (send→commit→relay)', value: median(steps), unit: 'steps/s' },
    { name: 'memory runtime / raw transition', value: median(steps) / median(raw), unit: 'ratio (target ≥ 0.8)' },
    { name: 'memory runtime / bare pureTransition', value: median(steps) / median(pure), unit: 'ratio' },
  ];
}
