/**
 * The codes of the errors statebridge's core raises on purpose. Each names one kind of fault, so a caller
 * can branch on it (or on the class with that code). Other parts keep their own codes out of this union
 * and pass them as `StatebridgeError`'s type parameter (the function app's `FunctionErrorCode`).
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'CONCURRENCY_CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'INSTANCE_NOT_FOUND'
  | 'INSTANCE_EXISTS'
  | 'MACHINE_NOT_REGISTERED'
  | 'HANDLER_NOT_REGISTERED'
  | 'MODULE_LOAD_FAILED'
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
  | 'TIMERS_STALLED'
  | 'ANSWER_TIMED_OUT'
  | 'ANSWER_NOT_DELIVERED'
  | 'NOT_READY'
  | 'ALREADY_INSTALLED'
  | 'COMMAND_FAILED';

/** Options every error of the family takes: the fault it wraps, whether a retry may help, and context. */
export interface StatebridgeErrorOptions {
  readonly cause?: unknown;
  readonly retryable?: boolean;
  readonly context?: Record<string, unknown>;
}

/** Base class of the statebridge error family. */
export class StatebridgeError<TCode extends string = ErrorCode> extends Error {
  readonly code: TCode;
  readonly retryable: boolean;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: TCode, message: string, options: StatebridgeErrorOptions = {}) {
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

/**
 * Input over a configured size limit (an asynchronous invocation's payload, say). It is bad input like any
 * other, with the same code and message form, but an API answers it as "too large" rather than "invalid".
 */
export class PayloadLimitError extends ValidationError {
  constructor(
    what: string,
    issue: ValidationIssue,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(what, [issue]);
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

/** No instance has this id (nothing was written). */
export class InstanceNotFoundError extends StatebridgeError {
  constructor(instanceId: string) {
    super('INSTANCE_NOT_FOUND', `no instance with id "${instanceId}"`, { context: { instanceId } });
  }
}

/** No custom resource handler is registered under the name a request or an instance refers to. */
export class HandlerNotRegisteredError extends StatebridgeError {
  constructor(name: string, registered: readonly string[]) {
    super('HANDLER_NOT_REGISTERED', `no custom resource handler is registered as "${name}"`, {
      context: { name, registered },
    });
  }
}

/** A module named on the command line or in a ServiceToken could not be imported, or exports nothing usable. */
export class ModuleLoadError extends StatebridgeError {
  constructor(file: string, problem: string, cause?: unknown) {
    super('MODULE_LOAD_FAILED', problem, { cause, context: { file } });
  }
}

/** True when `error` is a statebridge error with the given code (a core code, or another part's own). */
export function isStatebridgeError<TCode extends string = ErrorCode>(
  error: unknown,
  code?: TCode,
): error is StatebridgeError<TCode> {
  return error instanceof StatebridgeError && (code === undefined || error.code === code);
}

/** True when `error` refused something for its size: over a configured limit, or a step over the store's. */
export function isPayloadSizeError(error: unknown): error is StatebridgeError {
  return error instanceof PayloadLimitError || isStatebridgeError(error, 'PAYLOAD_TOO_LARGE');
}

/** True when `error` is an optimistic-concurrency conflict. */
export function isConcurrencyConflict(error: unknown): error is ConcurrencyConflictError {
  return isStatebridgeError(error, 'CONCURRENCY_CONFLICT');
}

/** The message of anything thrown: an Error's message, else the thrown value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The string `code` of anything thrown (statebridge codes, Node's `ENOENT`, SQLite's `SQLITE_BUSY`), if any. */
export function errorCode(error: unknown): string | undefined {
  const code = error !== null && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
