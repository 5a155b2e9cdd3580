/**
 * The service's two retry regimes. Function errors (thrown errors, timeouts) wait 1 minute before the
 * first retry and 2 minutes before the second; throttles and system errors back off exponentially
 * from 1 second to at most 5 minutes until the event age runs out.
 */

/** Wait before retry `retryNumber` (1 or 2) after a function error, in ms. */
export function functionErrorRetryDelayMs(retryNumber: number): number {
  return Math.max(1, retryNumber) * 60_000;
}

/** Longest wait between throttled attempts. */
export const MAX_THROTTLE_DELAY_MS = 300_000;

/** Wait after the `throttleCount`-th throttle (1-based): 1 s, 2 s, 4 s, … capped at 5 minutes. */
export function throttleRetryDelayMs(throttleCount: number): number {
  const exponent = Math.min(Math.max(0, throttleCount - 1), 20);
  return Math.min(1000 * 2 ** exponent, MAX_THROTTLE_DELAY_MS);
}

/** Apply a demo/test scale to a delay, never below 1 ms so timers keep their order. */
export function scaleDelay(ms: number, scale: number): number {
  return Math.max(1, Math.round(ms * scale));
}
