import type { ValidationIssue } from '../../core/errors.js';

/** A parsed `rate(value unit)` expression. */
export interface RateSpec {
  readonly value: number;
  readonly unit: 'minute' | 'hour' | 'day';
  readonly periodMs: number;
}

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/**
 * Parse the inside of `rate(...)`: a positive integer, one space, and a lower-case unit that is
 * singular exactly when the value is 1 (`rate(1 hour)`, `rate(5 minutes)`).
 */
export function parseRateBody(body: string): RateSpec | ValidationIssue[] {
  const match = /^(\S+) (\S+)$/.exec(body);
  if (!match) return [{ path: 'rate', rule: `expects "value unit" separated by one space, got "${body}"` }];
  const [, valueText = '', unitText = ''] = match;
  const issues: ValidationIssue[] = [];
  if (!/^[1-9]\d*$/.test(valueText))
    issues.push({ path: 'rate.value', rule: `"${valueText}" must be a positive integer` });
  const singular = unitText.endsWith('s') ? unitText.slice(0, -1) : unitText;
  if (!(singular in UNIT_MS)) {
    issues.push({ path: 'rate.unit', rule: `"${unitText}" must be minute(s), hour(s) or day(s), in lower case` });
  } else if (issues.length === 0) {
    const one = valueText === '1';
    if (one === unitText.endsWith('s')) {
      issues.push({
        path: 'rate.unit',
        rule: one ? `a value of 1 takes the singular "${singular}"` : `a value above 1 takes the plural "${singular}s"`,
      });
    }
  }
  if (issues.length > 0) return issues;
  const unit = singular as RateSpec['unit'];
  const value = Number(valueText);
  return { value, unit, periodMs: value * UNIT_MS[unit] };
}

/**
 * Fire times of a rate schedule are `anchorMs + k × period` for k ≥ 1: a rate starts counting when
 * its rule is created. Returns the first one strictly after `afterMs`.
 */
export function nextRateTime(rate: RateSpec, anchorMs: number, afterMs: number): number {
  const k = Math.max(1, Math.floor((afterMs - anchorMs) / rate.periodMs) + 1);
  return anchorMs + k * rate.periodMs;
}

/** The last rate fire time strictly before `beforeMs`, or undefined if the first is not yet due. */
export function previousRateTime(rate: RateSpec, anchorMs: number, beforeMs: number): number | undefined {
  const k = Math.ceil((beforeMs - anchorMs) / rate.periodMs) - 1;
  return k >= 1 ? anchorMs + k * rate.periodMs : undefined;
}
