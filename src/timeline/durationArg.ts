import { ValidationError } from '../core/errors.js';

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parse a duration option such as `90s`, `15m`, `1h`, `2d` (or plain milliseconds) into milliseconds.
 * @example
 * parseDuration('1h', '--since'); // 3600000
 */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (match === null)
    throw new ValidationError(option, [
      { path: option, rule: `must be a duration like 90s, 15m, 1h or 2d, got "${text}"` },
    ]);
  return Math.round(Number(match[1]) * (UNITS[match[2] ?? 'ms'] ?? 1));
}

/** Parse a positive integer option. */
export function parsePositiveInt(text: string, option: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new ValidationError(option, [{ path: option, rule: `must be a positive integer, got "${text}"` }]);
  return n;
}
