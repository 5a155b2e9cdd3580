import { ValidationError, type ValidationIssue } from '../../core/errors.js';
import { parseCronFields } from './cronExpression.js';
import { nextCronTime, previousCronTime } from './cronSchedule.js';
import type { CronSpec } from './cronSpec.js';
import { nextRateTime, parseRateBody, previousRateTime, type RateSpec } from './rateExpression.js';

/** A validated EventBridge rule schedule expression. */
export type ScheduleExpression =
  | ({ readonly kind: 'rate'; readonly expression: string } & RateSpec)
  | { readonly kind: 'cron'; readonly expression: string; readonly spec: CronSpec };

/**
 * Every reason EventBridge's PutRule would reject `expression` as a ScheduleExpression, each naming
 * the field and the rule; empty when it is valid. The text must be exactly `rate(...)` or
 * `cron(...)`: no surrounding whitespace, lower-case keyword.
 */
export function scheduleExpressionIssues(expression: string): ValidationIssue[] {
  const parsed = parse(expression);
  return Array.isArray(parsed) ? parsed : [];
}

/**
 * Parse and validate a schedule expression; throws a ValidationError naming each field and rule.
 * @example
 * const every5 = parseScheduleExpression('rate(5 minutes)');
 * const weekdays = parseScheduleExpression('cron(0/15 8-17 ? * MON-FRI *)');
 */
export function parseScheduleExpression(expression: string): ScheduleExpression {
  const parsed = parse(expression);
  if (Array.isArray(parsed)) throw new ValidationError('schedule expression', parsed);
  return parsed;
}

/** Options for fire-time queries. */
export interface FireTimeOptions {
  /**
   * When the rule was created (epoch ms): a rate fires one period after it, then every period.
   * Defaults to 0, which aligns rates to the Unix epoch. Cron expressions ignore it.
   */
  readonly anchorMs?: number;
}

/**
 * The first fire time strictly after `afterMs` (epoch ms, UTC), or undefined when there is none.
 * @example
 * nextFireTime(parseScheduleExpression('cron(0 12 * * ? *)'), Date.parse('2024-01-01T13:00:00Z'));
 * // → Date.parse('2024-01-02T12:00:00Z')
 */
export function nextFireTime(
  schedule: ScheduleExpression,
  afterMs: number,
  options: FireTimeOptions = {},
): number | undefined {
  return schedule.kind === 'rate'
    ? nextRateTime(schedule, options.anchorMs ?? 0, afterMs)
    : nextCronTime(schedule.spec, afterMs);
}

/** The last fire time strictly before `beforeMs` (epoch ms, UTC), or undefined when there is none. */
export function previousFireTime(
  schedule: ScheduleExpression,
  beforeMs: number,
  options: FireTimeOptions = {},
): number | undefined {
  return schedule.kind === 'rate'
    ? previousRateTime(schedule, options.anchorMs ?? 0, beforeMs)
    : previousCronTime(schedule.spec, beforeMs);
}

/** Parse the six fields of a cron expression without the `cron(...)` wrapper. */
export function parseCronSpec(fields: string): CronSpec {
  const parsed = parseCronFields(fields);
  if (Array.isArray(parsed)) throw new ValidationError('cron expression', parsed);
  return parsed;
}

function parse(expression: string): ScheduleExpression | ValidationIssue[] {
  const match = /^(rate|cron)\((.*)\)$/s.exec(expression);
  if (!match) {
    return [{ path: '', rule: 'must be exactly rate(value unit) or cron(fields), with no surrounding whitespace' }];
  }
  const [, keyword, body = ''] = match;
  if (keyword === 'rate') {
    const rate = parseRateBody(body);
    return Array.isArray(rate) ? rate : { kind: 'rate', expression, ...rate };
  }
  const spec = parseCronFields(body);
  return Array.isArray(spec) ? spec : { kind: 'cron', expression, spec };
}
