/**
 * Parsing of the plain parts of a cron field: comma lists of `*`, `n`, `a-b`, each with an optional
 * `/step`, with month and weekday names. A reversed range such as hours `20-2` wraps around the end
 * of the field, as the AWS documentation's `0/30 20-2 ? * MON-FRI *` example reads.
 */

/** The bounds and names of one field. */
export interface FieldRange {
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Whether `a-b` with a > b wraps around (false for years). */
  readonly wraps: boolean;
}

/** Month names; JAN = 1. */
export const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** Weekday names; SUN = 1. */
export const WEEKDAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** The values a field list allows, or a message naming the offending part. */
export function parseFieldList(text: string, range: FieldRange): Set<number> | string {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const added = parseItem(item, range);
    if (typeof added === 'string') return added;
    for (const value of added) values.add(value);
  }
  return values;
}

/** One value by number or (case-insensitive) name, or a message. */
export function parseFieldValue(text: string, range: FieldRange): number | string {
  const byName = range.names?.indexOf(text.toUpperCase()) ?? -1;
  const value = byName >= 0 ? range.min + byName : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isNaN(value)) return `"${text}" is not a number${range.names ? ' or name' : ''}`;
  if (value < range.min || value > range.max) return `${value} is outside ${range.min}-${range.max}`;
  return value;
}

function parseItem(item: string, range: FieldRange): number[] | string {
  const [base = '', step, ...extra] = item.split('/');
  if (extra.length > 0 || base === '') return `"${item}" is not a value, range or step`;
  let stepSize = 1;
  if (step !== undefined) {
    if (!/^\d+$/.test(step) || Number(step) < 1) return `step "${step}" must be a positive integer`;
    stepSize = Number(step);
  }
  let start: number;
  let end: number;
  if (base === '*') {
    [start, end] = [range.min, range.max];
  } else {
    const [from = '', to, ...more] = base.split('-');
    if (more.length > 0) return `"${base}" is not a range`;
    const first = parseFieldValue(from, range);
    if (typeof first === 'string') return first;
    start = first;
    // `a/n` runs from a to the end of the field; a lone value without a step is just itself.
    end = to === undefined ? (step === undefined ? first : range.max) : Number.NaN;
    if (to !== undefined) {
      const last = parseFieldValue(to, range);
      if (typeof last === 'string') return last;
      if (last < first && !range.wraps) return `range ${base} runs backwards`;
      end = last < first ? last + (range.max - range.min + 1) : last;
    }
  }
  const span = range.max - range.min + 1;
  const values: number[] = [];
  for (let v = start; v <= end; v += stepSize) values.push(v > range.max ? v - span : v);
  return values;
}
