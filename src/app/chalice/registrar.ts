import type { Json } from '../../core/stepRecord.js';
import type { EventPattern } from '../../protocol/eventPattern.js';
import type { FunctionContext } from '../functions/defineFunction.js';
import { FUNCTION_SETTINGS } from '../functions/functionOptionsCheck.js';
import type { DynamoDBEvent, KinesisEvent, SQSEvent } from './batchEvents.js';
import type { AuthorizerHandler, ChaliceAuthorizer } from './http/authorizers.js';
import type { ViewHandler } from './http/routeFunction.js';
import type { RouteOptions } from './http/routeOptions.js';
import { authorizerRegistration, routeRegistration, type AuthorizerOptions } from './http/routeRegistrations.js';
import type { CloudWatchEvent } from './lambdaEvent.js';
import { dynamodbRegistration, kinesisRegistration, sqsRegistration } from './mappedRegistrations.js';
import type { EventHandler } from './rawHandlers.js';
import {
  callerPlace,
  refuseIssues,
  type FunctionSettings,
  type RegistrationDraft,
  type SourceRegistration,
} from './registration.js';
import type { ScheduleInput } from './scheduleExpressions.js';
import {
  cwEventRegistration,
  s3Registration,
  scheduleRegistration,
  snsRegistration,
  type ScheduleSettings,
} from './serviceRegistrations.js';
import type { DynamodbSource, KinesisSource, S3Source, SnsSource, SqsSource } from './sourceOptions.js';
import type { S3Event, SNSEvent } from './storageEvents.js';
import { websocketRegistration, type WebsocketHandler } from './websocket/websocketRegistration.js';

export type { EventHandler } from './rawHandlers.js';
export type { ScheduleSettings } from './serviceRegistrations.js';

/**
 * The registration methods `App` and `Blueprint` share. Each source family decides its registration
 * (service events, queue and stream mappings, routes, websockets: one file each) and the registrar names
 * the caller's place, checks the handler and hands a draft to `add`: an app names and keeps it, a
 * blueprint keeps it until an app registers the blueprint.
 */
export abstract class Registrar {
  protected abstract add(draft: RegistrationDraft): void;

  /** Run `handler` on a schedule: a `rate(...)`/`cron(...)` string, a `Rate` or a `Cron`. */
  schedule(expression: ScheduleInput, handler: EventHandler<CloudWatchEvent>, settings: ScheduleSettings = {}): this {
    const place = callerPlace('app.schedule');
    return this.register(place, scheduleRegistration(expression, handler, settings));
  }

  /** Run `handler` for every event on the bus that matches an EventBridge pattern. */
  onCwEvent(eventPattern: EventPattern, handler: EventHandler<CloudWatchEvent>, settings: FunctionSettings = {}): this {
    const place = callerPlace('app.onCwEvent');
    return this.register(place, cwEventRegistration(eventPattern, handler, settings));
  }

  /** Run `handler` for objects written to (or removed from) a bucket, filtered by event type, prefix, suffix. */
  onS3Event(source: S3Source, handler: EventHandler<S3Event>): this {
    const place = callerPlace('app.onS3Event');
    return this.register(place, s3Registration(place, source, handler));
  }

  /** Run `handler` for every message published to a topic (by name or ARN). */
  onSnsMessage(source: SnsSource, handler: EventHandler<SNSEvent>): this {
    const place = callerPlace('app.onSnsMessage');
    return this.register(place, snsRegistration(place, source, handler));
  }

  /** Run `handler` on batches of a queue's messages (Chalice's default batch size 1). */
  onSqsMessage(source: SqsSource, handler: EventHandler<SQSEvent>): this {
    const place = callerPlace('app.onSqsMessage');
    return this.register(place, sqsRegistration(place, source, handler));
  }

  /** Run `handler` on batches of a Kinesis stream's records, in order per shard. */
  onKinesisMessage(source: KinesisSource, handler: EventHandler<KinesisEvent>): this {
    const place = callerPlace('app.onKinesisMessage');
    return this.register(place, kinesisRegistration(place, source, handler));
  }

  /** Run `handler` on batches of a DynamoDB table stream's records, in order per shard. */
  onDynamodbMessage(source: DynamodbSource, handler: EventHandler<DynamoDBEvent>): this {
    const place = callerPlace('app.onDynamodbMessage');
    return this.register(place, dynamodbRegistration(place, source, handler));
  }

  /** A plain function, invoked directly (`client.lambda.invoke`), with the raw event and its context. */
  lambdaFunction(handler: (event: Json, context: FunctionContext) => unknown, settings: FunctionSettings = {}): this {
    const place = callerPlace('app.lambdaFunction');
    return this.register(place, {
      source: { kind: 'lambda' },
      handler,
      settings,
      run: (e, c) => handler(e as Json, c),
    });
  }

  /**
   * Serve `handler` on a path for some methods, as Chalice's `app.route`. Each request is a synchronous
   * (RequestResponse) invocation of the route's function, never retried, as API Gateway calls Lambda.
   */
  route(path: string, options: RouteOptions, handler: ViewHandler): this {
    const place = callerPlace('app.route');
    return this.register(place, routeRegistration(place, path, options, handler));
  }

  /**
   * A built-in (TOKEN) authorizer, as Chalice's `@app.authorizer`: its function gets an `AuthRequest` and
   * returns an `AuthResponse`; API Gateway caches the result per token for `ttlSeconds` (default 300).
   * Pass the returned authorizer as a route's `authorizer`.
   */
  authorizer(handler: AuthorizerHandler, options: AuthorizerOptions = {}): ChaliceAuthorizer {
    const place = callerPlace('app.authorizer');
    const { authorizer, registration } = authorizerRegistration(place, handler, options);
    this.register(place, registration);
    return authorizer;
  }

  /** Run `handler` when a client opens a websocket; throwing or answering a non-2xx status refuses it. */
  onWsConnect(handler: WebsocketHandler, settings: FunctionSettings = {}): this {
    const place = callerPlace('app.onWsConnect');
    return this.register(place, websocketRegistration('$connect', place, handler, settings));
  }

  /** Run `handler` for every message a websocket client sends (API Gateway's `$default` route). */
  onWsMessage(handler: WebsocketHandler, settings: FunctionSettings = {}): this {
    const place = callerPlace('app.onWsMessage');
    return this.register(place, websocketRegistration('$default', place, handler, settings));
  }

  /** Run `handler` once a websocket connection has closed, from either side. */
  onWsDisconnect(handler: WebsocketHandler, settings: FunctionSettings = {}): this {
    const place = callerPlace('app.onWsDisconnect');
    return this.register(place, websocketRegistration('$disconnect', place, handler, settings));
  }

  private register(place: string, registration: SourceRegistration): this {
    const { source, handler, settings, run, bind } = registration;
    if (typeof handler !== 'function') refuseIssues(place, [{ path: 'handler', rule: 'must be a function' }]);
    const baseName = settings.name ?? (handler as { name: string }).name;
    if (baseName === '')
      refuseIssues(place, [{ path: 'name', rule: 'is required when the handler has no function name of its own' }]);
    const draft = { source, baseName, settings: functionSettingsOf(settings), run, place };
    this.add(bind === undefined ? draft : { ...draft, bind });
    return this;
  }
}

/** Only the function's own settings: not its name (taken apart above) nor the source's fields. */
function functionSettingsOf(settings: FunctionSettings): FunctionSettings {
  const keys = FUNCTION_SETTINGS.filter((k) => settings[k] !== undefined);
  return Object.fromEntries(keys.map((k) => [k, settings[k]]));
}
