import { describe, expect, it } from 'vitest';
import type { EventBridgeEnvelope } from '../../src/protocol/eventBridgeEnvelope.js';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import {
  EventBridgeDestination,
  LambdaDestination,
  SnsDestination,
  SqsDestination,
} from '../../src/app/functions/destinations.js';
import { functionsHarness } from './functionsHarness.js';

const HOUR = 3_600_000;

describe('destinations', () => {
  it('publishes the record to a topic destination', async () => {
    const h = functionsHarness();
    const fn = defineFunction('notify', () => ({ sent: true }), { onSuccess: new SnsDestination('results') });
    const { requestId } = await h.functions.invokeAsync(fn, { to: 'x' });
    await h.runtime.idle();
    const [message] = h.topic.messages('results');
    const record = JSON.parse(message!.message) as Record<string, unknown>;
    expect(record).toMatchObject({
      requestContext: { requestId, condition: 'Success' },
      responsePayload: { sent: true },
    });
    const head = await h.store.readHead(requestId);
    expect(head?.event).toMatchObject({
      type: 'destination.delivered',
      target: 'arn:aws:sns:local:000000000000:results',
      delivered: { messageId: message!.messageId },
    });
  });

  it('puts the record on an event bus as detail, with source lambda, the detail-type and both ARNs', async () => {
    const h = functionsHarness();
    const seen: EventBridgeEnvelope[] = [];
    h.bus.putRule({
      name: 'all-results',
      eventPattern: { source: ['lambda'] },
      targets: [{ id: 'spy', deliver: async (_input, envelope) => void seen.push(envelope) }],
    });
    const ok = defineFunction('good', () => 1, { onSuccess: new EventBridgeDestination() });
    const bad = defineFunction(
      'bad',
      () => {
        throw new Error('x');
      },
      { maximumRetryAttempts: 0, onFailure: new EventBridgeDestination('ops') },
    );
    await h.functions.invokeAsync(ok, {});
    await h.functions.invokeAsync(bad, {});
    await h.clock.advance(HOUR);
    expect(seen.map((e) => e['detail-type'])).toEqual([
      'Lambda Function Invocation Result - Success',
      'Lambda Function Invocation Result - Failure',
    ]);
    expect(seen[0]).toMatchObject({
      version: '0',
      source: 'lambda',
      account: '000000000000',
      resources: [
        'arn:aws:lambda:local:000000000000:function:good:$LATEST',
        'arn:aws:events:local:000000000000:event-bus/default',
      ],
      detail: { version: '1.0', requestContext: { condition: 'Success' }, responsePayload: 1 },
    });
    expect(seen[1]?.resources[1]).toBe('arn:aws:events:local:000000000000:event-bus/ops');
    expect(seen[1]?.detail).toMatchObject({
      requestContext: { condition: 'RetriesExhausted' },
      responseContext: { functionError: 'Unhandled' },
    });
  });

  it('invokes a function destination asynchronously with the whole record, linked to the source', async () => {
    const h = functionsHarness();
    const received: unknown[] = [];
    const audit = defineFunction('audit', (payload) => void received.push(payload));
    const work = defineFunction('work', () => 'done', { onSuccess: new LambdaDestination(audit) });
    const { requestId } = await h.functions.invokeAsync(work, { job: 1 });
    await h.runtime.idle();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      version: '1.0',
      requestContext: { requestId, condition: 'Success' },
      requestPayload: { job: 1 },
      responsePayload: 'done',
    });
    const head = await h.store.readHead(requestId);
    const childId = (head?.event as unknown as { delivered: { requestId: string } }).delivered.requestId;
    expect(head?.links.caused).toEqual([childId]);
    const [childStart] = await h.history(childId);
    expect(childStart?.links.correlationId).toBe(requestId);
    expect(childStart?.links.causationId).toMatch(new RegExp(`^${requestId}#\\d+#0$`));
    expect((await h.store.readHead(childId))?.state.context).toMatchObject({
      input: { trigger: { kind: 'destination', sourceRequestId: requestId, condition: 'Success' } },
    });
  });

  it('responseOnly: a CDK-style rule with input path $.detail.responsePayload delivers only the response', async () => {
    const h = functionsHarness();
    const got: unknown[] = [];
    const next = defineFunction('next', (payload) => void got.push(payload));
    const first = defineFunction('first', (p: { n: number }) => ({ n: p.n + 1 }), {
      onSuccess: new LambdaDestination(next, { responseOnly: true }),
    });
    h.functions.register(first);
    const rule = h.bus.listRules().find((r) => r.name === 'first-onSuccess-responseOnly');
    expect(rule?.eventPattern).toEqual({
      source: ['lambda'],
      'detail-type': ['Lambda Function Invocation Result - Success'],
      resources: ['arn:aws:lambda:local:000000000000:function:first:$LATEST'],
    });
    expect(rule?.targets.map((t) => ({ id: t.id, inputPath: t.inputPath }))).toEqual([
      { id: 'next', inputPath: '$.detail.responsePayload' },
    ]);
    const { requestId } = await h.functions.invokeAsync(first, { n: 1 });
    await h.runtime.idle();
    expect(got).toEqual([{ n: 2 }]);
    const head = await h.store.readHead(requestId);
    expect(head?.event).toMatchObject({
      type: 'destination.delivered',
      target: 'arn:aws:events:local:000000000000:event-bus/default',
      delivered: { rules: [{ rule: 'first-onSuccess-responseOnly', targetFunction: 'next' }] },
    });
    const childId = head?.links.caused?.[0];
    expect(childId).toBeDefined();
    expect((await h.store.readHead(childId!))?.state.context).toMatchObject({
      input: {
        payload: { n: 2 },
        trigger: { kind: 'eventBusRule', rule: 'first-onSuccess-responseOnly', inputPath: '$.detail.responsePayload' },
      },
    });
  });

  it('responseOnly onFailure delivers the error object', async () => {
    const h = functionsHarness();
    const got: unknown[] = [];
    const onError = defineFunction('on-error', (payload) => void got.push(payload));
    const fails = defineFunction(
      'fails',
      () => {
        throw new Error('nope');
      },
      { maximumRetryAttempts: 0, onFailure: new LambdaDestination(onError, { responseOnly: true }) },
    );
    await h.functions.invokeAsync(fails, {});
    await h.runtime.idle();
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ errorType: 'Error', errorMessage: 'nope' });
  });

  it('sends the raw event to the dead-letter queue with RequestID / ErrorCode / ErrorMessage', async () => {
    const h = functionsHarness();
    const fn = defineFunction(
      'dlq-fn',
      () => {
        throw new Error('x'.repeat(2000));
      },
      {
        maximumRetryAttempts: 0,
        deadLetterQueue: new SqsDestination('dead'),
        onFailure: new SqsDestination('failures'),
      },
    );
    const { requestId } = await h.functions.invokeAsync(fn, { raw: true });
    await h.runtime.idle();
    const [message] = h.queue.messages('dead');
    expect(JSON.parse(message!.body)).toEqual({ raw: true });
    expect(message!.attributes['RequestID']).toEqual({ DataType: 'String', StringValue: requestId });
    expect(message!.attributes['ErrorCode']).toEqual({ DataType: 'Number', StringValue: '200' });
    expect(message!.attributes['ErrorMessage']?.StringValue).toBe('x'.repeat(1024));
    expect(h.queued('failures')).toHaveLength(1);
    expect((await h.store.readHead(requestId))?.stateAfter).toBe('done');
  });

  it('dead-letters to a topic with the same attributes', async () => {
    const h = functionsHarness();
    const fn = defineFunction(
      'dlq-topic',
      (_p, ctx) => {
        throw ctx.throttle();
      },
      { maximumEventAgeInSeconds: 60, deadLetterQueue: new SnsDestination('dead') },
    );
    const { requestId } = await h.functions.invokeAsync(fn, { n: 1 });
    await h.clock.advance(HOUR);
    const [message] = h.topic.messages('dead');
    expect(JSON.parse(message!.message)).toEqual({ n: 1 });
    expect(message!.attributes['RequestID']?.StringValue).toBe(requestId);
    expect(message!.attributes['ErrorMessage']?.StringValue).toBe('Event age exceeded');
  });

  it('stops a loop through a plain function destination too', async () => {
    const h = functionsHarness();
    let runs = 0;
    const loop = defineFunction('plain-loop', () => void (runs += 1));
    (loop as { onSuccess?: unknown }).onSuccess = new LambdaDestination(loop);
    await h.functions.invokeAsync(loop, {});
    await h.runtime.idle();
    expect(runs).toBe(16);
    expect(h.logs.filter((l) => l.includes('recursive loop stopped'))).toHaveLength(1);
  });

  it('does not dead-letter a success', async () => {
    const h = functionsHarness();
    const fn = defineFunction('fine', () => 1, { deadLetterQueue: new SnsDestination('dead') });
    await h.functions.invokeAsync(fn, {});
    await h.runtime.idle();
    expect(h.topic.messages('dead')).toHaveLength(0);
  });

  it('stops a chain that comes back to the same function more than 16 times, and reports it', async () => {
    const h = functionsHarness();
    let runs = 0;
    const loop = defineFunction('loop', (p: { n: number } | null) => {
      runs += 1;
      return { n: (p?.n ?? 0) + 1 };
    });
    (loop as { onSuccess?: unknown }).onSuccess = new LambdaDestination(loop, { responseOnly: true });
    const { requestId } = await h.functions.invokeAsync(loop, { n: 0 });
    await h.runtime.idle();
    expect(runs).toBe(16);
    const page = await h.store.listInstances({ correlationId: requestId });
    expect(page.items).toHaveLength(16);
    const stopped = [];
    for (const item of page.items) {
      const head = await h.store.readHead(item.instanceId);
      if (head?.event.type === 'destination.loopStopped') stopped.push(head.event);
    }
    expect(stopped).toEqual([
      {
        type: 'destination.loopStopped',
        target: 'arn:aws:events:local:000000000000:event-bus/default',
        functionName: 'loop',
        visits: 17,
      },
    ]);
    expect(h.logs.some((l) => l.includes('recursive loop stopped') && l.includes('loop'))).toBe(true);
  });
});

describe('at-least-once delivery', () => {
  it('exposes request id and attempt; an injected duplicate runs the handler twice but is one invocation', async () => {
    const calls: { requestId: string; attempt: number }[] = [];
    const h = functionsHarness({ duplicateDelivery: ({ attempt }) => attempt === 1 });
    const fn = defineFunction('dup', (_p, ctx) => void calls.push({ requestId: ctx.requestId, attempt: ctx.attempt }), {
      onSuccess: new SqsDestination('ok'),
    });
    const first = await h.functions.invokeAsync(fn, {}, { requestId: 'req-1' });
    const again = await h.functions.invokeAsync(fn, {}, { requestId: 'req-1' });
    await h.runtime.idle();
    expect(first).toEqual({ requestId: 'req-1', statusCode: 202, applied: true });
    expect(again).toEqual({ requestId: 'req-1', statusCode: 202, applied: false });
    expect(calls).toEqual([
      { requestId: 'req-1', attempt: 1 },
      { requestId: 'req-1', attempt: 1 },
    ]);
    expect(h.queued('ok')).toHaveLength(1);
    expect(h.queued('ok')[0]!.requestContext.approximateInvokeCount).toBe(1);
  });
});
