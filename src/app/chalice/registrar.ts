import { ValidationError, type ValidationIssue } from '../../core/errors.js';
import type { Json } from '../../core/stepRecord.js';
import { validateEventPattern, type EventPattern } from '../../protocol/eventPattern.js';
import { parseEventSource, type EventSourceKind } from '../../protocol/eventSources/eventSourceSchemas.js';
import type { FunctionContext } from '../functions/defineFunction.js';
import type { DeadLetterTarget } from '../functions/destination.js';
import { FUNCTION_SETTINGS } from '../functions/functionOptionsCheck.js';
import { DynamoDBEvent, KinesisEvent, SQSEvent } from './batchEvents.js';
import { authorizerFunction, ChaliceAuthorizer, ttlSecondsOf, type AuthorizerHandler } from './http/authorizers.js';
import { routeFunction, type ViewHandler } from './http/routeFunction.js';
import { routeSpecOf, type RouteOptions } from './http/routeOptions.js';
import { CloudWatchEvent } from './lambdaEvent.js';
import {
  callerPlace,
  type FunctionSettings,
  type RawHandler,
  type RegistrationDraft,
  type SourceSpec,
} from './registration.js';
import { scheduleOf, type ScheduleInput } from './scheduleExpressions.js';
import type { DynamodbSource, KinesisSource, S3Source, SnsSource, SqsSource } from './sourceOptions.js';
import { s3SourceIssues, snsSourceIssues, sqsSourceIssues, streamSourceIssues, topicNameOf } from './sourceRules.js';
import { S3Event, SNSEvent } from './storageEvents.js';
import { websocketRun, websocketSettings, type WebsocketHandler } from './websocket/websocketRegistration.js';

/** A handler that receives one event wrapper. */
export type EventHandler<TEvent> = (event: TEvent) => unknown;

/** Lambda's default function timeout, which the SQS visibility check compares against. */
const DEFAULT_TIMEOUT_SECONDS = 3;

/**
 * The registration methods `App` and `Blueprint` share. Each validates its source at once and hands a
 * draft to `add`: an app names and keeps it, a blueprint keeps it until an app registers the blueprint.
 */
export abstract class Registrar {
  protected abstract add(draft: RegistrationDraft): void;

  /** Run `handler` on a schedule: a `rate(...)`/`cron(...)` string, a `Rate` or a `Cron`. */
  schedule(expression: ScheduleInput, handler: EventHandler<CloudWatchEvent>, settings: ScheduleSettings = {}): this {
    const place = callerPlace('app.schedule');
    const schedule = scheduleOf(expression);
    const source = { kind: 'schedule' as const, schedule, description: settings.description ?? '' };
    return this.register(source, handler, settings, place, wrapped('schedule', CloudWatchEvent, handler));
  }

  /** Run `handler` for every event on the bus that matches an EventBridge pattern. */
  onCwEvent(eventPattern: EventPattern, handler: EventHandler<CloudWatchEvent>, settings: FunctionSettings = {}): this {
    const place = callerPlace('app.onCwEvent');
    const pattern = validateEventPattern(eventPattern);
    const run: RawHandler = (event, context) => handler(new CloudWatchEvent(asObject(event), context));
    return this.register({ kind: 'cwEvent', eventPattern: pattern }, handler, settings, place, run);
  }

  /** Run `handler` for objects written to (or removed from) a bucket, filtered by event type, prefix, suffix. */
  onS3Event(source: S3Source, handler: EventHandler<S3Event>): this {
    const place = callerPlace('app.onS3Event');
    const events = source.events ?? ['s3:ObjectCreated:*'];
    this.check(place, s3SourceIssues({ ...source, events }));
    const spec: SourceSpec = {
      kind: 's3',
      bucket: source.bucket,
      events,
      ...(source.prefix === undefined ? {} : { prefix: source.prefix }),
      ...(source.suffix === undefined ? {} : { suffix: source.suffix }),
    };
    return this.register(spec, handler, source, place, wrapped('s3', S3Event, handler));
  }

  /** Run `handler` for every message published to a topic (by name or ARN). */
  onSnsMessage(source: SnsSource, handler: EventHandler<SNSEvent>): this {
    const place = callerPlace('app.onSnsMessage');
    this.check(place, snsSourceIssues(source));
    const spec: SourceSpec = { kind: 'sns', topic: topicNameOf(source.topic) };
    return this.register(spec, handler, source, place, wrapped('sns', SNSEvent, handler));
  }

