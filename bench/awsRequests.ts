/**
 * AWS requests per lifecycle, counted (not timed) through the Lambda entry points against dynalite and
 * the local wire servers: `npx tsx --conditions=statebridge-source bench/awsRequests.ts`. The numbers in
 * docs/aws.md come from this script. The ingress is one warm container throughout (its snapshot cache
 * answers step reads from its own writes); a cold container adds reads, listed separately.
 */
import { z } from 'zod';
import { BaseHandler, type HandlerEvent } from '../src/app/customResource/baseHandler.js';
import type { HandlerRegistry } from '../src/app/customResource/handlerRegistry.js';
import { Responder } from '../src/app/customResource/responder.js';
import { Defer } from '../src/app/customResource/results.js';
import type { AppModule } from '../src/app/environment.js';
import { defineFunction } from '../src/app/functions/defineFunction.js';
import { functionsFor } from '../src/app/functions/functionsModule.js';
import { busResponseSink } from '../src/aws/busResponseSink.js';
import { INVOKE_REQUEST_KIND } from '../src/aws/contract.js';
import { startAwsWorld } from '../test/aws/awsWorld.js';

const deferred: Record<string, unknown>[] = [];
class Greeting extends BaseHandler<Record<string, unknown>> {
  async create(_event: HandlerEvent<Record<string, unknown>>): Promise<string | Defer> {
    return 'greeting-1';
  }
  async update() {
    return undefined;
  }
  async delete() {
    return undefined;
  }
}
class Deferring extends Greeting {
  override async create(event: HandlerEvent<Record<string, unknown>>): Promise<string | Defer> {
    deferred.push(JSON.parse(JSON.stringify(event)) as Record<string, unknown>);
    return new Defer();
  }
}
const seen = new Map<string, number>();
const ok = defineFunction('ok', () => 'done');
const flaky = defineFunction('flaky', (_payload: unknown, ctx) => {
  seen.set(ctx.requestId, ctx.attempt);
  if (ctx.attempt === 1) throw new Error('transient');
  return 'done';
});

const props = { properties: z.record(z.string(), z.unknown()), provider: 'cloudformation' as const };
const app = (handlers: HandlerRegistry): AppModule => ({
  name: 'count',
  install(env) {
    handlers.register('Custom::Greeting', new Greeting(props)).register('Custom::Deferred', new Deferring(props));
    functionsFor(env).register(ok).register(flaky);
  },
});

const world = await startAwsWorld(app, ['ok', 'flaky']);
const dynamo: Record<string, number> = {};
world.clients.dynamodb.middlewareStack.add(
  (next, context) => async (args) => {
    dynamo[context.commandName ?? '?'] = (dynamo[context.commandName ?? '?'] ?? 0) + 1;
    return next(args);
  },
  { step: 'initialize', name: 'countRequests' },
);

async function count(name: string, run: () => Promise<void>): Promise<void> {
  for (const key of Object.keys(dynamo)) delete dynamo[key];
  const before = {
    invokes: world.lambda.invokes.length,
    executions: world.sfn.executions.length,
    events: world.events.events.length,
  };
  await run();
  const stopped = world.sfn.executions.filter((e) => e.status === 'ABORTED').length;
  console.log(
    `${name.padEnd(44)} DynamoDB ${JSON.stringify(dynamo)}  ` +
      `Lambda Invoke ${world.lambda.invokes.length - before.invokes}  ` +
      `StartExecution ${world.sfn.executions.length - before.executions} (stopped so far ${stopped})  ` +
      `PutEvents entries ${world.events.events.length - before.events}`,
  );
}

const request = (id: string, type: string) => ({
  RequestType: 'Create',
  ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:ingress',
  ResponseURL: world.inbox.urlFor(id),
  StackId: 'arn:aws:cloudformation:us-east-1:000000000000:stack/shop/1',
  RequestId: id,
  LogicalResourceId: 'R',
  ResourceType: type,
  ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:ingress' },
});

await count(
  'custom resource Create, answered at once',
  async () => void (await world.ingress(request('cr-1', 'Custom::Greeting'))),
);
await count(
  'custom resource Create, deferred (ingress)',
  async () => void (await world.ingress(request('cr-2', 'Custom::Deferred'))),
);
await count('  … answered by a Responder through the bus', async () => {
  await new Responder(deferred[0]!, { sink: busResponseSink({ bus: world.bus, eventBusName: 'statebridge' }) }).success(
    { physicalResourceId: 'job' },
  );
  await world.forwardBusEvents();
});
await count(
  'async invocation, success on attempt 1',
  async () =>
    void (await world.ingress({ kind: INVOKE_REQUEST_KIND, functionName: 'ok', payload: {}, requestId: 'inv-ok' })),
);
await count(
  'async invocation, fails once (ingress)',
  async () =>
    void (await world.ingress({
      kind: INVOKE_REQUEST_KIND,
      functionName: 'flaky',
      payload: {},
      requestId: 'inv-flaky',
    })),
);
await count('  … retry timer fires after 60 s, succeeds', async () => {
  await world.clock.advance(60_000);
  await world.fireTimers();
});
await count('sweeper pass with nothing pending', async () => void (await world.sweep()));
await world.close();
