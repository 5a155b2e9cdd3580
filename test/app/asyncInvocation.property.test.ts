import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessBus } from '../../src/adapters/bus/inProcessBus.js';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { EmbeddedQueue } from '../../src/adapters/queue/embeddedQueue.js';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { SqsDestination } from '../../src/app/functions/destinations.js';
import { createFunctions } from '../../src/app/functions/functionsApp.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { checkInvocationInvariants } from '../../src/testing/invocationLogChecks.js';
import type { InvocationCondition, InvocationRecord } from '../../src/protocol/invocation/record.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { CrashableStoreView } from './asyncInvocationCrash.js';

type Outcome = 'success' | 'error' | 'handled' | 'throttle' | 'timeout';

interface Scenario {
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeInSeconds: number;
  readonly script: readonly Outcome[];
  readonly duplicates: readonly boolean[];
  /** Appends after which the running process dies (counted per process). */
  readonly crashes: readonly number[];
  readonly deadLetter: boolean;
}

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  maximumRetryAttempts: fc.integer({ min: 0, max: 2 }),
  maximumEventAgeInSeconds: fc.constantFrom(60, 61, 90, 120, 180, 181, 600, 21_600),
  script: fc.array(fc.constantFrom<Outcome>('success', 'error', 'handled', 'throttle', 'timeout'), { maxLength: 12 }),
  duplicates: fc.array(fc.boolean(), { maxLength: 12 }),
  crashes: fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 2 }),
  deadLetter: fc.boolean(),
});

/** The service's rules replayed on paper: which condition and invoke count the script must end in. */
function expectedOutcome(s: Scenario): { condition: InvocationCondition; count: number; attemptsAt: number[] } {
  const ageMs = s.maximumEventAgeInSeconds * 1000;
  let t = 0;
  let errors = 0;
  let throttles = 0;
  let count = 0;
  const attemptsAt: number[] = [];
  for (let attempt = 1; ; attempt += 1) {
    attemptsAt.push(t);
    const outcome = s.script[attempt - 1] ?? 'success';
    if (outcome === 'success') return { condition: 'Success', count: count + 1, attemptsAt };
    if (outcome === 'throttle') {
      throttles += 1;
      t += Math.min(2 ** (throttles - 1), 300) * 1000;
    } else {
      count += 1;
      errors += 1;
      if (errors > s.maximumRetryAttempts) return { condition: 'RetriesExhausted', count, attemptsAt };
      t += errors * 60_000;
    }
    if (t >= ageMs) return { condition: 'EventAgeExceeded', count, attemptsAt };
  }
}

const stats = { restarts: 0, duplicates: 0 };

