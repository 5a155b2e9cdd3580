/**
 * What the AWS deployment (`infra/`, `statebridge/cdk`) and the Lambda entry points (`statebridge/aws`)
 * agree on: environment variable names, the events statebridge puts on its own bus, and the payload the
 * timer state machine hands to the ingress. One module, imported by both sides, so they cannot drift.
 */

/** Environment variables the deployment sets on every statebridge Lambda function. */
export const AWS_ENV = {
  /** Name of the DynamoDB event table. */
  table: 'STATEBRIDGE_TABLE',
  /** Name of the EventBridge bus that feeds the ingress. */
  bus: 'STATEBRIDGE_BUS',
  /** ARN of the Step Functions state machine that delivers durable timers. */
  timerStateMachineArn: 'STATEBRIDGE_TIMER_STATE_MACHINE_ARN',
  /** Number of shards of the table's work indexes (default 16). */
  indexShards: 'STATEBRIDGE_INDEX_SHARDS',
  /** Prefix of the Lambda function names that registered functions are deployed as. */
  functionNamePrefix: 'STATEBRIDGE_FUNCTION_PREFIX',
  /** Set on the Lambda function of a registered function: the name it was registered under (without prefix). */
  functionName: 'STATEBRIDGE_FUNCTION_NAME',
} as const;

/** `source` of the events statebridge itself puts on its bus (responder answers, sends to instances). */
export const BUS_SOURCE = 'statebridge';

/** `detail-type` of statebridge's own bus events. */
export const DETAIL_TYPE = {
  /** `detail`: `{ instanceId, event, eventId }` — an event for one instance (a Responder's answer, say). */
  send: 'statebridge.send',
  /** `detail`: `{ machineId, instanceId, input, eventId }` — start an instance. */
  start: 'statebridge.start',
} as const;

/** The event pattern of the rule that routes statebridge's own bus events to the ingress. */
export const INGRESS_EVENT_PATTERN = { source: [BUS_SOURCE] } as const;

/**
 * The timer state machine's execution input, handed unchanged to the ingress when the wait is over.
 * `dueAt` is an ISO-8601 UTC timestamp: the state machine's `Wait` reads it with `TimestampPath: $.dueAt`.
 */
export interface TimerFiring {
  readonly kind: 'statebridge.timer';
  readonly streamId: string;
  readonly timerKey: string;
  readonly dueAt: string;
  /** The timer's id and event (set by the arming step), so the ingress delivers it without reading the head. */
  readonly timerId?: string;
  readonly event?: { readonly type: string; readonly [key: string]: unknown };
}

/** The `kind` that marks a timer firing among the ingress's inputs. */
export const TIMER_FIRING_KIND = 'statebridge.timer';

/** Default number of shards of each work index. */
export const DEFAULT_INDEX_SHARDS = 16;

/** `detail` of a `statebridge.send` event. */
export interface SendDetail {
  readonly instanceId: string;
  readonly event: { readonly type: string; readonly [key: string]: unknown };
  /** The same id twice is applied once. */
  readonly eventId: string;
}

/** `detail` of a `statebridge.start` event. */
export interface StartDetail {
  readonly machineId: string;
  readonly instanceId: string;
  readonly input: unknown;
  readonly eventId: string;
}

/** The `kind` of an asynchronous invocation requested by calling the ingress with Invoke. */
export const INVOKE_REQUEST_KIND = 'statebridge.invoke';

/**
 * Payload of an Invoke call to the ingress that queues an asynchronous invocation of a registered
 * function (the 202 of `InvocationType: Event`, with the machine's retries and destinations).
 */
export interface InvokeRequest {
  readonly kind: 'statebridge.invoke';
  readonly functionName: string;
  readonly payload: unknown;
  /** Choose the request id (the same id twice is one invocation). */
  readonly requestId?: string;
}
/**
 * The metric the sweeper reports after each pass (CloudWatch embedded metric format, so no IAM is
 * needed): instances whose earliest timer is past due or whose commands wait longer than a sweep. The
 * deployment alarms on it. One dimension, the table name, so two deployments in an account stay apart.
 */
export const OVERDUE_METRIC = { namespace: 'statebridge', name: 'InstancesOverdue', dimension: 'Table' } as const;

/**
 * A `responseOnly` rule (CDK's shape: the target gets `$.detail.responsePayload` and nothing else)
 * invokes the ingress through an alias named this prefix + the target function's name, so the ingress
 * reads the function to start from `context.invokedFunctionArn`.
 */
export const RESPONSE_ONLY_ALIAS_PREFIX = 'responseOnly-';

/**
 * Every source of an App (a schedule or pattern rule, an S3 notification, an SNS subscription, an SQS or stream
 * event source mapping, an API Gateway integration or authorizer) invokes the ingress through an alias named
 * this prefix + the function's name, so the ingress knows the function without reading the event, and two
 * mappings from one queue or stream to two functions are two targets as AWS requires.
 */
export const APP_SOURCE_ALIAS_PREFIX = 'app-';
