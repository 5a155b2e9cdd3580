import { z } from 'zod';
import { BaseHandler, type HandlerEvent } from '../src/app/customResource/baseHandler.js';
import type { HandlerRegistry } from '../src/app/customResource/handlerRegistry.js';
import { Responder } from '../src/app/customResource/responder.js';
import { Defer } from '../src/app/customResource/results.js';
import type { AppModule } from '../src/app/environment.js';
import { defineFunction } from '../src/app/functions/defineFunction.js';
import { LambdaDestination, SqsDestination } from '../src/app/functions/destinations.js';
import { functionsFor } from '../src/app/functions/functionsModule.js';
import { busResponseSink } from '../src/aws/busResponseSink.js';
import { AWS_ENV, INVOKE_REQUEST_KIND } from '../src/aws/contract.js';
import { startAwsWorld, type AwsWorld } from '../test/aws/awsWorld.js';
import { compareRates, type BenchRow } from './measure.js';

const deferred: Record<string, unknown>[] = [];
class DeferringJob extends BaseHandler<Record<string, unknown>> {
  async create(event: HandlerEvent<Record<string, unknown>>) {
    deferred.push(JSON.parse(JSON.stringify(event)) as Record<string, unknown>);
    return new Defer();
  }
  async update() {
    return undefined;
  }
  async delete() {
    return undefined;
  }
}

const audit = defineFunction('audit', (payload: unknown) => ({ audited: payload }), {
  onSuccess: new SqsDestination('audited'),
});
const resize = defineFunction(
  'resize',
  (payload: { key: string; failFirst?: boolean }, context) => {
    if (payload.failFirst === true && context.attempt === 1) throw new Error('storage not ready');
    return { resized: payload.key };
  },
  { onSuccess: new LambdaDestination(audit, { responseOnly: true }) },
);
const app = (handlers: HandlerRegistry): AppModule => ({
  name: 'bench-app',
  install(env) {
    handlers.register(
      'Custom::DeferredJob',
      new DeferringJob({ properties: z.record(z.string(), z.unknown()), provider: 'cloudformation' }),
    );
    functionsFor(env).register(resize);
  },
});

