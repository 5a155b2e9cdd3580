import { StatebridgeError, type ErrorCode } from '../core/errors.js';

/** How one AWS call failed, and how to describe it. */
export interface AwsCallFailure {
  readonly service: string;
  readonly operation: string;
  /** What the call was aimed at (a table, a queue, a topic), named in the message and the context. */
  readonly target: string;
  /** The context key the target is reported under (`queue`, `topic`, ...). */
  readonly targetKey: string;
  readonly error: unknown;
  /** Error names the service uses for throttling and passing server trouble. */
  readonly passingNames: ReadonlySet<string>;
  readonly code?: ErrorCode;
}

/**
 * Wrap an AWS SDK failure in the statebridge family, keeping the SDK error as `cause`. Throttling,
 * server faults and network failures (no HTTP answer) are retryable; a missing resource or a bad
 * request is not. Shared by the cloud adapters so they classify failures alike.
 */
export function awsCallFailed(failure: AwsCallFailure): StatebridgeError {
  const { service, operation, target, error } = failure;
  if (error instanceof StatebridgeError) return error;
  const name = (error as { name?: string }).name ?? 'Error';
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const retryable =
    failure.passingNames.has(name) || (error as { $fault?: string }).$fault === 'server' || status === undefined;
  const message = error instanceof Error ? error.message : String(error);
  return new StatebridgeError(
    failure.code ?? 'COMMAND_FAILED',
    `${service} ${operation} to ${target} failed: ${name}: ${message}`,
    {
      cause: error,
      retryable,
      context: { service, operation, [failure.targetKey]: target, errorName: name },
    },
  );
}
