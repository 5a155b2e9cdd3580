import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaseHandler, type HandlerEvent } from '../../src/app/customResource/baseHandler.js';
import { Responder } from '../../src/app/customResource/responder.js';
import { Defer } from '../../src/app/customResource/results.js';
import type { HandlerRegistry } from '../../src/app/customResource/handlerRegistry.js';
import type { AppModule } from '../../src/app/environment.js';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { LambdaDestination, SqsDestination } from '../../src/app/functions/destinations.js';
import { functionsFor } from '../../src/app/functions/functionsModule.js';
import { busResponseSink } from '../../src/aws/busResponseSink.js';
import { INVOKE_REQUEST_KIND } from '../../src/aws/contract.js';
import type { StepRecord } from '../../src/core/stepRecord.js';
import { timerExecutionName } from '../../src/adapters/sfn/sfnTimerService.js';
import { z } from 'zod';
import { INGRESS_ARN, startAwsWorld, WORLD_ACCOUNT, WORLD_REGION, type AwsWorld } from './awsWorld.js';

/** Requests the deferring handler saw, handed to "another Lambda" that answers later. */
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

/** Fails its first attempt per request, then resizes. */
const attemptsSeen = new Map<string, number>();
const audit = defineFunction('audit', (payload: unknown) => ({ audited: payload }), {
  onSuccess: new SqsDestination('audited'),
});
const resize = defineFunction(
  'resize',
  (payload: { key: string }, context) => {
    attemptsSeen.set(context.requestId, context.attempt);
    if (context.attempt === 1) throw new Error('storage not ready');
    return { resized: payload.key };
  },
  { maximumRetryAttempts: 2, onSuccess: new LambdaDestination(audit, { responseOnly: true }) },
);

const app = (handlers: HandlerRegistry): AppModule => ({
  name: 'test-app',
  install(env) {
    handlers.register(
      'Custom::DeferredJob',
      new DeferringJob({ properties: z.record(z.string(), z.unknown()), provider: 'cloudformation' }),
    );
    functionsFor(env).register(resize);
  },
});

let world: AwsWorld;
beforeAll(async () => {
  world = await startAwsWorld(app, ['resize', 'audit']);
  world.sqs.createQueue('audited');
});
afterAll(() => world.close());

async function readAll(id: string): Promise<StepRecord[]> {
  const records: StepRecord[] = [];
  for await (const record of world.reader.readStream(id)) records.push(record);
  return records;
}