/** Count every AWS request the ingress makes, by service and operation, through SDK middleware. */
function countRequests(world: AwsWorld): Map<string, number> {
  const counts = new Map<string, number>();
  type Next = (args: { input: Record<string, unknown> }) => Promise<unknown>;
  type Middleware = (next: Next, context: { commandName?: string }) => Next;
  for (const [service, client] of Object.entries(world.clients)) {
    const stack = client.middlewareStack as unknown as {
      add(middleware: Middleware, options: { step: 'initialize'; name: string }): void;
    };
    stack.add(
      (next, context) => async (args) => {
        // Queries are told apart by index, so the reads that remain on the hot path can be named.
        const index = typeof args.input['IndexName'] === 'string' ? `(${args.input['IndexName']})` : '';
        const key = `${service}.${String(context.commandName).replace(/Command$/, '')}${index}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: 'statebridgeRequestCount' },
    );
  }
  return counts;
}

let sequence = 0;
async function customResourceLifecycle(world: AwsWorld): Promise<void> {
  sequence += 1;
  await world.ingress({
    RequestType: 'Create',
    ResponseURL: world.inbox.urlFor(`bench-${sequence}`),
    StackId: 'arn:aws:cloudformation:us-east-1:000000000000:stack/bench/1',
    RequestId: `bench-${sequence}`,
    LogicalResourceId: 'Job',
    ResourceType: 'Custom::DeferredJob',
    ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:ingress',
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:ingress' },
  });
  await new Responder(deferred.shift()!, {
    sink: busResponseSink({ bus: world.bus, eventBusName: 'statebridge' }),
  }).success({ physicalResourceId: 'job' });
  await world.forwardBusEvents();
}

async function invocationLifecycle(world: AwsWorld, failFirst: boolean): Promise<void> {
  sequence += 1;
  await world.ingress({
    kind: INVOKE_REQUEST_KIND,
    functionName: 'resize',
    payload: { key: `k-${sequence}`, failFirst },
    requestId: `inv-${sequence}`,
  });
  if (failFirst) {
    await world.clock.advance(60_000);
    await world.fireTimers();
  }
}

async function requestsPer(
  label: string,
  world: AwsWorld,
  counts: Map<string, number>,
  run: () => Promise<void>,
): Promise<BenchRow[]> {
  counts.clear();
  const executions = world.sfn.executions.length;
  const putEvents = world.events.requests.length;
  await run();
  const rows = [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name: `${label}: ${name}`, value, unit: 'requests' }));
  rows.push({
    name: `${label}: eventbridge.PutEvents (Responder, outside the ingress)`,
    value: world.events.requests.length - putEvents,
    unit: 'requests',
  });
  // The timer state machine is Wait then a Lambda invoke: 2 state transitions per execution that fires.
  rows.push({
    name: `${label}: timer executions (2 state transitions each)`,
    value: world.sfn.executions.length - executions,
    unit: 'executions',
  });
  return rows;
}

/**
 * AWS requests per lifecycle, counted through SDK middleware while the ingress runs one lifecycle
 * (goal: one PutItem per step and no read on the hot path), then ingress steps/s against dynalite with
 * the work indexes on 16 shards vs 1 (alternating rounds, medians).
 */
export async function benchAws(): Promise<BenchRow[]> {
  const world = await startAwsWorld(app, ['resize', 'audit']);
  const counts = countRequests(world);
  world.sqs.createQueue('audited');
  const rows: BenchRow[] = [];
  try {
    await customResourceLifecycle(world); // warm: the first lifecycle also builds the runtime
    // CR: a Create that defers and is answered through the bus. INV: an async invocation that fails once,
    // waits 60 s on a timer, succeeds, chains responseOnly to a 2nd function whose onSuccess is SQS.
    rows.push(...(await requestsPer('CR', world, counts, () => customResourceLifecycle(world))));
    rows.push(...(await requestsPer('INV', world, counts, () => invocationLifecycle(world, true))));
  } finally {
    await world.close();
  }
  return [...rows, ...(await shardRates())];
}

async function shardRates(): Promise<BenchRow[]> {
  const sixteen = await startAwsWorld(app, ['resize', 'audit'], { [AWS_ENV.indexShards]: '16' });
  const one = await startAwsWorld(app, ['resize', 'audit'], { [AWS_ENV.indexShards]: '1' });
  try {
    const counted = [countRequests(sixteen), countRequests(one)];
    for (const world of [sixteen, one]) world.sqs.createQueue('audited');
    const stepsOf = (world: AwsWorld, counts: Map<string, number>) => async () => {
      const before = counts.get('dynamodb.PutItem') ?? 0;
      await invocationLifecycle(world, false);
      return (counts.get('dynamodb.PutItem') ?? 0) - before;
    };
    const [rate16, rate1] = await compareRates(stepsOf(sixteen, counted[0]!), stepsOf(one, counted[1]!), {
      rounds: 5,
      ms: 800,
    });
    const sweep = async (world: AwsWorld) => {
      await world.sweep();
      return 1;
    };
    const [sweep16, sweep1] = await compareRates(
      () => sweep(sixteen),
      () => sweep(one),
      { rounds: 5, ms: 400 },
    );
    return [
      { name: 'ingress steps/s, work indexes on 16 shards', value: rate16, unit: 'steps/s' },
      { name: 'ingress steps/s, work indexes on 1 shard', value: rate1, unit: 'steps/s' },
      {
        name: 'ratio 16 shards / 1 (dynalite has no partitions: this is the cost side)',
        value: rate16 / rate1,
        unit: '×',
      },
      { name: 'sweeps/s of an idle table, 16 shards / 1', value: sweep16 / sweep1, unit: '×' },
    ];
  } finally {
    await Promise.all([sixteen.close(), one.close()]);
  }
}
