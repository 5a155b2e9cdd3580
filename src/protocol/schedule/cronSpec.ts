/** The six fields of an AWS cron expression, parsed into the sets and rules that decide a fire time. */
export interface CronSpec {
  /** Sorted allowed minutes, 0-59. */
  readonly minutes: readonly number[];
  /** Sorted allowed hours, 0-23. */
  readonly hours: readonly number[];
  readonly dayOfMonth: DayOfMonthRule;
  /** Allowed months, 1-12. */
  readonly months: ReadonlySet<number>;
  readonly dayOfWeek: DayOfWeekRule;
  /** Allowed years within 1970-2199. */
  readonly years: ReadonlySet<number>;
}

/** Day-of-month: `?`, a set of days, `L`/`L-n` (n days before the last), `nW` or `LW`. */
export type DayOfMonthRule =
  | { readonly kind: 'unspecified' }
  | { readonly kind: 'days'; readonly days: ReadonlySet<number> }
  | { readonly kind: 'lastDay'; readonly offset: number }
  | { readonly kind: 'nearestWeekday'; readonly day: number }
  | { readonly kind: 'lastWeekday' };

/** Day-of-week (1 = Sunday … 7 = Saturday): `?`, a set of weekdays, `nL` (last n of the month), `n#k`. */
export type DayOfWeekRule =
  | { readonly kind: 'unspecified' }
  | { readonly kind: 'weekdays'; readonly weekdays: ReadonlySet<number> }
  | { readonly kind: 'lastOfMonth'; readonly weekday: number }
  | { readonly kind: 'nthOfMonth'; readonly weekday: number; readonly nth: number };

/** Field names as error paths use them, in expression order. */
export const CRON_FIELD_NAMES = ['minutes', 'hours', 'day-of-month', 'month', 'day-of-week', 'year'] as const;

/** Earliest and latest year an AWS cron expression may name. */
export const CRON_YEAR_RANGE = { min: 1970, max: 2199 } as const;