describe('statebridge on AWS, through the Lambda entry points only', () => {
  it('persists a CloudFormation Create, defers, and PUTs the answer another Lambda sends through the bus', async () => {
    const request = {
      RequestType: 'Create',
      ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:statebridge-ingress',
      ResponseURL: world.inbox.urlFor('create-1'),
      StackId: 'arn:aws:cloudformation:us-east-1:000000000000:stack/shop/6d3a-1',
      RequestId: 'req-create-1',
      LogicalResourceId: 'Job',
      ResourceType: 'Custom::DeferredJob',
      ResourceProperties: {
        ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:statebridge-ingress',
        JobName: 'nightly',
        ServiceTimeout: '600',
      },
    };
    const taken = await world.ingress(request);
    expect(taken).toMatchObject({ ok: true, input: 'customResource', applied: true });
    const instanceId = (taken as { instanceId: string }).instanceId;
    const first = await readAll(instanceId);
    expect(first[0]?.event.type).toBe('xstate.init');
    expect(deferred).toHaveLength(1);
    expect(world.inbox.for('create-1')).toHaveLength(0);
    // The deadline, within ServiceTimeout of receipt, is a Step Functions execution.
    const deadline = first.at(-1)!.pending.timers[0]!;
    expect(deadline.dueAt).toBeGreaterThan(world.clock.now());
    expect(deadline.dueAt).toBeLessThanOrEqual(world.clock.now() + 600_000);
    expect(world.sfn.executions.find((e) => e.name === timerExecutionName(deadline.key))?.status).toBe('RUNNING');

    // Another Lambda answers: PutEvents of a statebridge.send, which the bus rule hands to the ingress.
    await new Responder(deferred[0]!, {
      sink: busResponseSink({ bus: world.bus, eventBusName: 'statebridge' }),
    }).success({ physicalResourceId: 'job-nightly', data: { Token: 'abc' } });
    expect(world.events.events.at(-1)?.entry).toMatchObject({
      Source: 'statebridge',
      DetailType: 'statebridge.send',
      EventBusName: 'statebridge',
    });
    const [delivered] = await world.forwardBusEvents();
    expect(delivered).toMatchObject({ ok: true, input: 'send', instanceId, applied: true });

    const answers = world.inbox.for('create-1');
    expect(answers).toHaveLength(1);
    expect(JSON.parse(answers[0]!.body)).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'job-nightly',
      RequestId: 'req-create-1',
      Data: { Token: 'abc' },
    });
    // The deadline timer was stopped, and the same answer redelivered by the bus changes nothing.
    expect(world.sfn.executions.find((e) => e.name === timerExecutionName(deadline.key))?.status).toBe('ABORTED');
    const again = await world.ingress({
      version: '0',
      id: 'redelivered',
      'detail-type': 'statebridge.send',
      source: 'statebridge',
      account: '0',
      time: '2026-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: world.events.events.at(-1)!.entry.Detail
        ? (JSON.parse(world.events.events.at(-1)!.entry.Detail!) as never)
        : {},
    });
    expect(again).toMatchObject({ ok: true, applied: false });
    expect(world.inbox.for('create-1')).toHaveLength(1);

    const timeline = await readAll(instanceId);
    const respond = timeline.find((r) => r.event.type === 'respond')!;
    expect(respond.links.causationId).toBe(world.events.events.at(-1)!.eventId);
    expect(timeline.map((r) => r.stateAfter)).toEqual(['open.running', 'open.deferred', 'delivering', 'answered']);
  });

  it('retries after a 60 s Step Functions timer, chains responseOnly to a function, onSuccess to SQS', async () => {
    const request = {
      kind: INVOKE_REQUEST_KIND,
      functionName: 'resize',
      payload: { key: 'cat.jpg' },
      requestId: 'inv-1',
    };
    const taken = await world.ingress(request);
    expect(taken).toMatchObject({ ok: true, input: 'invoke', requestId: 'inv-1', applied: true });
    // Lambda retrying the ingress with the same request id starts nothing new, and says so.
    expect(await world.ingress(request)).toMatchObject({
      ok: true,
      input: 'invoke',
      requestId: 'inv-1',
      applied: false,
    });
    expect(world.lambda.invokes.filter((i) => i.functionName === 'prod-resize')).toHaveLength(1);
    const waiting = (await world.reader.readHead('inv-1'))!;
    const retry = waiting.pending.timers.find((t) => t.delayMs === 60_000)!;
    expect(retry).toBeDefined();
    expect(world.sfn.executions.filter((e) => e.status === 'RUNNING').map((e) => e.name)).toContain(
      timerExecutionName(retry.key),
    );
    expect(await world.fireTimers()).toBe(0); // not due yet

    await world.clock.advance(60_000);
    expect(await world.fireTimers()).toBe(1);
    expect(attemptsSeen.get('inv-1')).toBe(2);
    const resized = (await world.reader.readHead('inv-1'))!;
    expect(resized.state.status).toBe('done');

    // One path for responseOnly: the result goes to EventBridge, nothing is chained in-process.
    expect(world.lambda.invokes.filter((i) => i.functionName === 'prod-audit')).toHaveLength(0);
    const resizeTimeline = await readAll('inv-1');
    const published = resizeTimeline.find((r) => r.event.type === 'destination.delivered')!;
    expect(published.event['delivered']).toMatchObject({
      rules: [{ rule: 'resize-onSuccess-responseOnly', targetFunction: 'audit', requestId: null }],
    });
    const resultEvent = world.events.events.find((e) => e.entry.Source === 'lambda')!;
    expect(resultEvent.entry).toMatchObject({
      DetailType: 'Lambda Function Invocation Result - Success',
      EventBusName: 'default',
    });
    // The record is the one the timeline holds, with the deployment's account, region and function name.
    expect(resultEvent.entry.Detail).toBe(JSON.stringify(published.event['record']));
    const resizeArn = `arn:aws:lambda:${WORLD_REGION}:${WORLD_ACCOUNT}:function:prod-resize:$LATEST`;
    expect(JSON.parse(resultEvent.entry.Detail!)).toMatchObject({ requestContext: { functionArn: resizeArn } });
    expect(resultEvent.entry.Resources).toEqual([
      resizeArn,
      `arn:aws:events:${WORLD_REGION}:${WORLD_ACCOUNT}:event-bus/default`,
    ]);

    // The deployed rule (CDK's pattern and InputPath) invokes the ingress alias responseOnly-audit.
    const rules = [{ source: 'resize', success: true, target: 'audit' }];
    const [started] = await world.forwardResponseOnly(rules);
    expect(started).toMatchObject({ ok: true, input: 'responseOnly', applied: true });
    expect(await world.forwardResponseOnly(rules)).toEqual([]);
    const auditId = (started as { requestId: string }).requestId;
    const auditHead = (await world.reader.readHead(auditId))!;
    expect(auditHead.state.status).toBe('done');
    expect((auditHead.state.context as { input: { trigger: unknown } }).input.trigger).toMatchObject({
      kind: 'eventBusRule',
      rule: 'resize-onSuccess-responseOnly',
      sourceFunction: 'resize',
      inputPath: '$.detail.responsePayload',
    });
    const auditCalls = world.lambda.invokes.filter((i) => i.functionName === 'prod-audit');
    expect(auditCalls.map((c) => c.payload)).toEqual([{ resized: 'cat.jpg' }]);

    // The SQS message is byte-for-byte the record the audit invocation's timeline says it delivered.
    const auditTimeline = await readAll(auditId);
    const delivery = auditTimeline.find((r) => r.event.type === 'destination.delivered')!;
    const message = world.sqs.messages.find((m) => m.queueName === 'audited')!;
    expect(message.body).toBe(JSON.stringify(delivery.event['record']));
    expect(JSON.parse(message.body)).toMatchObject({
      requestContext: { requestId: auditId, condition: 'Success' },
      responsePayload: { audited: { resized: 'cat.jpg' } },
    });
    expect(world.sqs.messages.filter((m) => m.queueName === 'audited')).toHaveLength(1);

    // Lambda retrying one invocation of the alias (same request id) starts the target once.
    const retried = { invokedFunctionArn: `${INGRESS_ARN}:responseOnly-audit`, awsRequestId: 'lambda-retry' };
    const first = await world.ingress({ resized: 'dog.jpg' }, retried);
    const second = await world.ingress({ resized: 'dog.jpg' }, retried);
    expect([first, second]).toMatchObject([
      { applied: true },
      { applied: false, requestId: first.ok && first.requestId },
    ]);
    const dogCalls = world.lambda.invokes.filter((i) => i.functionName === 'prod-audit').slice(1);
    expect(dogCalls.map((c) => c.payload)).toEqual([{ resized: 'dog.jpg' }]);
    // An alias naming no registered function is refused, naming the alias, and writes nothing.
    const unknown = await world.ingress(
      { any: 1 },
      { ...retried, invokedFunctionArn: `${INGRESS_ARN}:responseOnly-nope` },
    );
    expect(unknown).toMatchObject({ ok: false, input: 'responseOnly' });
    expect(unknown.ok === false && unknown.reason).toContain('responseOnly-nope');
  });
});
