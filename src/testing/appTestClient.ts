import { randomBytes, randomUUID } from 'node:crypto';
import { InProcessBus } from '../adapters/bus/inProcessBus.js';
import { MemoryEventStore } from '../adapters/memory/memoryEventStore.js';
import type { App } from '../app/chalice/app.js';
import { runApp, type AppRunner } from '../local/chalice/appRunner.js';
import { dynamodbRecordOf, kinesisRecordOf, sqsRecordOf } from '../app/chalice/recordEvents.js';
import { cwEventOf, s3EventOf, snsEventOf } from '../app/chalice/serviceEvents.js';
import type { FunctionContext } from '../app/functions/defineFunction.js';
import { FunctionThrottledError, HandledFunctionError } from '../app/functions/functionErrors.js';
import { ValidationError } from '../core/errors.js';
import { HttpTestClient } from './appHttpClient.js';
import type { Json } from '../core/stepRecord.js';
import type { AttributeMap } from '../protocol/eventSources/attributeValue.js';
import { qualifiedFunctionArn } from '../protocol/invocation/config.js';
import { websocketProxyEventOf, type WebsocketRouteKey } from '../protocol/websocket/websocketProxyEvent.js';
import { createRuntime } from '../runtime/runtime.js';
import { VirtualClock } from '../runtime/virtualClock.js';

/**
 * Chalice's test client for an App: invoke a function directly, build events in the services' shapes
 * (each with fresh ids), and run the app's sources on a virtual clock that fires schedules when advanced.
 * @example
 * const client = await TestClient.create(app);
 * const event = client.events.generateS3Event({ bucket: 'img', key: 'a.jpg' });
 * const { payload } = await client.lambda.invoke('resize', event);
 * await client.advance(5 * 60_000); // schedules fire
 * const { statusCode, jsonBody } = await client.http.get('/objects/a');
 */
export class TestClient {
  readonly lambda = { invoke: (name: string, payload: unknown = {}) => this.invoke(name, payload) };
  readonly events: EventGenerators;
  /** Requests to the app's routes, in process, through the local API's gateway. */
  readonly http: HttpTestClient;

  private constructor(
    readonly app: App,
    readonly clock: VirtualClock,
    /** The app running on the memory store: its bucket, queue, topic and functions. */
    readonly runner: AppRunner,
  ) {
    this.events = eventGenerators(clock);
    this.http = new HttpTestClient(runner);
  }

  /** Run `app` on a memory store, an in-process bus and a virtual clock (start: 2026-01-01 UTC). */
  static async create(app: App, options: { start?: number } = {}): Promise<TestClient> {
    const clock = new VirtualClock(options.start);
    const runtime = createRuntime({ store: new MemoryEventStore(), clock });
    const runner = await runApp(app, { runtime, bus: new InProcessBus({ clock }), log: () => undefined });
    clock.attach(runtime);
    clock.attach(runner);
    await clock.advance(0);
    return new TestClient(app, clock, runner);
  }

  /** Move the virtual clock forward, firing schedules, queue batches and retries that fall due. */
  async advance(ms: number): Promise<void> {
    await this.clock.advance(ms);
  }

  private async invoke(name: string, payload: unknown): Promise<{ payload: unknown }> {
    const registration = this.app.registration(name);
    if (registration === undefined)
      throw new ValidationError('lambda.invoke', [
        { path: 'name', rule: `must name a registered function, got "${name}"` },
      ]);
    const started = this.clock.now();
    const timeoutMs = registration.fn.config.timeoutSeconds * 1000;
    const context: FunctionContext = {
      requestId: randomUUID(),
      attempt: 1,
      functionName: name,
      invokedFunctionArn: qualifiedFunctionArn(name),
      getRemainingTimeInMillis: () => Math.max(0, started + timeoutMs - this.clock.now()),
      throttle: (reason) => new FunctionThrottledError(name, reason),
      fail: (error) => new HandledFunctionError(error),
    };
    return { payload: await registration.fn.handler(payload as never, context) };
  }
}

/** The event builders of `client.events`. */
export type EventGenerators = ReturnType<typeof eventGenerators>;

function eventGenerators(clock: VirtualClock) {
  const at = () => clock.now();
  let sequence = 0;
  const nextSequence = () => String((sequence += 1)).padStart(21, '0');
  return {
    generateS3Event: (o: { bucket: string; key: string; eventName?: string }) => s3EventOf({ ...o, at: at() }),
    generateSnsEvent: (o: { message: string; subject?: string; topic?: string }) =>
      snsEventOf({
        topic: o.topic ?? 'mytopic',
        message: o.message,
        at: at(),
        ...(o.subject === undefined ? {} : { subject: o.subject }),
      }),
    /** One record per body, each with its own message id. */
    generateSqsEvent: (o: { messageBodies: readonly string[]; queue?: string }) => ({
      Records: o.messageBodies.map((body) =>
        sqsRecordOf({ queue: o.queue ?? 'queue-name', body, sentAt: at(), at: at() }),
      ),
    }),
    generateCwEvent: (o: { source: string; detailType: string; detail?: Json; resources?: readonly string[] }) =>
      cwEventOf({ ...o, detail: o.detail ?? {}, at: at() }),
    generateKinesisEvent: (o: { messageBodies: readonly string[]; stream?: string }) => ({
      Records: o.messageBodies.map((data) =>
        kinesisRecordOf({ stream: o.stream ?? 'stream-name', data, sequenceNumber: nextSequence(), at: at() }),
      ),
    }),
    generateDynamodbEvent: (o: {
      streamArn: string;
      records: readonly { keys: AttributeMap; newImage?: AttributeMap; oldImage?: AttributeMap }[];
    }) => ({
      Records: o.records.map((r) =>
        dynamodbRecordOf({ streamArn: o.streamArn, ...r, sequenceNumber: nextSequence(), at: at() }),
      ),
    }),
    /** A websocket proxy event (`$default` unless told), each with its own request and message ids. */
    generateWebsocketEvent: (
      o: {
        body?: string;
        routeKey?: WebsocketRouteKey;
        connectionId?: string;
        domainName?: string;
        stage?: string;
      } = {},
    ) => {
      const routeKey = o.routeKey ?? '$default';
      const connection = {
        connectionId: o.connectionId ?? `${randomBytes(8).toString('base64').slice(0, 11)}=`,
        connectedAt: at(),
        domainName: o.domainName ?? 'abcd123456.execute-api.us-east-1.amazonaws.com',
        stage: o.stage ?? 'api',
        apiId: 'abcd123456',
        sourceIp: '127.0.0.1',
      };
      const messageId = routeKey === '$default' ? { messageId: randomUUID() } : {};
      const body = o.body === undefined ? {} : { body: o.body };
      return websocketProxyEventOf(routeKey, connection, { requestId: randomUUID(), at: at(), ...messageId, ...body });
    },
  };
}