  /** Run `handler` on batches of a queue's messages (Chalice's default batch size 1). */
  onSqsMessage(source: SqsSource, handler: EventHandler<SQSEvent>): this {
    const place = callerPlace('app.onSqsMessage');
    const spec = {
      kind: 'sqs' as const,
      queue: source.queue,
      batchSize: source.batchSize ?? 1,
      maximumBatchingWindowInSeconds: source.maximumBatchingWindowInSeconds ?? 0,
      visibilityTimeoutSeconds: source.visibilityTimeoutSeconds ?? 30,
      ...(source.redrive === undefined ? {} : { redrive: source.redrive }),
    };
    this.check(
      place,
      sqsSourceIssues({
        ...spec,
        timeoutSeconds: source.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
        maxReceiveCount: source.redrive?.maxReceiveCount,
        deadLetterQueue: source.redrive?.deadLetterQueue,
      }),
    );
    return this.register(spec, handler, mappedSettings(place, source), place, wrapped('sqs', SQSEvent, handler));
  }

  /** Run `handler` on batches of a Kinesis stream's records, in order per shard. */
  onKinesisMessage(source: KinesisSource, handler: EventHandler<KinesisEvent>): this {
    const place = callerPlace('app.onKinesisMessage');
    const run = wrapped('kinesis', KinesisEvent, handler);
    return this.streamSource(place, 'kinesis', source.stream, source, handler, run);
  }

  /** Run `handler` on batches of a DynamoDB table stream's records, in order per shard. */
  onDynamodbMessage(source: DynamodbSource, handler: EventHandler<DynamoDBEvent>): this {
    const place = callerPlace('app.onDynamodbMessage');
    const run = wrapped('dynamodb', DynamoDBEvent, handler);
    return this.streamSource(place, 'dynamodb', source.streamArn, source, handler, run);
  }

  /** A plain function, invoked directly (`client.lambda.invoke`), with the raw event and its context. */
  lambdaFunction(handler: (event: Json, context: FunctionContext) => unknown, settings: FunctionSettings = {}): this {
    const place = callerPlace('app.lambdaFunction');
    return this.register({ kind: 'lambda' }, handler, settings, place, (e, c) => handler(e as Json, c));
  }

  /**
   * Serve `handler` on a path for some methods, as Chalice's `app.route`. Each request is a synchronous
   * (RequestResponse) invocation of the route's function, never retried, as API Gateway calls Lambda.
   */
  route(path: string, options: RouteOptions, handler: ViewHandler): this {
    const place = callerPlace('app.route');
    const spec = routeSpecOf(place, path, options);
    const settings = { ...options, maximumRetryAttempts: 0 };
    if (options.maximumRetryAttempts !== undefined && options.maximumRetryAttempts !== 0)
      this.check(place, [{ path: 'maximumRetryAttempts', rule: 'must be 0 for a route (API Gateway does not retry)' }]);
    const unbound: RawHandler = () => {
      throw new Error(`${place} runs only once its app is known`);
    };
    const bind = (host: Parameters<typeof routeFunction>[2]) => routeFunction(spec, handler, host);
    return this.register(spec, handler, settings, place, unbound, bind);
  }

  /**
   * A built-in (TOKEN) authorizer, as Chalice's `@app.authorizer`: its function gets an `AuthRequest` and
   * returns an `AuthResponse`; API Gateway caches the result per token for `ttlSeconds` (default 300).
   * Pass the returned authorizer as a route's `authorizer`.
   */
  authorizer(
    handler: AuthorizerHandler,
    options: FunctionSettings & { ttlSeconds?: number; header?: string } = {},
  ): ChaliceAuthorizer {
    const place = callerPlace('app.authorizer');
    const ttlSeconds = ttlSecondsOf(place, options.ttlSeconds ?? 300);
    const header = options.header ?? 'Authorization';
    if (typeof header !== 'string' || !/^[A-Za-z0-9-]+$/.test(header))
      this.check(place, [{ path: 'header', rule: 'must be a header name (letters, digits, -)' }]);
    const name = options.name ?? (handler as { name?: string } | undefined)?.name ?? '';
    const authorizer = new ChaliceAuthorizer(name, ttlSeconds, header);
    const run = authorizerFunction(handler);
    this.register({ kind: 'authorizer', authorizer }, handler, { ...options, maximumRetryAttempts: 0 }, place, run);
    return authorizer;
  }

  /** Run `handler` when a client opens a websocket; throwing or answering a non-2xx status refuses it. */
  onWsConnect(handler: WebsocketHandler, settings: FunctionSettings = {}): this {
    return this.websocket('$connect', callerPlace('app.onWsConnect'), handler, settings);
  }

  /** Run `handler` for every message a websocket client sends (API Gateway's `$default` route). */
  onWsMessage(handler: WebsocketHandler, settings: FunctionSettings = {}): this {
    return this.websocket('$default', callerPlace('app.onWsMessage'), handler, settings);
  }

  /** Run `handler` once a websocket connection has closed, from either side. */
  onWsDisconnect(handler: WebsocketHandler, settings: FunctionSettings = {}): this {
    return this.websocket('$disconnect', callerPlace('app.onWsDisconnect'), handler, settings);
  }

