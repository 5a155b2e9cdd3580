/**
 * AWS requests per lifecycle, counted (not timed) through the SDK middleware of every client the Lambda
 * entry points use, against dynalite and the local wire servers. `npm run bench` reports these rows;
 * `npx tsx --conditions=statebridge-source bench/awsRequests.ts` prints them as the table in docs/aws.md.
 * The ingress is one warm container unless a row says cold (a fresh container, nothing cached).
 */
import { pathToFileURL } from 'node:url';
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
import { INVOKE_REQUEST_KIND } from '../src/aws/contract.js';
import { INGRESS_ARN, startAwsWorld } from '../test/aws/awsWorld.js';
import { countAwsRequests, type RequestCounts } from '../test/support/awsProtocol/requestCounter.js';

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
const ok = defineFunction('ok', () => 'done');
const audit = defineFunction('audit', (payload: unknown) => ({ audited: payload }), {
  onSuccess: new SqsDestination('audited'),
});
const resize = defineFunction(
  'resize',
  (payload: { key: string }, context) => {
    if (context.attempt === 1) throw new Error('storage not ready');
    return { resized: payload.key };
  },
  { onSuccess: new LambdaDestination(audit, { responseOnly: true }) },
);
const RESPONSE_ONLY = [{ source: 'resize', success: true, target: 'audit' }];

const props = { properties: z.record(z.string(), z.unknown()), provider: 'cloudformation' as const };
const app = (handlers: HandlerRegistry): AppModule => ({
  name: 'count',
  install(env) {
    handlers.register('Custom::Greeting', new Greeting(props)).register('Custom::Deferred', new Deferring(props));
    functionsFor(env).register(ok).register(resize);
  },
});

/** The requests one lifecycle (or one part of it) made, by `service.Operation`. */
export interface LifecycleRequests {
  readonly lifecycle: string;
  readonly requests: Readonly<Record<string, number>>;
}

const request = (id: string, type: string) => ({
  RequestType: 'Create',
  ServiceToken: INGRESS_ARN,
  ResponseURL: '',
  StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/shop/1',
  RequestId: id,
  LogicalResourceId: 'R',
  ResourceType: type,
  ResourceProperties: { ServiceToken: INGRESS_ARN },
});

/** Run the lifecycles of docs/aws.md once each and count what every part asked of AWS. */
export async function lifecycleRequests(): Promise<LifecycleRequests[]> {
  const world = await startAwsWorld(app, ['ok', 'resize', 'audit']);
  world.sqs.createQueue('audited');
  const counts = countAwsRequests(world.clients);
  const rows: LifecycleRequests[] = [];
  const count = async (lifecycle: string, run: () => Promise<unknown>) => {
    counts.clear();
    const putEvents = world.events.events.length;
    await run();
    rows.push({ lifecycle, requests: withBusEntries(counts, world.events.events.length - putEvents) });
  };
  const invoke = (functionName: string, requestId: string) =>
    world.ingress({ kind: INVOKE_REQUEST_KIND, functionName, payload: { key: requestId }, requestId });
  try {
    await world.ingress({ kind: INVOKE_REQUEST_KIND, functionName: 'ok', payload: {} }); // build the runtime
    await count('custom resource Create, handler answers at once', () =>
      world.ingress({ ...request('cr-1', 'Custom::Greeting'), ResponseURL: world.inbox.urlFor('cr-1') }),
    );
    await count('custom resource Create, handler defers (ingress call)', () =>
      world.ingress({ ...request('cr-2', 'Custom::Deferred'), ResponseURL: world.inbox.urlFor('cr-2') }),
    );
    await count('… answered later by a Responder (PutEvents → rule → ingress)', async () => {
      const sink = busResponseSink({ bus: world.bus, eventBusName: 'statebridge' });
      await new Responder(deferred[0]!, { sink }).success({ physicalResourceId: 'job' });
      await world.forwardBusEvents();
    });
    await count('async invocation, success on attempt 1', () => invoke('ok', 'inv-ok'));
    await count('async invocation, attempt 1 fails (ingress call)', () => invoke('resize', 'inv-1'));
    await world.clock.advance(60_000);
    await count('… retry timer fires after 60 s, attempt 2 succeeds, result to EventBridge', () => world.fireTimers());
    await count('… responseOnly rule → ingress alias: 2nd function, onSuccess to SQS', () =>
      world.forwardResponseOnly(RESPONSE_ONLY),
    );
    await invoke('resize', 'inv-2');
    await world.clock.advance(60_000);
    const cold = world.coldIngress();
    await count('the same retry timer firing in a cold container', () =>
      world.sfn.completeWaits(world.clock.now(), async (input) => void (await cold(input))),
    );
    await world.forwardResponseOnly(RESPONSE_ONLY);
    await count('sweeper pass, nothing pending', () => world.sweep());
  } finally {
    await world.close();
  }
  return rows;
}

/** The counts, plus PutEvents entries the ingress did not send itself (a Responder in another Lambda). */
function withBusEntries(counts: RequestCounts, entries: number): Record<string, number> {
  const requests = Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
  const sentHere = counts.get('eventbridge.PutEvents') ?? 0;
  if (entries > sentHere) requests['eventbridge.PutEvents (from another Lambda)'] = entries - sentHere;
  return requests;
}

/** The rows as the Markdown table in docs/aws.md. */
export function requestTable(rows: readonly LifecycleRequests[]): string {
  const lines = ['| lifecycle | requests |', '|---|---|'];
  for (const row of rows) {
    const cells = Object.entries(row.requests).map(([name, n]) => `${n} ${name}`);
    lines.push(`| ${row.lifecycle} | ${cells.join(', ') || 'none'} |`);
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(requestTable(await lifecycleRequests()));
}
