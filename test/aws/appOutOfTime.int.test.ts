import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../src/app/chalice/app.js';
import { appModuleFor } from '../../src/app/chalice/appModule.js';
import type { SQSEvent } from '../../src/app/chalice/batchEvents.js';
import { APP_SOURCE_ALIAS_PREFIX } from '../../src/aws/contract.js';
import { INGRESS_ARN, startAwsWorld, type AwsWorld } from './awsWorld.js';
import { restProxyEvent } from './fixtures/apiGatewayEvents.js';
import { sqsEvent } from './fixtures/appSourceEvents.js';

// A queue consumer and a route. Their Lambdas below answer only once the test opens their gate.
const app = new App('late');
app.onSqsMessage({ queue: 'jobs' }, function slowWork(event: SQSEvent) {
  return { batchItemFailures: [...event].map((r) => ({ itemIdentifier: r.messageId })) };
});
app.route('/slow', { methods: ['GET'] }, function slowView() {
  return 'slow';
});

/** A Lambda's code held at a gate: `reached` once an Invoke is running in it, `open` lets it answer. */
function gated(answer: unknown) {
  let open = () => undefined as void;
  let arrive = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (arrive = resolve));
  const code = async () => {
    arrive();
    await opened;
    return answer;
  };
  return { code, reached, open };
}

const work = gated({ batchItemFailures: [] });
const view = gated({ statusCode: 200, headers: {}, body: 'slow' });
let world: AwsWorld;
beforeAll(async () => {
  world = await startAwsWorld(() => appModuleFor(app), ['slowWork', 'slowView']);
  world.lambda.deploy('prod-slowWork', { code: work.code });
  world.lambda.deploy('prod-slowView', { code: view.code });
});
afterAll(() => world.close());

/** The ingress's context through a function's alias with `remainingMs` left (the ingress keeps 1500 ms back). */
const contextWith = (functionName: string, remainingMs: number, awsRequestId: string) => ({
  invokedFunctionArn: `${INGRESS_ARN}:${APP_SOURCE_ALIAS_PREFIX}${functionName}`,
  awsRequestId,
  getRemainingTimeInMillis: () => remainingMs,
});

/** How an instance stands: its state, decision and the commands still to relay. */
async function standingOf(requestId: string) {
  const head = await world.reader.readHead(requestId);
  const context = head?.state.context as { attempt?: number; condition?: string } | undefined;
  return {
    state: head?.state.value,
    attempt: context?.attempt,
    condition: context?.condition,
    pending: head?.pending?.commands.map((c) => c.kind) ?? [],
  };
}

const pendingAttempt = { state: { active: 'running' }, attempt: 1, condition: undefined, pending: ['invokeFunction'] };

describe('a synchronous App source when the ingress has less time left than it keeps back', () => {
  it('throws for a batch, naming the time budget, and leaves its attempt pending for the sweeper', async () => {
    const batch = sqsEvent('jobs', [{ messageId: '059f36b4-87a3-44ab-83d2-661975830001', body: 'resize' }]);
    const late = contextWith('slowWork', 1000, 'late-batch-1');
    const error = await world.ingress(batch, late).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(
      /^slowWork: invocation \S+ had not ended when the ingress's time ran out; the event source mapping retries/,
    );
    const requestId = /invocation (\S+)/.exec(error?.message ?? '')?.[1] ?? '';
    await work.reached;
    expect(await standingOf(requestId)).toEqual(pendingAttempt);
    // Once the Lambda answers, the same delivery with time to spare ends the instance with that answer.
    work.open();
    const retried = contextWith('slowWork', 60_000, 'late-batch-1');
    expect(await world.ingress(batch, retried)).toEqual({ batchItemFailures: [] });
    expect(await standingOf(requestId)).toMatchObject({ state: 'done', condition: 'Success', pending: [] });
  });

  it('answers a route 502 and leaves its attempt pending for the sweeper', async () => {
    const request = { method: 'GET', resource: '/slow', path: '/slow', requestId: 'late-route-1' };
    const event = restProxyEvent({ id: 'a1b2c3d4e5', stage: 'api' }, request);
    const late = contextWith('slowView', 1000, 'late-api-1');
    const answer = (await world.ingress(event, late)) as unknown as { statusCode: number; body: string };
    expect(answer.statusCode).toBe(502);
    expect(JSON.parse(answer.body)).toEqual({ message: 'Internal server error' });
    await view.reached;
    expect(await standingOf('late-route-1')).toEqual(pendingAttempt);
    view.open();
    const retried = await world.ingress(event, contextWith('slowView', 60_000, 'late-api-2'));
    expect(retried).toMatchObject({ statusCode: 200, body: 'slow' });
    expect(await standingOf('late-route-1')).toMatchObject({ state: 'done', condition: 'Success', pending: [] });
  });
});