  private websocket(
    routeKey: '$connect' | '$default' | '$disconnect',
    place: string,
    handler: WebsocketHandler,
    settings: FunctionSettings,
  ): this {
    const spec: SourceSpec = { kind: 'websocket', routeKey };
    return this.register(spec, handler, websocketSettings(routeKey, place, settings), place, websocketRun(handler));
  }

  /** A stream event source mapping (Kinesis or DynamoDB): checked, then registered with the mapping's settings. */
  private streamSource(
    place: string,
    kind: 'kinesis' | 'dynamodb',
    stream: string,
    source: KinesisSource | DynamodbSource,
    handler: unknown,
    run: RawHandler,
  ): this {
    const spec = streamSpec(kind, stream, source);
    this.check(place, streamSourceIssues(kind, { ...spec, onFailure: source.onFailure }));
    return this.register(spec, handler, streamFunctionSettings(source), place, run);
  }

  private register(
    source: SourceSpec,
    handler: unknown,
    settings: FunctionSettings,
    place: string,
    run: RawHandler,
    bind?: RegistrationDraft['bind'],
  ): this {
    if (typeof handler !== 'function') this.check(place, [{ path: 'handler', rule: 'must be a function' }]);
    const baseName = settings.name ?? (handler as { name: string }).name;
    if (baseName === '')
      this.check(place, [{ path: 'name', rule: 'is required when the handler has no function name of its own' }]);
    const draft = { source, baseName, settings: functionSettingsOf(settings), run, place };
    this.add(bind === undefined ? draft : { ...draft, bind });
    return this;
  }

  private check(place: string, issues: ValidationIssue[]): void {
    if (issues.length > 0) throw new ValidationError(place, issues);
  }
}

/** Settings of `app.schedule`. */
export interface ScheduleSettings extends FunctionSettings {
  readonly description?: string;
}

function streamSpec(
  kind: 'kinesis' | 'dynamodb',
  stream: string,
  source: KinesisSource | DynamodbSource,
): SourceSpec & { kind: 'kinesis' | 'dynamodb' } {
  return {
    kind,
    stream,
    batchSize: source.batchSize ?? 100,
    maximumBatchingWindowInSeconds: source.maximumBatchingWindowInSeconds ?? 0,
    startingPosition: source.startingPosition ?? 'LATEST',
    maximumRetryAttempts: source.maximumRetryAttempts ?? -1,
    maximumRecordAgeInSeconds: source.maximumRecordAgeInSeconds ?? -1,
    bisectBatchOnFunctionError: source.bisectBatchOnFunctionError ?? false,
    ...(isDeadLetterTarget(source.onFailure) ? { onFailure: source.onFailure } : {}),
  };
}

/**
 * A stream mapping's `maximumRetryAttempts` and `onFailure` are the mapping's own (its retries of a
 * batch, its on-failure destination), so the deliveries themselves take no asynchronous retries.
 */
function streamFunctionSettings(source: KinesisSource | DynamodbSource): FunctionSettings {
  const { maximumRetryAttempts: _retries, onFailure: _onFailure, ...settings } = source;
  return { ...settings, maximumRetryAttempts: 0 };
}

function isDeadLetterTarget(target: unknown): target is DeadLetterTarget {
  const kind = (target as { kind?: unknown } | undefined)?.kind;
  return kind === 'queue' || kind === 'topic';
}

/**
 * An event source mapping invokes synchronously and retries through the source (visibility timeout,
 * stream retries), so its deliveries take no asynchronous retries of their own.
 */
function mappedSettings(place: string, settings: FunctionSettings): FunctionSettings {
  if (settings.maximumRetryAttempts !== undefined && settings.maximumRetryAttempts !== 0)
    throw new ValidationError(place, [
      { path: 'maximumRetryAttempts', rule: 'must be 0 for a queue or stream source (the source retries the batch)' },
    ]);
  return { ...settings, maximumRetryAttempts: 0 };
}

/** Only the function's own settings: not its name (taken apart above) nor the source's fields. */
function functionSettingsOf(settings: FunctionSettings): FunctionSettings {
  const keys = FUNCTION_SETTINGS.filter((k) => settings[k] !== undefined);
  return Object.fromEntries(keys.map((k) => [k, settings[k]]));
}

/** The raw handler that validates the event of a source and wraps it for the user's handler. */
function wrapped<TRaw, TEvent>(
  kind: EventSourceKind,
  Wrapper: new (raw: TRaw, context: FunctionContext) => TEvent,
  handler: EventHandler<TEvent>,
): RawHandler {
  return (event, context) => handler(new Wrapper(parseEventSource(kind, event) as TRaw, context));
}

function asObject(event: unknown): Readonly<Record<string, Json>> {
  if (typeof event === 'object' && event !== null && !Array.isArray(event)) return event as Record<string, Json>;
  throw new ValidationError('CloudWatch event', [{ path: '(root)', rule: 'must be a JSON object' }]);
}
