import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import type { CommandExecutor } from '../../src/runtime/executor.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import {
  customResourceDefinition,
  type CustomResourceContext,
  type CustomResourceInput,
  type HandlerOutcome,
} from '../../machines/customResource/index.js';
import { customResourceInput } from '../support/customResourceInput.js';

const event = {
  RequestType: 'Create',
  RequestId: 'r-1',
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/s/1',
  LogicalResourceId: 'Thing',
  ResourceType: 'Custom::Thing',
  ResponseURL: 'https://example.test/resp?sig=1',
  ResourceProperties: {},
};

function harness(
  handler: () => HandlerOutcome | undefined,
  put: (attempt: number) => { ok: boolean; retryable: boolean; httpStatus?: number } = () => ({
    ok: true,
    retryable: false,
  }),
) {
  const clock = new VirtualClock();
  const store = new MemoryEventStore();
  const puts: string[] = [];
  let handlerCalls = 0;
  const executors: Record<string, CommandExecutor> = {
    invokeHandler: async (_c, ctx) => {
      handlerCalls += 1;
      const outcome = handler();
      return outcome === undefined ? undefined : { type: 'handlerResult', outcome, at: ctx.clock.now() };
    },
    pollHandler: async (_c, ctx) => ({ type: 'pollResult', outcome: { kind: 'pending' }, at: ctx.clock.now() }),
    compensateCreate: async () => ({ type: 'compensated', ok: true }),
    putResponse: async (command, ctx) => {
      const context = ctx.record.state.context as unknown as CustomResourceContext;
      puts.push(JSON.stringify(context.response));
      return { type: 'putResult', ...put((command.params as { attempt: number }).attempt), at: ctx.clock.now() };
    },
  };
  const runtime = createRuntime({ store, clock }).register(customResourceDefinition, executors);
  clock.attach(runtime);
  const start = (over: Partial<CustomResourceInput> = {}) =>
    runtime.start(
      'customResource',
      'i-1',
      customResourceInput({ event, responseUrl: event.ResponseURL, receivedAt: clock.now(), ...over }),
    );
  const records = async () => {
    const out: StepRecord[] = [];
    for await (const r of store.readStream('i-1')) out.push(r);
    return out;
  };
  return { clock, runtime, store, puts, start, records, calls: () => handlerCalls };
}

describe('customResource machine', () => {
  it('answers a handler result once and delivers it', async () => {
    const h = harness(() => ({ kind: 'answer', Status: 'SUCCESS', PhysicalResourceId: 'p-1', Data: { A: 'b' } }));
    await h.start();
    await h.runtime.idle();
    const head = await h.store.readHead('i-1');
    expect(head?.stateAfter).toBe('answered');
    expect(h.puts).toHaveLength(1);
    expect(JSON.parse(h.puts[0]!)).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'p-1',
      RequestId: 'r-1',
      Data: { A: 'b' },
    });
  });

  it('answers FAILED at deadline minus margin when the handler never answers; ignores the late result', async () => {
    const h = harness(() => undefined);
    await h.start();
    await h.runtime.idle();
    expect((await h.store.readHead('i-1'))?.stateAfter).toBe('open.running');
    await h.clock.advance(53_999);
    expect(h.puts).toHaveLength(0);
    await h.clock.advance(1);
    expect(h.puts).toHaveLength(1);
    expect(JSON.parse(h.puts[0]!)).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/timed out/) });
    await h.runtime.deliver(
      'i-1',
      { type: 'handlerResult', outcome: { kind: 'answer', Status: 'SUCCESS' }, at: h.clock.now() },
      'late',
      { kind: 'external' },
    );
    const head = await h.store.readHead('i-1');
    expect(head?.stateAfter).toBe('answered');
    expect((head?.state.context as unknown as CustomResourceContext).lateResults).toBe(1);
    expect(h.puts).toHaveLength(1);
  });

  it('retries a failing PUT with capped backoff, stopping at the provider deadline', async () => {
    const h = harness(
      () => ({ kind: 'answer', Status: 'SUCCESS' }),
      () => ({ ok: false, retryable: true, httpStatus: 503 }),
    );
    await h.start();
    await h.clock.advance(120_000);
    const head = await h.store.readHead('i-1');
    expect(head?.stateAfter).toBe('undelivered');
    // 1 s, 2 s, 4 s, 8 s, 16 s, 30 s... all before 60 s: attempts at 0,1,3,7,15,31 → the next (61) is past the
    // deadline.
    expect(h.puts.length).toBe(6);
    expect(new Set(h.puts).size).toBe(1);
  });

  it('re-sends the same bytes when a duplicate arrives after the answer', async () => {
    const h = harness(() => ({ kind: 'answer', Status: 'SUCCESS', PhysicalResourceId: 'p' }));
    await h.start();
    await h.runtime.idle();
    await h.runtime.send('i-1', { type: 'duplicate', responseUrl: 'https://example.test/other?sig=2' });
    await h.runtime.idle();
    expect(h.puts).toHaveLength(2);
    expect(h.puts[0]).toBe(h.puts[1]);
    expect(h.calls()).toBe(1);
  });
});
