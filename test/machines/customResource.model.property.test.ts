import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import type { CommandExecutor } from '../../src/runtime/executor.js';
import { createRuntime, type Runtime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { checkCustomResourceInvariants } from '../../src/testing/customResourceLogChecks.js';
import { serializeResponseBody } from '../../src/protocol/customResource/responseBody.js';
import { customResourceDefinition, type CustomResourceContext } from '../../machines/customResource/index.js';
import { customResourceInput } from '../support/customResourceInput.js';

const ID = 'cr:cloudformation:stack-1:r-1';
const event = {
  RequestType: 'Update',
  RequestId: 'r-1',
  StackId: 'stack-1',
  LogicalResourceId: 'Res',
  ResourceType: 'Custom::Res',
  PhysicalResourceId: 'p-1',
  ResponseURL: 'https://responses.invalid/r-1?sig=s',
  ResourceProperties: {},
  OldResourceProperties: {},
};

/**
 * The system under test: the machine on a runtime whose handler never answers by itself (outcomes are commands of the
 * model).
 */
interface Real {
  readonly runtime: Runtime;
  readonly clock: VirtualClock;
  readonly store: MemoryEventStore;
  readonly puts: { body: string; ok: boolean }[];
  putOk: boolean;
  handlerCalls: number;
  outcomes: number;
}
/** What the model knows: whether the answer is decided, and by which body. */
interface Model {
  decided: string | undefined;
}

const context = async (real: Real) =>
  (await real.store.readHead(ID))!.state.context as unknown as CustomResourceContext;

async function check(model: Model, real: Real): Promise<void> {
  const c = await context(real);
  const body = c.response === undefined ? undefined : serializeResponseBody(c.response);
  if (model.decided !== undefined) expect(body).toBe(model.decided);
  model.decided ??= body;
  if (real.clock.now() >= c.decideBy) expect(body).toBeDefined();
  expect(real.handlerCalls).toBe(1);
  for (const put of real.puts) expect(put.body).toBe(model.decided);
}

class Advance implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    await real.clock.advance(this.ms);
    await check(model, real);
  }
  toString = () => `advance(${this.ms})`;
}
class Jump implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    real.clock.jump(this.ms);
    await real.clock.advance(0);
    await check(model, real);
  }
  toString = () => `jump(${this.ms})`;
}
class HandlerAnswers implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly status: 'SUCCESS' | 'FAILED',
    readonly id: string | undefined,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const outcome = {
      kind: 'answer',
      Status: this.status,
      ...(this.id === undefined ? {} : { PhysicalResourceId: this.id }),
      ...(this.status === 'FAILED' ? { Reason: 'no' } : {}),
    };
    await real.runtime.deliver(
      ID,
      { type: 'handlerResult', outcome, at: real.clock.now() },
      `handler-${(real.outcomes += 1)}`,
      { kind: 'external' },
    );
    await real.runtime.idle();
    await check(model, real);
  }
  toString = () => `handler(${this.status},${String(this.id)})`;
}
class Respond implements fc.AsyncCommand<Model, Real> {
  constructor(readonly data: string) {}
  check = () => true;
  async run(model: Model, real: Real) {
    await real.runtime.send(ID, { type: 'respond', answer: { Status: 'SUCCESS', Data: { Value: this.data } } });
    await real.runtime.idle();
    await check(model, real);
  }
  toString = () => `respond(${this.data})`;
}
class Duplicate implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(model: Model, real: Real) {
    await real.runtime.send(ID, { type: 'duplicate', responseUrl: 'https://responses.invalid/r-1?sig=again' });
    await real.runtime.idle();
    await check(model, real);
  }
  toString = () => 'duplicate';
}
class PutsFail implements fc.AsyncCommand<Model, Real> {
  constructor(readonly fail: boolean) {}
  check = () => true;
  async run(_model: Model, real: Real) {
    real.putOk = !this.fail;
  }
  toString = () => `putsFail(${this.fail})`;
}

const commands = [
  fc.integer({ min: 0, max: 90_000 }).map((ms) => new Advance(ms)),
  fc.constantFrom(5_000, 3_600_000).map((ms) => new Jump(ms)),
  fc
    .tuple(fc.constantFrom('SUCCESS' as const, 'FAILED' as const), fc.constantFrom(undefined, 'p-1', 'p-2'))
    .map(([s, id]) => new HandlerAnswers(s, id)),
  fc.string({ maxLength: 8 }).map((d) => new Respond(d)),
  fc.constant(new Duplicate()),
  fc.boolean().map((f) => new PutsFail(f)),
];

describe('custom resource machine against a model (fc.commands)', () => {
  it('decides once, on time, and re-sends only the decided bytes', async () => {
    const seed = Number(process.env['FC_SEED'] ?? Date.now() % 2_147_483_647);
    console.log(`custom resource model seed: ${seed}`);
    await fc.assert(
      fc.asyncProperty(
        fc.commands(commands, { maxCommands: 25 }),
        fc.constantFrom(5, 60, 3600),
        async (cmds, timeoutSeconds) => {
          const clock = new VirtualClock();
          const store = new MemoryEventStore();
          const real: Real = {
            runtime: undefined as never,
            clock,
            store,
            puts: [],
            putOk: true,
            handlerCalls: 0,
            outcomes: 0,
          };
          const executors: Record<string, CommandExecutor> = {
            invokeHandler: async () => {
              real.handlerCalls += 1;
            },
            pollHandler: async () => undefined,
            compensateCreate: async () => ({ type: 'compensated', ok: true }),
            putResponse: async (_c, ctx) => {
              const c = ctx.record.state.context as unknown as CustomResourceContext;
              real.puts.push({ body: serializeResponseBody(c.response!), ok: real.putOk });
              return {
                type: 'putResult',
                ok: real.putOk,
                retryable: true,
                ...(real.putOk ? { httpStatus: 200 } : { httpStatus: 503 }),
                at: ctx.clock.now(),
              };
            },
          };
          const runtime = createRuntime({ store, clock }).register(customResourceDefinition, executors);
          (real as { runtime: Runtime }).runtime = runtime;
          clock.attach(runtime);
          const input = { event, responseUrl: event.ResponseURL, receivedAt: clock.now(), timeoutSeconds };
          await runtime.start('customResource', ID, customResourceInput(input));
          await runtime.idle();
          await fc.asyncModelRun(() => ({ model: { decided: undefined }, real }), cmds);
          await clock.advance(2 * 3_600_000);
          const records: StepRecord[] = [];
          for await (const r of store.readStream(ID)) records.push(r);
          const received = real.puts.map((p) => ({
            method: 'PUT',
            url: '/r-1',
            headers: { 'content-length': String(Buffer.byteLength(p.body)), 'content-type': '' },
            body: p.body,
          }));
          expect(checkCustomResourceInvariants(records, received, { now: clock.now() })).toEqual([]);
        },
      ),
      { seed, numRuns: Number(process.env['FC_RUNS'] ?? 100) },
    );
  }, 120_000);
});
