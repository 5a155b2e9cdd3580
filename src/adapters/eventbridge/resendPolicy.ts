import { isRetryableAwsFailure } from '../awsCallError.js';

/** Entry error codes EventBridge returns for a passing condition: such entries are sent again. */
export const RETRYABLE_ENTRY_CODES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'InternalException',
  'InternalFailure',
  'ServiceUnavailable',
]);

/** How often and how patiently entries that failed for a passing reason are sent again. */
export interface ResendPolicy {
  /** Tries per entry, the first send included (default 4). */
  readonly maxAttempts: number;
  /** Wait before the first resend, doubled for each further one (default 100 ms). */
  readonly baseDelayMs: number;
  /** Longest wait between two sends (default 5 s). */
  readonly maxDelayMs: number;
}

/** The defaults: 4 tries, waits of about 100, 200, 400 ms, never more than 5 s. */
export const DEFAULT_RESEND_POLICY: ResendPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5_000 };

/**
 * The wait before resend number `resend` (1 for the first): capped exponential, with the upper half
 * jittered so that many senders throttled together do not come back together.
 */
export function resendDelay(policy: ResendPolicy, resend: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (resend - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * Whether a whole PutEvents call that threw may be sent again: the one AWS rule (`classifyAwsFailure`:
 * throttling, transient codes, a server fault, no HTTP answer). Anything else (access denied, an unknown
 * bus, a bad request) is final.
 */
export function isRetryableCallError(error: unknown): boolean {
  return isRetryableAwsFailure(error);
}
