import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '../../src/adapters/bus/inProcessBus.js';
import { EventBridgeBus, forwardTo } from '../../src/adapters/eventbridge/index.js';
import { MemoryEventStore } from '../../src/adapters/memory/memoryEventStore.js';
import { SnsTopicPublisher } from '../../src/adapters/sns/index.js';
import { SqsQueueSender } from '../../src/adapters/sqs/index.js';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { EventBridgeDestination, SnsDestination, SqsDestination } from '../../src/app/functions/destinations.js';
import { createFunctions } from '../../src/app/functions/functionsApp.js';
import { createRuntime } from '../../src/runtime/runtime.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { startEventBridgeServer, type EventBridgeServer } from '../support/awsProtocol/eventBridgeServer.js';
import { LOCAL_CLIENT_CONFIG } from '../support/awsProtocol/protocolServer.js';
import { startSnsServer, type SnsServer } from '../support/awsProtocol/snsServer.js';
import { startSqsServer, type SqsServer } from '../support/awsProtocol/sqsServer.js';

const HOUR = 3_600_000;
let sqs: SqsServer;
let sns: SnsServer;
let events: EventBridgeServer;
beforeEach(async () => {
  [sqs, sns, events] = await Promise.all([startSqsServer(), startSnsServer(), startEventBridgeServer()]);
});
afterEach(() => Promise.all([sqs.close(), sns.close(), events.close()]));

/** A functions app on the virtual clock whose queue, topic and result events go to the local AWS servers. */
function appOnLocalAws() {
  const clock = new VirtualClock();
  const errors: unknown[] = [];
  const store = new MemoryEventStore();
  const runtime = createRuntime({ store, clock, onError: (e) => errors.push(e) });
  clock.attach(runtime);
  const bus = new InProcessBus({ clock });
  const eventBridge = new EventBridgeBus({
    client: new EventBridgeClient({ endpoint: events.endpoint, ...LOCAL_CLIENT_CONFIG }),
    carryIdAs: 'statebridgeEventId',
  });
  bus.putRule({
    name: 'results-to-eventbridge',
    eventPattern: { source: ['lambda'] },
    targets: [forwardTo('eventbridge', eventBridge)],
  });
  const queue = new SqsQueueSender({ client: new SQSClient({ endpoint: sqs.endpoint, ...LOCAL_CLIENT_CONFIG }) });
  const topic = new SnsTopicPublisher({ client: new SNSClient({ endpoint: sns.endpoint, ...LOCAL_CLIENT_CONFIG }) });
  const functions = createFunctions({ runtime, bus, queue, topic, log: () => undefined });
  return { clock, store, runtime, functions, errors };
}

describe('destinations over the AWS adapters', () => {
  it('a failed invocation record arrives at SQS, and its EventBridge envelope at PutEvents', async () => {
    sqs.createQueue('failed-resizes');
    const app = appOnLocalAws();
    const resize = defineFunction(
      'resize',
      () => {
        throw new Error('image too large');
      },
      { onFailure: new SqsDestination('failed-resizes') },
    );
    const charge = defineFunction(
      'charge',
      () => {
        throw new TypeError('card declined');
      },
      { maximumRetryAttempts: 0, onFailure: new EventBridgeDestination() },
    );
    const resized = await app.functions.invokeAsync(resize, { key: 'a.jpg' });
    const charged = await app.functions.invokeAsync(charge, { amount: 5 });
    await app.clock.advance(HOUR);
    await app.runtime.idle();
    expect(app.errors).toEqual([]);

    const [record] = sqs.bodies('failed-resizes');
    expect(sqs.bodies('failed-resizes')).toHaveLength(1);
    expect(record).toMatchObject({
      version: '1.0',
      requestContext: { requestId: resized.requestId, condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: { key: 'a.jpg' },
      responseContext: { statusCode: 200, functionError: 'Unhandled' },
      responsePayload: { errorMessage: 'image too large' },
    });
    const head = await app.store.readHead(resized.requestId);
    expect(head?.event).toMatchObject({
      type: 'destination.delivered',
      delivered: { messageId: sqs.messages[0]?.messageId },
    });

    expect(events.calls()).toHaveLength(1);
    const [entry] = events.calls()[0]!;
    expect(entry).toMatchObject({ Source: 'lambda', DetailType: 'Lambda Function Invocation Result - Failure' });
    expect(entry?.Resources?.[0]).toMatch(/:function:charge:\$LATEST$/);
    expect(entry?.Resources?.[1]).toMatch(/:event-bus\/default$/);
    const detail = JSON.parse(entry!.Detail!) as Record<string, unknown>;
    expect(detail).toMatchObject({
      requestContext: { requestId: charged.requestId, condition: 'RetriesExhausted', approximateInvokeCount: 1 },
      responsePayload: { errorType: 'TypeError' },
    });
    expect(detail.statebridgeEventId).toEqual(expect.any(String));
  });

  it('a dead-letter queue gets the raw event with RequestID/ErrorCode/ErrorMessage; a topic the record', async () => {
    sqs.createQueue('resize-dlq');
    const topicArn = sns.createTopic('resize-results');
    const app = appOnLocalAws();
    const flaky = defineFunction(
      'flaky',
      () => {
        throw new Error('disk full');
      },
      { maximumRetryAttempts: 0, deadLetterQueue: { kind: 'queue', queueName: 'resize-dlq' } },
    );
    const ok = defineFunction('ok', () => ({ done: true }), { onSuccess: new SnsDestination('resize-results') });
    const failed = await app.functions.invokeAsync(flaky, { key: 'b.jpg' });
    await app.functions.invokeAsync(ok, { key: 'c.jpg' });
    await app.clock.advance(HOUR);
    await app.runtime.idle();
    const [message] = sqs.messages;
    expect(JSON.parse(message!.body)).toEqual({ key: 'b.jpg' });
    expect(message?.attributes).toEqual({
      RequestID: { DataType: 'String', StringValue: failed.requestId },
      ErrorCode: { DataType: 'Number', StringValue: '200' },
      ErrorMessage: { DataType: 'String', StringValue: 'disk full' },
    });
    expect(sns.published[0]?.topicArn).toBe(topicArn);
    expect(JSON.parse(sns.published[0]!.message)).toMatchObject({
      requestContext: { condition: 'Success' },
      responsePayload: { done: true },
    });
  });

  it('an entry EventBridge refuses for good is recorded as a failed delivery, not resent', async () => {
    const app = appOnLocalAws();
    events.entryFailure = () => ({ ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Resources is not valid.' });
    const fn = defineFunction('audit', () => 'fine', { onSuccess: new EventBridgeDestination() });
    const { requestId } = await app.functions.invokeAsync(fn, {});
    await app.runtime.idle();
    expect(events.calls()).toHaveLength(1);
    const head = await app.store.readHead(requestId);
    expect(head?.event).toMatchObject({
      type: 'destination.failed',
      error: expect.stringContaining('InvalidArgument: Parameter Resources is not valid.'),
    });
  });
});
