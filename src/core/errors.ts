/** Every error statebridge raises on purpose has a string `code`, a `retryable` flag and keeps its `cause`. */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'CONCURRENCY_CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'INSTANCE_NOT_FOUND'
  | 'INSTANCE_EXISTS'
  | 'MACHINE_NOT_REGISTERED'
  | 'MISSING_EXECUTOR'
  | 'UNSUPPORTED_ACTION'
  | 'STEP_RETRIES_EXHAUSTED'
  | 'STORE_UNAVAILABLE'
  | 'STORE_CORRUPT'
  | 'INSTANCE_FINISHED'
  | 'INSTANCE_SETTLED'
  | 'NOTHING_TO_RETRY'
  | 'OUTCOME_NOT_RECORDED'
  | 'TIMER_NOT_FIRED'
  | 'CLOSE_TIMED_OUT'
  | 'COMMAND_FAILED'
  | 'FUNCTION_THROTTLED'
  | 'FUNCTION_ERROR';

/** Base class of the statebridge error family. */
export class StatebridgeError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; retryable?: boolean; context?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.context = options.context ?? {};
  }
}

/** One problem found while validating an input: where it is and which rule it broke. */
export interface ValidationIssue {
  readonly path: string;
  readonly rule: string;
}

/** Bad input at the edge; nothing was written. The message names every field and rule. */
export class ValidationError extends StatebridgeError {
  readonly issues: readonly ValidationIssue[];
  constructor(what: string, issues: readonly ValidationIssue[]) {
    const detail = issues.map((i) => `${i.path || '(root)'}: ${i.rule}`).join('; ');
    super('VALIDATION_FAILED', `invalid ${what}: ${detail}`, { context: { what } });
    this.issues = issues;
  }
}

/** Another writer appended to the stream first; re-read and decide again. */
export class ConcurrencyConflictError extends StatebridgeError {
  constructor(streamId: string, expectedVersion: number, cause?: unknown) {
    super('CONCURRENCY_CONFLICT', `stream ${streamId} is no longer at version ${expectedVersion}`, {
      cause,
      retryable: true,
      context: { streamId, expectedVersion },
    });
  }
}

/** A step's record is larger than the store accepts; refused before anything is written. */
export class PayloadTooLargeError extends StatebridgeError {
  constructor(streamId: string, bytes: number, limit: number) {
    super(
      'PAYLOAD_TOO_LARGE',
      `step for ${streamId} is ${bytes} bytes, over the store's limit of ${limit} bytes; nothing was written`,
      { context: { streamId, bytes, limit } },
    );
  }
}

/** True when `error` is a statebridge error with the given code. */
export function isStatebridgeError(error: unknown, code?: ErrorCode): error is StatebridgeError {
  return error instanceof StatebridgeError && (code === undefined || error.code === code);
}

/** True when `error` is an optimistic-concurrency conflict. */
export function isConcurrencyConflict(error: unknown): error is ConcurrencyConflictError {
  return isStatebridgeError(error, 'CONCURRENCY_CONFLICT');
}
