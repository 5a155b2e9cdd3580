import { ValidationError, type ValidationIssue } from '../../core/errors.js';
import type { EventPattern } from '../../protocol/eventPattern.js';
import type { ScheduleExpression } from '../../protocol/schedule/scheduleExpression.js';
import type { FunctionContext, FunctionOptions } from '../functions/defineFunction.js';
import type { Authorizer, ChaliceAuthorizer } from './http/authorizers.js';
import type { CORSConfig } from './http/httpValues.js';
import type { RouteHost } from './http/routeFunction.js';
import type { WebsocketRouteKey } from '../../protocol/websocket/websocketProxyEvent.js';
import type { DeadLetterTarget } from '../functions/destination.js';
import type { StartingPosition } from './sourceRules.js';

/** Settings every registration takes: the function's name (default: the handler's) and its invoke config. */
export interface FunctionSettings extends FunctionOptions {
  readonly name?: string;
}

/** What starts a function: the source part of a registration, validated. */
export type SourceSpec =
  | { readonly kind: 'schedule'; readonly schedule: ScheduleExpression; readonly description: string }
  | { readonly kind: 'cwEvent'; readonly eventPattern: EventPattern }
  | {
      readonly kind: 's3';
      readonly bucket: string;
      readonly events: readonly string[];
      readonly prefix?: string;
      readonly suffix?: string;
    }
  | { readonly kind: 'sns'; readonly topic: string }
  | {
      readonly kind: 'sqs';
      readonly queue: string;
      readonly batchSize: number;
      readonly maximumBatchingWindowInSeconds: number;
      readonly visibilityTimeoutSeconds: number;
      readonly redrive?: { readonly deadLetterQueue: string; readonly maxReceiveCount: number };
    }
  | {
      readonly kind: 'kinesis' | 'dynamodb';
      readonly stream: string;
      readonly batchSize: number;
      readonly maximumBatchingWindowInSeconds: number;
      readonly startingPosition: StartingPosition;
      /** -1 (default) retries a failing batch until it succeeds or its records expire. */
      readonly maximumRetryAttempts: number;
      /** -1 (default) keeps records until the stream drops them. */
      readonly maximumRecordAgeInSeconds: number;
      readonly bisectBatchOnFunctionError: boolean;
      /** Where a batch given up on is described (Lambda's on-failure destination of a mapping). */
      readonly onFailure?: DeadLetterTarget;
    }
  | {
      readonly kind: 'route';
      readonly path: string;
      readonly methods: readonly string[];
      readonly contentTypes: readonly string[];
      readonly cors?: CORSConfig;
      readonly authorizer?: Authorizer;
      readonly apiKeyRequired: boolean;
    }
  | { readonly kind: 'authorizer'; readonly authorizer: ChaliceAuthorizer }
  | { readonly kind: 'websocket'; readonly routeKey: WebsocketRouteKey }
  | { readonly kind: 'lambda' };

/** The kind of source a registration has. */
export type SourceKind = SourceSpec['kind'];

/** The code a registration runs, taking the raw event as delivered. */
export type RawHandler = (event: unknown, context: FunctionContext) => unknown;

/**
 * A registration before it joins an app: a blueprint keeps these and the app names them (with the
 * blueprint's prefix) when the blueprint is registered.
 */
export interface RegistrationDraft {
  readonly source: SourceSpec;
  /** The name before any prefix: `settings.name`, else the handler's function name. */
  readonly baseName: string;
  readonly settings: FunctionSettings;
  readonly run: RawHandler;
  /** A route's code, built when it joins an app: it reads the app's `debug` and binary types. */
  readonly bind?: (host: RouteHost) => RawHandler;
  /** Where it was registered (`app.onS3Event at app.ts:12:5`), for messages about it. */
  readonly place: string;
}

/** Where user code called a registration method: the first stack frame outside this folder. */
export function callerPlace(method: string): string {
  const here = import.meta.url.slice(0, import.meta.url.lastIndexOf('/') + 1).replace(/^file:\/\//, '');
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  const frame = frames.find((line) => !line.includes(here) && /:\d+:\d+\)?\s*$/.test(line));
  const where = /\(?((?:file:\/\/)?[^()\s]+:\d+:\d+)\)?\s*$/.exec(frame ?? '')?.[1];
  return where === undefined ? method : `${method} at ${where.replace(/^file:\/\//, '')}`;
}

/**
 * What a registration method decides before the registrar names it: the validated source, the
 * function's settings and the code that runs (with `handler` kept to check it and take its name).
 */
export interface SourceRegistration {
  readonly source: SourceSpec;
  readonly handler: unknown;
  readonly settings: FunctionSettings;
  readonly run: RawHandler;
  readonly bind?: RegistrationDraft['bind'];
}

/** Refuse a registration at `place` when its source broke a rule. */
export function refuseIssues(place: string, issues: readonly ValidationIssue[]): void {
  if (issues.length > 0) throw new ValidationError(place, issues);
}
