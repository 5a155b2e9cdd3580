import type { CustomResourceProvider } from './request.js';

/** CloudFormation's ServiceTimeout default and maximum, in seconds. */
export const CFN_DEFAULT_TIMEOUT_S = 3600;
/** ROS Timeout default; its range is 1–43200 s. */
const ROS_DEFAULT_TIMEOUT_S = 60;
const ROS_MAX_TIMEOUT_S = 43_200;
/** ROS sync HTTP always answers within 10 s, whatever Timeout says. */
export const ROS_SYNC_TIMEOUT_S = 10;

/** The deadlines of one request, fixed when it arrives (epoch ms). */
interface RequestDeadlines {
  readonly timeoutMs: number;
  /** Answer FAILED if nothing was decided by then: the provider's deadline minus a safety margin. */
  readonly decideBy: number;
  /** The provider stops listening here; PUT retries stop too. */
  readonly deliverBy: number;
}

/** Parse a timeout the way CloudFormation sends it (a string of an integer) within `[1, max]`, else `fallback`. */
function seconds(value: unknown, max: number, fallback: number): number {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
}

/**
 * The effective timeout in seconds: CloudFormation ServiceTimeout (1–3600, default 3600); ROS Timeout
 * (1–43200, default 60); ROS sync HTTP always 10.
 */
export function effectiveTimeoutSeconds(
  provider: CustomResourceProvider,
  options: { serviceTimeout?: unknown; rosTimeout?: unknown; rosSync?: boolean },
): number {
  if (provider === 'cloudformation')
    return seconds(options.serviceTimeout, CFN_DEFAULT_TIMEOUT_S, CFN_DEFAULT_TIMEOUT_S);
  if (options.rosSync === true) return ROS_SYNC_TIMEOUT_S;
  return seconds(options.rosTimeout, ROS_MAX_TIMEOUT_S, ROS_DEFAULT_TIMEOUT_S);
}

/**
 * Safety margin before the provider's deadline: 10 % of the timeout, at least 1 s and at most 60 s,
 * so a timeout answer is decided and still has time to be delivered.
 */
export function safetyMarginMs(timeoutMs: number): number {
  return Math.min(60_000, Math.max(1000, Math.floor(timeoutMs / 10)));
}

/** Deadlines for a request received at `receivedAt` with the given timeout. */
export function requestDeadlines(receivedAt: number, timeoutSeconds: number): RequestDeadlines {
  const timeoutMs = timeoutSeconds * 1000;
  return { timeoutMs, decideBy: receivedAt + timeoutMs - safetyMarginMs(timeoutMs), deliverBy: receivedAt + timeoutMs };
}

/** Delay before PUT attempt `attempt + 1` after a failed attempt: 1 s doubling, capped at 30 s. */
export function putBackoffMs(failedAttempts: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, failedAttempts - 1));
}