async function run(s: Scenario) {
  const clock = new VirtualClock();
  const t0 = clock.now();
  const shared = new MemoryEventStore();
  const queue = new EmbeddedQueue({ clock });
  const handlerCalls: { at: number; attempt: number; requestId: string }[] = [];
  let crashed = false;

  const startProcess = (crashAfter: number | undefined) => {
    const view = new CrashableStoreView(shared, crashAfter ?? Number.POSITIVE_INFINITY, () => (crashed = true));
    const runtime = createRuntime({ store: view, clock, onError: () => undefined });
    const detach = clock.attach(runtime);
    const functions = createFunctions({
      runtime,
      bus: new InProcessBus({ clock }),
      queue,
      timeoutScale: 0.002,
      duplicateDelivery: ({ attempt }) => s.duplicates[attempt - 1] === true,
      log: () => undefined,
    });
    const fn = defineFunction(
      'scripted',
      async (_payload: { n: number }, ctx) => {
        if (view.dead) return new Promise<never>(() => undefined); // the process is gone: nothing it does is committed
        handlerCalls.push({ at: clock.now() - t0, attempt: ctx.attempt, requestId: ctx.requestId });
        const outcome = s.script[ctx.attempt - 1] ?? 'success';
        if (outcome === 'error') throw new Error(`failed attempt ${ctx.attempt}`);
        if (outcome === 'handled') throw ctx.fail(new Error('handled'));
        if (outcome === 'throttle') throw ctx.throttle();
        if (outcome === 'timeout') return new Promise<never>(() => undefined);
        return { attempt: ctx.attempt };
      },
      {
        maximumRetryAttempts: s.maximumRetryAttempts,
        maximumEventAgeInSeconds: s.maximumEventAgeInSeconds,
        timeoutSeconds: 1,
        onSuccess: new SqsDestination('ok'),
        onFailure: new SqsDestination('failed'),
        ...(s.deadLetter ? { deadLetterQueue: new SqsDestination('dead') } : {}),
      },
    );
    return { runtime, detach, functions, fn };
  };

  const crashes = [...s.crashes];
  let proc = startProcess(crashes.shift());
  await proc.functions.invokeAsync(proc.fn, { n: 1 }, { requestId: 'req' });
  for (let rounds = 0; rounds < 10_000; rounds += 1) {
    await proc.runtime.idle().catch(() => undefined);
    if (crashed) {
      // Restart: a new process over the same log recovers unacknowledged commands and due timers.
      crashed = false;
      stats.restarts += 1;
      proc.detach();
      proc = startProcess(crashes.shift());
      proc.functions.register(proc.fn);
      await proc.runtime.recover().catch(() => undefined);
      continue;
    }
    const head = await shared.readHead('req');
    if (head?.state.status === 'done' && head.pending.commands.length === 0) break;
    const next = await shared.nextTimerDue();
    if (next === undefined) {
      if (head?.pending.commands.length === 0) break;
      await new Promise((r) => setTimeout(r, 1));
      continue;
    }
    await clock.advanceTo(next).catch(() => undefined);
  }
  const records: StepRecord[] = [];
  for await (const record of shared.readStream('req')) records.push(record);
  const delivered = (name: string) => queue.messages(name).map((m) => JSON.parse(m.body) as InvocationRecord);
  return { records, handlerCalls, delivered, t0, queue };
}

const seed = Number(process.env['FC_SEED'] ?? Date.now() % 2_147_483_647);

describe('async invocation properties (fast-check)', () => {
  it(`keeps every invariant over random outcomes, duplicates and crashes (seed ${seed})`, async () => {
    console.log(`asyncInvocation.property seed=${seed} (replay with FC_SEED=${seed})`);
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const { records, handlerCalls, delivered, queue } = await run(s);
        const head = records.at(-1)!;
        expect(head.state.status).toBe('done');
        expect(checkInvocationInvariants(records)).toEqual([]);
        const expected = expectedOutcome(s);
        expect(head.state.output).toEqual({ condition: expected.condition, approximateInvokeCount: expected.count });
        // At-least-once: a crash may repeat a delivery, never drop or alter it.
        const target = expected.condition === 'Success' ? 'ok' : 'failed';
        const records_ = delivered(target);
        expect(records_.length).toBeGreaterThanOrEqual(1);
        for (const record of records_) {
          expect(record.requestContext).toMatchObject({
            requestId: 'req',
            condition: expected.condition,
            approximateInvokeCount: expected.count,
          });
        }
        expect(delivered(target === 'ok' ? 'failed' : 'ok')).toEqual([]);
        expect(queue.messages('dead').length > 0).toBe(s.deadLetter && expected.condition !== 'Success');
        // No handler ran after the event age, nor beyond the retry limit.
        for (const call of handlerCalls) expect(call.at).toBeLessThan(s.maximumEventAgeInSeconds * 1000);
        expect(new Set(handlerCalls.map((c) => c.attempt))).toEqual(new Set(expected.attemptsAt.map((_, i) => i + 1)));
        for (const call of handlerCalls) expect(call.at).toBe(expected.attemptsAt[call.attempt - 1]);
      }),
      { numRuns: Number(process.env['FC_RUNS'] ?? 150), seed },
    );
    // The generator must reach the crash path, or the property above says nothing about recovery.
    expect(stats.restarts).toBeGreaterThan(0);
  });
});
