import type { ValidationIssue } from '../../core/errors.js';
import { MONTH_NAMES, WEEKDAY_NAMES, parseFieldList, parseFieldValue, type FieldRange } from './cronField.js';
import {
  CRON_FIELD_NAMES,
  CRON_YEAR_RANGE,
  type CronSpec,
  type DayOfMonthRule,
  type DayOfWeekRule,
} from './cronSpec.js';

const MINUTES: FieldRange = { min: 0, max: 59, wraps: true };
const HOURS: FieldRange = { min: 0, max: 23, wraps: true };
const DAYS: FieldRange = { min: 1, max: 31, wraps: true };
const MONTHS: FieldRange = { min: 1, max: 12, names: MONTH_NAMES, wraps: true };
const WEEKDAYS: FieldRange = { min: 1, max: 7, names: WEEKDAY_NAMES, wraps: true };
const YEARS: FieldRange = { ...CRON_YEAR_RANGE, wraps: false };

/**
 * Parse the inside of `cron(...)`: six space-separated fields `Minutes Hours Day-of-month Month
 * Day-of-week Year`. Exactly one of day-of-month and day-of-week must be `?`.
 */
export function parseCronFields(text: string): CronSpec | ValidationIssue[] {
  const fields = text.split(' ');
  if (fields.length !== 6 || fields.some((f) => f === '')) {
    return [
      {
        path: 'cron',
        rule: `needs exactly six fields separated by single spaces (${CRON_FIELD_NAMES.join(' ')}), got "${text}"`,
      },
    ];
  }
  const [minuteText = '', hourText = '', domText = '', monthText = '', dowText = '', yearText = ''] = fields;
  const issues: ValidationIssue[] = [];
  const list = (field: string, name: (typeof CRON_FIELD_NAMES)[number], range: FieldRange): Set<number> => {
    const parsed = parseFieldList(field, range);
    if (typeof parsed === 'string') issues.push({ path: `cron.${name}`, rule: parsed });
    return typeof parsed === 'string' ? new Set() : parsed;
  };
  const minutes = list(minuteText, 'minutes', MINUTES);
  const hours = list(hourText, 'hours', HOURS);
  const months = list(monthText, 'month', MONTHS);
  const years = yearText === '*' ? list('*', 'year', YEARS) : list(yearText, 'year', YEARS);
  const dayOfMonth = parseDayOfMonth(domText);
  const dayOfWeek = parseDayOfWeek(dowText);
  if (typeof dayOfMonth === 'string') issues.push({ path: 'cron.day-of-month', rule: dayOfMonth });
  if (typeof dayOfWeek === 'string') issues.push({ path: 'cron.day-of-week', rule: dayOfWeek });
  if (typeof dayOfMonth !== 'string' && typeof dayOfWeek !== 'string') {
    const unspecified = [dayOfMonth.kind, dayOfWeek.kind].filter((k) => k === 'unspecified').length;
    if (unspecified !== 1) {
      issues.push({ path: 'cron.day-of-month', rule: 'exactly one of day-of-month and day-of-week must be "?"' });
    }
  }
  if (issues.length > 0 || typeof dayOfMonth === 'string' || typeof dayOfWeek === 'string') return issues;
  const sorted = (set: Set<number>): number[] => [...set].sort((a, b) => a - b);
  return { minutes: sorted(minutes), hours: sorted(hours), dayOfMonth, months, dayOfWeek, years };
}

/** `?`, a list, `L`, `L-n`, `nW` or `LW`; the special forms stand alone in the field. */
function parseDayOfMonth(text: string): DayOfMonthRule | string {
  if (text === '?') return { kind: 'unspecified' };
  if (text === 'L') return { kind: 'lastDay', offset: 0 };
  if (text === 'LW') return { kind: 'lastWeekday' };
  const lastMinus = /^L-(\d+)$/.exec(text);
  // `L-n` is not in the AWS reference; it is accepted as n days before the last day of the month.
  if (lastMinus) {
    const offset = Number(lastMinus[1]);
    return offset <= 30 ? { kind: 'lastDay', offset } : `L-${offset}: the offset must be at most 30`;
  }
  const weekday = /^(\d+)W$/.exec(text);
  if (weekday) {
    const day = parseFieldValue(weekday[1] ?? '', DAYS);
    return typeof day === 'string' ? day : { kind: 'nearestWeekday', day };
  }
  if (/[LW#?]/.test(text)) return `"${text}": L, W and ? must stand alone in day-of-month`;
  const days = parseFieldList(text, DAYS);
  return typeof days === 'string' ? days : { kind: 'days', days };
}

/** `?`, a list, `L`, `nL` (last weekday n of the month) or `n#k` (k-th weekday n, k 1-5). */
function parseDayOfWeek(text: string): DayOfWeekRule | string {
  if (text === '?') return { kind: 'unspecified' };
  if (text === 'L') return { kind: 'weekdays', weekdays: new Set([7]) };
  const last = /^([A-Za-z]{3}|\d+)L$/.exec(text);
  if (last) {
    const weekday = parseFieldValue(last[1] ?? '', WEEKDAYS);
    return typeof weekday === 'string' ? weekday : { kind: 'lastOfMonth', weekday };
  }
  const nth = /^([A-Za-z]{3}|\d+)#(\d+)$/.exec(text);
  if (nth) {
    const weekday = parseFieldValue(nth[1] ?? '', WEEKDAYS);
    const k = Number(nth[2]);
    if (typeof weekday === 'string') return weekday;
    return k >= 1 && k <= 5 ? { kind: 'nthOfMonth', weekday, nth: k } : `#${k}: the week of the month must be 1-5`;
  }
  if (/[L#?]/.test(text))
    return `"${text}": L, # and ? must stand alone in day-of-week (only one # expression is allowed)`;
  const weekdays = parseFieldList(text, WEEKDAYS);
  return typeof weekdays === 'string' ? weekdays : { kind: 'weekdays', weekdays };
}
