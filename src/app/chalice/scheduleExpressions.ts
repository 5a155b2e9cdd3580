/**
 * Chalice's `Rate` and `Cron`: typed builders of EventBridge schedule expressions. Each one validates
 * when built, so a bad value fails where it is written, naming the field and the rule.
 */
import { ValidationError } from '../../core/errors.js';
import { parseScheduleExpression, type ScheduleExpression } from '../../protocol/schedule/scheduleExpression.js';

/** A unit of `Rate`. */
export type RateUnit = 'minutes' | 'hours' | 'days';

/**
 * A fixed-rate schedule, `rate(value unit)`.
 * @example
 * app.schedule(new Rate(5, Rate.MINUTES), everyFive);
 */
export class Rate {
  static readonly MINUTES = 'minutes' as const;
  static readonly HOURS = 'hours' as const;
  static readonly DAYS = 'days' as const;

  constructor(
    readonly value: number,
    readonly unit: RateUnit,
  ) {
    if (!Number.isInteger(value) || value < 1)
      throw new ValidationError('Rate', [{ path: 'value', rule: `must be a positive integer, got ${value}` }]);
    if (!['minutes', 'hours', 'days'].includes(unit))
      throw new ValidationError('Rate', [{ path: 'unit', rule: 'must be Rate.MINUTES, Rate.HOURS or Rate.DAYS' }]);
  }

  /** The expression EventBridge takes: a value of 1 takes the singular unit (`rate(1 hour)`). */
  toExpression(): string {
    return `rate(${this.value} ${this.value === 1 ? this.unit.slice(0, -1) : this.unit})`;
  }
}

/**
 * A cron schedule in EventBridge's six fields (UTC).
 * @example
 * app.schedule(new Cron(15, 10, '?', '*', '6L', '2002-2005'), lastFriday);
 */
export class Cron {
  constructor(
    readonly minutes: string | number,
    readonly hours: string | number,
    readonly dayOfMonth: string | number,
    readonly month: string | number,
    readonly dayOfWeek: string | number,
    readonly year: string | number,
  ) {
    parseScheduleExpression(this.toExpression());
  }

  /** The expression EventBridge takes, `cron(minutes hours day-of-month month day-of-week year)`. */
  toExpression(): string {
    return `cron(${[this.minutes, this.hours, this.dayOfMonth, this.month, this.dayOfWeek, this.year].join(' ')})`;
  }
}

/** A schedule as `app.schedule` accepts it. */
export type ScheduleInput = string | Rate | Cron;

/** Parse what `app.schedule` was given; a string must be a valid `rate(...)` or `cron(...)`. */
export function scheduleOf(input: ScheduleInput): ScheduleExpression {
  if (input instanceof Rate || input instanceof Cron) return parseScheduleExpression(input.toExpression());
  if (typeof input !== 'string')
    throw new ValidationError('schedule', [{ path: 'expression', rule: 'must be a string, a Rate or a Cron' }]);
  return parseScheduleExpression(input);
}
