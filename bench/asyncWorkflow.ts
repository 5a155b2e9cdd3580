import { join } from 'node:path';
import { InProcessBus } from '../src/adapters/bus/inProcessBus.js';
import { MemoryEventStore } from '../src/adapters/memory/memoryEventStore.js';
import { EmbeddedQueue } from '../src/adapters/queue/embeddedQueue.js';
import { SqliteEventStore } from '../src/adapters/sqlite/sqliteEventStore.js';
import { EmbeddedTopic } from '../src/adapters/topic/embeddedTopic.js';
import { defineFunction } from '../src/app/functions/defineFunction.js';
import { LambdaDestination } from '../src/app/functions/destinations.js';
import { createFunctions } from '../src/app/functions/functionsApp.js';
import type { EventStore } from '../src/ports/eventStore.js';
import { createRuntime } from '../src/runtime/runtime.js';
import { VirtualClock } from '../src/runtime/virtualClock.js';

/** The peer workflow's payload: 16 bytes. */
export const PAYLOAD = { k: '0123456789ab' };
export const RETRY_WAIT_MS = 60_000;

/**
 * Runs `count` workflows, `concurrency` at a time, and resolves when every one has delivered to the second function.
 */
export interface WorkflowSide {
  run(count: number, concurrency: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The peer workflow on statebridge: an asynchronous invocation of `first` fails once, waits 60 s on the
 * virtual clock, succeeds on the retry and delivers its result (onSuccess) to `second`.
 */
export function statebridgeWorkflow(
  store: EventStore,
): WorkflowSide & { delivered: () => number; steps: () => number } {
  const clock = new VirtualClock();
  const runtime = createRuntime({ store, clock, onError: (error) => console.error(error) });
  clock.attach(runtime);
  // Committed steps, so a rate of workflows can be read as a cost per step.
  let steps = 0;
  runtime.onStep(() => {
    steps += 1;
  });
  const bus = new InProcessBus({ clock });
  const functions = createFunctions({
    runtime,
    bus,
    queue: new EmbeddedQueue({ clock }),
    topic: new EmbeddedTopic({ clock }),
    log: () => undefined,
  });
  let delivered = 0;
  const failedOnce = new Set<string>();
  const second = defineFunction('second', (record: unknown) => {
    delivered += 1;
    return record === undefined ? null : { ok: true };
  });
  const first = defineFunction(
    'first',
    (payload: typeof PAYLOAD, ctx) => {
      if (!failedOnce.has(ctx.requestId)) {
        failedOnce.add(ctx.requestId);
        throw new Error('transient');
      }
      return payload;
    },
    { onSuccess: new LambdaDestination(second) },
  );
  const one = async () => {
    await functions.invokeAsync(first, PAYLOAD);
  };
  return {
    delivered: () => delivered,
    steps: () => steps,
    async run(count, concurrency) {
      const target = delivered + count;
      for (let done = 0; done < count; done += concurrency) {
        await Promise.all(Array.from({ length: Math.min(concurrency, count - done) }, one));
        await runtime.idle();
        await clock.advance(RETRY_WAIT_MS);
        await runtime.idle();
      }
      if (delivered !== target) throw new Error(`statebridge workflow delivered ${delivered} of ${target}`);
    },
    close: () => runtime.close(),
  };
}

/** Open a statebridge side on the memory store or on an SQLite file in `dir`. */
export function statebridgeSide(
  kind: 'memory' | 'sqlite',
  dir: string,
): { side: ReturnType<typeof statebridgeWorkflow>; store: EventStore } {
  const store = kind === 'memory' ? new MemoryEventStore() : new SqliteEventStore({ path: join(dir, 'peers.db') });
  return { side: statebridgeWorkflow(store), store };
}
