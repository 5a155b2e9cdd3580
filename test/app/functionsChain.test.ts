import { describe, expect, it } from 'vitest';
import { InProcessBus } from '../../src/adapters/bus/inProcessBus.js';
import { HttpServer } from '../../src/adapters/http/httpServer.js';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import type { AppEnvironment } from '../../src/app/environment.js';
import { followChain } from '../../src/app/functions/chain.js';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { LambdaDestination } from '../../src/app/functions/destinations.js';
import { functionsFor } from '../../src/app/functions/functionsModule.js';
import { invocationChainDemo } from '../../src/cli/demos/invocationChainDemo.js';
import { checkInvocationInvariants } from '../../src/testing/invocationLogChecks.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { systemClock } from '../../src/runtime/systemClock.js';
import { TimerLoop } from '../../src/runtime/timerLoop.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { functionsHarness } from './functionsHarness.js';

describe('chains', () => {
  it('A → B (responseOnly) → C: one command starts it; every instance shares A’s correlation id, linked', async () => {
    const h = functionsHarness();
    const c = defineFunction('c', (record: { responsePayload: unknown }) => ({ final: record.responsePayload }));
    const b = defineFunction(
      'b',
      (payload: { v: number }, ctx) => {
        if (ctx.attempt === 1) throw new Error('once');
        return { v: payload.v * 10 };
      },
      { onSuccess: new LambdaDestination(c) },
    );
    const a = defineFunction('a', () => ({ v: 4 }), { onSuccess: new LambdaDestination(b, { responseOnly: true }) });
    const { requestId } = await h.functions.invokeAsync(a, {});
    await h.clock.advance(10 * 60_000);
    const chain = await followChain(h.store, requestId);
    expect(chain.map((l) => [l.functionName, l.condition, l.approximateInvokeCount])).toEqual([
      ['a', 'Success', 1],
      ['b', 'Success', 2],
      ['c', 'Success', 1],
    ]);
    expect(chain[1]).toMatchObject({ causedBy: requestId, via: 'rule a-onSuccess-responseOnly' });
    expect(chain[2]).toMatchObject({ causedBy: chain[1]!.requestId, via: 'destination' });
    const listed = await h.store.listInstances({ correlationId: requestId });
    expect(listed.items.map((i) => i.instanceId).sort()).toEqual(chain.map((l) => l.requestId).sort());
    for (const link of chain) expect(checkInvocationInvariants(await h.history(link.requestId))).toEqual([]);
    const cHead = await h.store.readHead(chain[2]!.requestId);
    expect(cHead?.state.output).toEqual({ condition: 'Success', approximateInvokeCount: 1 });
    const cFirst = (await h.history(chain[2]!.requestId))[0]!;
    expect(cFirst.state.context).toMatchObject({
      input: { payload: { responsePayload: { v: 40 } }, visits: { a: 1, b: 1, c: 1 } },
    });
  });
});

function environment(clock: VirtualClock | typeof systemClock) {
  const store = new MemoryEventStore();
  const runtime = createRuntime({ store, clock });
  const lines: string[] = [];
  const env: AppEnvironment = {
    runtime,
    store,
    clock,
    bus: new InProcessBus({ clock }),
    http: new HttpServer(),
    log: (line) => lines.push(line),
  };
  return { env, lines, runtime };
}

describe('the npm start demo', () => {
  it('runs the chain on the virtual clock and says so', async () => {
    const clock = new VirtualClock();
    const { env, lines, runtime } = environment(clock);
    clock.attach(runtime);
    functionsFor(env);
    await invocationChainDemo.run(env);
    expect(lines[0]).toMatch(/^clock: virtual/);
    const chainLines = lines.filter((l) => /^ {2}\S+ {2}demo-/.test(l));
    expect(chainLines).toHaveLength(3);
    expect(chainLines[1]).toMatch(/demo-resize\s+done\s+Success\s+invocations=2/);
    expect(lines.some((l) => /statebridge timeline \S+ --follow-chain/.test(l))).toBe(true);
  });

  it('runs on the wall clock with shortened retry waits, in well under the real 1-minute wait', async () => {
    const { env, lines, runtime } = environment(systemClock);
    const timers = new TimerLoop(runtime, systemClock, { onError: () => undefined });
    const stop = runtime.onStep((record) => record.timersSet.length > 0 && timers.wake());
    timers.start();
    const started = Date.now();
    try {
      await invocationChainDemo.run(env);
    } finally {
      stop();
      await timers.stop();
    }
    expect(lines[0]).toMatch(/retryDelayScale=0.001/);
    expect(lines.filter((l) => /done\s+Success/.test(l))).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
