import { z } from 'zod';

/** The service's bounds on `MaximumRetryAttempts`. */
export const MAXIMUM_RETRY_ATTEMPTS = { min: 0, max: 2, default: 2 } as const;
/** The service's bounds on `MaximumEventAgeInSeconds` (1 minute to 6 hours). */
export const MAXIMUM_EVENT_AGE_SECONDS = { min: 60, max: 21_600, default: 21_600 } as const;
/** Bounds on a function's timeout, as the service allows (1 second to 15 minutes). */
export const TIMEOUT_SECONDS = { min: 1, max: 900, default: 3 } as const;
/** Recursive-loop detection stops a chain that reaches the same function more often than this. */
export const MAX_CHAIN_VISITS = 16;

const rangeRule = (setting: string, range: { min: number; max: number }) =>
  `${setting} must be an integer from ${range.min} to ${range.max}`;

/** Names used for functions, queues, topics and buses: what the service accepts in a function name. */
export const resourceNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, hyphens or underscores');

/** Where an invocation result goes, as the machine stores it (plain JSON). */
export const destinationSpecSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('function'), name: resourceNameSchema, arn: z.string() }),
  z.object({ type: z.literal('queue'), name: resourceNameSchema, arn: z.string() }),
  z.object({ type: z.literal('topic'), name: resourceNameSchema, arn: z.string() }),
  z.object({
    type: z.literal('eventBus'),
    name: resourceNameSchema,
    arn: z.string(),
    /** Set when this bus destination stands for a `responseOnly` function destination (CDK's rewrite). */
    responseOnlyRule: z
      .object({ rule: z.string(), targetFunction: resourceNameSchema, inputPath: z.string() })
      .optional(),
  }),
]);

/** A destination of an invocation result (function, queue, topic or event bus). */
export type DestinationSpec = z.infer<typeof destinationSpecSchema>;

/** A dead-letter queue: an SQS queue or an SNS topic that receives the raw event. */
export const deadLetterSpecSchema = z.object({
  type: z.enum(['queue', 'topic']),
  name: resourceNameSchema,
  arn: z.string(),
});

/** Where the raw event of a failed invocation goes. */
export type DeadLetterSpec = z.infer<typeof deadLetterSpecSchema>;

/**
 * The asynchronous-invocation settings of a function, with the service's ranges. Out-of-range values
 * are rejected with a message naming the setting and its range.
 */
export const asyncInvokeConfigSchema = z.object({
  maximumRetryAttempts: z
    .number(rangeRule('maximumRetryAttempts', MAXIMUM_RETRY_ATTEMPTS))
    .int(rangeRule('maximumRetryAttempts', MAXIMUM_RETRY_ATTEMPTS))
    .min(MAXIMUM_RETRY_ATTEMPTS.min, rangeRule('maximumRetryAttempts', MAXIMUM_RETRY_ATTEMPTS))
    .max(MAXIMUM_RETRY_ATTEMPTS.max, rangeRule('maximumRetryAttempts', MAXIMUM_RETRY_ATTEMPTS))
    .default(MAXIMUM_RETRY_ATTEMPTS.default),
  maximumEventAgeInSeconds: z
    .number(rangeRule('maximumEventAgeInSeconds', MAXIMUM_EVENT_AGE_SECONDS))
    .int(rangeRule('maximumEventAgeInSeconds', MAXIMUM_EVENT_AGE_SECONDS))
    .min(MAXIMUM_EVENT_AGE_SECONDS.min, rangeRule('maximumEventAgeInSeconds', MAXIMUM_EVENT_AGE_SECONDS))
    .max(MAXIMUM_EVENT_AGE_SECONDS.max, rangeRule('maximumEventAgeInSeconds', MAXIMUM_EVENT_AGE_SECONDS))
    .default(MAXIMUM_EVENT_AGE_SECONDS.default),
  timeoutSeconds: z
    .number(rangeRule('timeoutSeconds', TIMEOUT_SECONDS))
    .int(rangeRule('timeoutSeconds', TIMEOUT_SECONDS))
    .min(TIMEOUT_SECONDS.min, rangeRule('timeoutSeconds', TIMEOUT_SECONDS))
    .max(TIMEOUT_SECONDS.max, rangeRule('timeoutSeconds', TIMEOUT_SECONDS))
    .default(TIMEOUT_SECONDS.default),
  /** Reserved concurrency; 0 sends every event straight to the failure path. Unset: unlimited. */
  reservedConcurrency: z
    .number('reservedConcurrency must be a non-negative integer')
    .int('reservedConcurrency must be a non-negative integer')
    .min(0, 'reservedConcurrency must be a non-negative integer')
    .optional(),
});

/** Validated asynchronous-invocation settings, defaults applied. */
export type AsyncInvokeConfig = z.output<typeof asyncInvokeConfigSchema>;

/** Account and region used to build ARNs (the Lambda's own on AWS, placeholders on one machine). */
export interface ArnScope {
  readonly account: string;
  readonly region: string;
  /** Prefix of deployed function names (`statebridge-` on AWS), so function ARNs name the real function. */
  readonly functionNamePrefix?: string;
}

/** The local account and region, matching the in-process bus's defaults. */
export const LOCAL_ARN_SCOPE: ArnScope = { account: '000000000000', region: 'local' };

/** The unqualified ARN of a function. */
export function functionArn(name: string, scope: ArnScope = LOCAL_ARN_SCOPE): string {
  return `arn:aws:lambda:${scope.region}:${scope.account}:function:${scope.functionNamePrefix ?? ''}${name}`;
}

/** The ARN the service puts in invocation records: qualified with `$LATEST` (no versions here). */
export function qualifiedFunctionArn(name: string, scope: ArnScope = LOCAL_ARN_SCOPE): string {
  return `${functionArn(name, scope)}:$LATEST`;
}

/** The ARN of a queue, topic or event bus. */
export function resourceArn(
  kind: 'queue' | 'topic' | 'eventBus',
  name: string,
  scope: ArnScope = LOCAL_ARN_SCOPE,
): string {
  switch (kind) {
    case 'queue':
      return `arn:aws:sqs:${scope.region}:${scope.account}:${name}`;
    case 'topic':
      return `arn:aws:sns:${scope.region}:${scope.account}:${name}`;
    case 'eventBus':
      return `arn:aws:events:${scope.region}:${scope.account}:event-bus/${name}`;
  }
}
