import { CRON_YEAR_RANGE, type CronSpec } from './cronSpec.js';

const MINUTE_MS = 60_000;
const LAST_MINUTE_OF_DAY = 23 * 60 + 59;

/**
 * The first fire time strictly after `afterMs` (epoch ms, UTC), or undefined when the expression
 * never fires again (its years are exhausted). The search starts at the minute after the one that
 * holds `afterMs`, so fire times are whole minutes.
 */
export function nextCronTime(spec: CronSpec, afterMs: number): number | undefined {
  const start = new Date((Math.floor(afterMs / MINUTE_MS) + 1) * MINUTE_MS);
  let [y, m, d] = [start.getUTCFullYear(), start.getUTCMonth() + 1, start.getUTCDate()];
  let from = start.getUTCHours() * 60 + start.getUTCMinutes();
  const nextMonth = (): void => {
    [y, m, d, from] = m === 12 ? [y + 1, 1, 1, 0] : [y, m + 1, 1, 0];
  };
  while (y <= CRON_YEAR_RANGE.max) {
    if (!spec.years.has(y)) {
      [y, m, d, from] = [y + 1, 1, 1, 0];
    } else if (!spec.months.has(m) || d > daysInMonth(y, m)) {
      nextMonth();
    } else {
      const time = dayMatches(spec, y, m, d) ? firstTimeFrom(spec, from) : undefined;
      if (time !== undefined) return Date.UTC(y, m - 1, d) + time * MINUTE_MS;
      [d, from] = [d + 1, 0];
    }
  }
  return undefined;
}

/**
 * The last fire time strictly before `beforeMs` (epoch ms, UTC), or undefined when there is none.
 * The search starts at the last whole minute before `beforeMs`, inclusive.
 */
export function previousCronTime(spec: CronSpec, beforeMs: number): number | undefined {
  const start = new Date((Math.ceil(beforeMs / MINUTE_MS) - 1) * MINUTE_MS);
  let [y, m, d] = [start.getUTCFullYear(), start.getUTCMonth() + 1, start.getUTCDate()];
  let until = start.getUTCHours() * 60 + start.getUTCMinutes();
  const previousMonth = (): void => {
    [y, m] = m === 1 ? [y - 1, 12] : [y, m - 1];
    [d, until] = [daysInMonth(y, m), LAST_MINUTE_OF_DAY];
  };
  while (y >= CRON_YEAR_RANGE.min) {
    if (!spec.years.has(y)) {
      [y, m, d, until] = [y - 1, 12, 31, LAST_MINUTE_OF_DAY];
    } else if (!spec.months.has(m) || d < 1) {
      previousMonth();
    } else {
      const time = dayMatches(spec, y, m, d) ? lastTimeUntil(spec, until) : undefined;
      if (time !== undefined) return Date.UTC(y, m - 1, d) + time * MINUTE_MS;
      [d, until] = [d - 1, LAST_MINUTE_OF_DAY];
    }
  }
  return undefined;
}

/** Earliest allowed minute of the day at or after `from` (minutes since midnight). */
function firstTimeFrom(spec: CronSpec, from: number): number | undefined {
  for (const hour of spec.hours) {
    for (const minute of spec.minutes) {
      if (hour * 60 + minute >= from) return hour * 60 + minute;
    }
  }
  return undefined;
}

/** Latest allowed minute of the day at or before `until`. */
function lastTimeUntil(spec: CronSpec, until: number): number | undefined {
  for (let h = spec.hours.length - 1; h >= 0; h--) {
    for (let i = spec.minutes.length - 1; i >= 0; i--) {
      const time = (spec.hours[h] ?? 0) * 60 + (spec.minutes[i] ?? 0);
      if (time <= until) return time;
    }
  }
  return undefined;
}

function dayMatches(spec: CronSpec, y: number, m: number, d: number): boolean {
  const last = daysInMonth(y, m);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 1;
  const dom = spec.dayOfMonth;
  const dow = spec.dayOfWeek;
  const domOk =
    dom.kind === 'unspecified' ||
    (dom.kind === 'days' && dom.days.has(d)) ||
    (dom.kind === 'lastDay' && d === last - dom.offset) ||
    (dom.kind === 'nearestWeekday' && dom.day <= last && d === nearestWeekday(y, m, dom.day, last)) ||
    (dom.kind === 'lastWeekday' && d === nearestWeekday(y, m, last, last));
  const dowOk =
    dow.kind === 'unspecified' ||
    (dow.kind === 'weekdays' && dow.weekdays.has(weekday)) ||
    (dow.kind === 'lastOfMonth' && weekday === dow.weekday && d + 7 > last) ||
    (dow.kind === 'nthOfMonth' && weekday === dow.weekday && Math.ceil(d / 7) === dow.nth);
  return domOk && dowOk;
}

/** The weekday nearest to `day` without leaving the month (`W`): Saturday moves back, Sunday forward. */
function nearestWeekday(y: number, m: number, day: number, last: number): number {
  const weekday = new Date(Date.UTC(y, m - 1, day)).getUTCDay();
  if (weekday === 6) return day === 1 ? 3 : day - 1;
  if (weekday === 0) return day === last ? day - 2 : day + 1;
  return day;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
