import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessBus } from '../../src/adapters/bus/inProcessBus.js';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { LambdaDestination, SqsDestination } from '../../src/app/functions/destinations.js';
import { createFunctions } from '../../src/app/functions/functionsApp.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import type { EventStore } from '../../src/ports/eventStore.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { ForwardingEventStore } from '../support/forwardingEventStore.js';

/** One invocation of `first`: how often its handler fails before it succeeds, and where its outcomes go. */
interface Case {
  readonly failures: number;
  readonly retries: number;
  readonly onSuccess: 'second' | 'none';
  readonly onFailure: 'second' | 'queue' | 'none';
  readonly secondFails: boolean;
}

const caseArbitrary: fc.Arbitrary<Case> = fc.record({
  failures: fc.integer({ min: 0, max: 3 }),
  retries: fc.integer({ min: 0, max: 2 }),
  onSuccess: fc.constantFrom('second' as const, 'none' as const),
  onFailure: fc.constantFrom('second' as const, 'queue' as const, 'none' as const),
  secondFails: fc.boolean(),
});

/** Runs the cases on `store` and returns every stream it holds, by instance id. */
async function run(store: EventStore, cases: readonly Case[]): Promise<Map<string, StepRecord[]>> {
  const clock = new VirtualClock();
  const errors: unknown[] = [];
  const runtime = createRuntime({ store, clock, onError: (error) => errors.push(error) });
  clock.attach(runtime);
  const functions = createFunctions({ runtime, bus: new InProcessBus({ clock }), log: () => undefined });
  const attempts = new Map<string, number>();
  const second = defineFunction('second', (record: { requestContext?: { requestId?: string } }) => {
    if (cases.some((c) => c.secondFails && record.requestContext?.requestId?.endsWith(`-${cases.indexOf(c)}`)))
      throw new Error('second fails');
    return { ok: true };
  });
  await Promise.all(
    cases.map(async (c, index) => {
      const first = defineFunction(
        `first-${index}`,
        (_payload: unknown, context) => {
          const seen = attempts.get(context.requestId) ?? 0;
          attempts.set(context.requestId, seen + 1);
          if (seen < c.failures) throw new Error(`failure ${seen + 1}`);
          return { index };
        },
        {
          maximumRetryAttempts: c.retries,
          ...(c.onSuccess === 'second' ? { onSuccess: new LambdaDestination(second) } : {}),
          ...(c.onFailure === 'second' ? { onFailure: new LambdaDestination(second) } : {}),
          ...(c.onFailure === 'queue' ? { onFailure: new SqsDestination('failed') } : {}),
        },
      );
      await functions.invokeAsync(first, { index }, { requestId: `r-${index}` });
    }),
  );
  for (let wait = 0; wait < 6; wait += 1) {
    await runtime.idle();
    await clock.advance(5 * 60_000);
  }
  await runtime.idle();
  expect(errors).toEqual([]);
  const streams = new Map<string, StepRecord[]>();
  const page = await store.listInstances({ limit: 1000 });
  for (const { instanceId } of page.items) {
    const records: StepRecord[] = [];
    for await (const record of store.readStream(instanceId)) records.push(record);
    streams.set(instanceId, records);
  }
  return streams;
}

const seed = Number(process.env['FC_SEED'] ?? Date.now() % 2_147_483_647);

describe('store-only commands (fast-check)', () => {
  it(`leave the same records as relaying every command, whatever the invocations do (seed ${seed})`, async () => {
    console.log(`storeOnlyEquivalence.property seed=${seed} (replay with FC_SEED=${seed})`);
    await fc.assert(
      fc.asyncProperty(fc.array(caseArbitrary, { minLength: 1, maxLength: 4 }), async (cases) => {
        const inOneCommit = await run(new MemoryEventStore(), cases);
        // A store without `appendSteps`: every command is relayed after its own commit.
        const relayed = await run(new ForwardingEventStore(new MemoryEventStore()), cases);
        expect([...inOneCommit.keys()].sort()).toEqual([...relayed.keys()].sort());
        for (const [id, records] of relayed) expect(inOneCommit.get(id)).toEqual(records);
      }),
      { numRuns: Number(process.env['FC_RUNS'] ?? 40), seed },
    );
  });
});
