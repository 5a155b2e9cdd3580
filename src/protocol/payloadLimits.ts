import { ValidationError } from '../core/errors.js';

/**
 * The largest payload of an asynchronous Lambda invocation, an SQS message and an EventBridge PutEvents
 * call: 1 MB (1,048,576 bytes) since 2026-01-29, when AWS raised all three from 256 KB. Every place that
 * enforces it takes an option to set another limit, e.g. 262144 for a partition still on the old one.
 */
export const SERVERLESS_PAYLOAD_LIMIT_BYTES = 1024 * 1024;

/**
 * The byte limit set by option `option` of `what`, or `fallback` when it is not set. Throws a
 * ValidationError naming the option when it is not a whole number of bytes, 1 or more.
 */
export function byteLimitOption(what: string, option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1)
    throw new ValidationError(what, [
      { path: option, rule: `must be a whole number of bytes, 1 or more, got ${value}` },
    ]);
  return value;
}
