import { StatebridgeError, type ErrorCode } from '../core/errors.js';

/**
 * Why an AWS call failed, as the AWS SDK's own retry strategy sorts it
 * (`@smithy/service-error-classification`): `throttled` and `transient` and `server` and `network` may
 * succeed if sent again; `final` will not (a missing resource, a bad request, access denied).
 */
export type AwsFailureKind = 'throttled' | 'transient' | 'server' | 'network' | 'final';

// The SDK's THROTTLING_ERROR_CODES, plus the throttling names SNS, SQS and KMS-backed calls use.
const THROTTLING_CODES: ReadonlySet<string> = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
  'Throttled',
  'KMSThrottling',
  'KmsThrottled',
]);

// The SDK's TRANSIENT_ERROR_CODES, plus the services' names for internal failures that some of them
// send without a 5xx status (EventBridge entry codes, DynamoDB, SNS).
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalFailure',
  'InternalError',
  'InternalErrorException',
  'InternalException',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

// The SDK's NODEJS_TIMEOUT_ERROR_CODES and network error codes: the request never got an answer.
const NETWORK_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND']);

interface SdkErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly $retryable?: { readonly throttling?: boolean };
  readonly $fault?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/** The one rule for "may this AWS call succeed if made again", for every AWS adapter. */
export function classifyAwsFailure(error: unknown): AwsFailureKind {
  if (typeof error !== 'object' || error === null) return 'final';
  const e = error as SdkErrorShape;
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode;
  if (e.$retryable !== undefined) return e.$retryable.throttling === true ? 'throttled' : 'transient';
  if (THROTTLING_CODES.has(name) || status === 429) return 'throttled';
  if (TRANSIENT_CODES.has(name)) return 'transient';
  if (e.code !== undefined && NETWORK_CODES.has(e.code)) return 'network';
  if ((status !== undefined && status >= 500 && status <= 599) || e.$fault === 'server') return 'server';
  if (status === undefined) return 'network';
  return 'final';
}

/** True when the call may succeed if made again (anything but `final`). */
export function isRetryableAwsFailure(error: unknown): boolean {
  if (error instanceof StatebridgeError) return error.retryable;
  return classifyAwsFailure(error) !== 'final';
}

/** How one AWS call failed, and how to describe it. */
interface AwsCallFailure {
  readonly service: string;
  readonly operation: string;
  /** What the call was aimed at (a table, a queue, a topic), named in the message and the context. */
  readonly target: string;
  /** The context key the target is reported under (`queue`, `topic`, ...). */
  readonly targetKey: string;
  readonly error: unknown;
  readonly code?: ErrorCode;
}

/**
 * Wrap an AWS SDK failure in the statebridge family, keeping the SDK error as `cause`, retryable as
 * `classifyAwsFailure` says. Shared by the cloud adapters so they classify failures alike.
 */
export function awsCallFailed(failure: AwsCallFailure): StatebridgeError {
  const { service, operation, target, error } = failure;
  if (error instanceof StatebridgeError) return error;
  const name = (error as { name?: string } | null)?.name ?? 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const kind = classifyAwsFailure(error);
  return new StatebridgeError(
    failure.code ?? 'COMMAND_FAILED',
    `${service} ${operation} to ${target} failed: ${name}: ${message}`,
    {
      cause: error,
      retryable: kind !== 'final',
      context: { service, operation, [failure.targetKey]: target, errorName: name, failureKind: kind },
    },
  );
}
