import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStatebridgeError } from '../../src/core/errors.js';
import {
  nextFireTime,
  parseCronSpec,
  parseScheduleExpression,
  previousFireTime,
  scheduleExpressionIssues,
} from '../../src/protocol/schedule/scheduleExpression.js';
import { conformanceCorpus } from './corpusDir.js';

// The corpus lives beside the repository; its README gives provenance and the next/prev semantics.
const corpus = conformanceCorpus('aws-cron');

interface Vector {
  readonly id: string;
  readonly cron: string;
  readonly reference: string;
  readonly direction: 'next' | 'prev';
  readonly chained: boolean;
  readonly expected: readonly string[];
}

interface InvalidExpression {
  readonly expression: string;
  readonly kind: 'rate' | 'cron';
  readonly reason: string;
}

const vectors = (JSON.parse(readFileSync(join(corpus, 'vectors.json'), 'utf8')) as { vectors: Vector[] }).vectors;
const invalid = (
  JSON.parse(readFileSync(join(corpus, 'invalid-expressions.json'), 'utf8')) as { expressions: InvalidExpression[] }
).expressions;

const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z');

describe('AWS cron fire times (aws-cron-parser vectors)', () => {
  it('finds every vector', () => {
    expect(vectors).toHaveLength(46);
  });

  for (const vector of vectors) {
    it(`${vector.id}: ${vector.direction} of cron(${vector.cron}) from ${vector.reference}`, () => {
      const schedule = parseScheduleExpression(`cron(${vector.cron})`);
      expect(schedule.kind).toBe('cron');
      const step = vector.direction === 'next' ? nextFireTime : previousFireTime;
      let from = Date.parse(vector.reference);
      if (vector.expected.length === 0) {
        expect(step(schedule, from)).toBeUndefined();
        return;
      }
      const got: (string | undefined)[] = [];
      for (let i = 0; i < vector.expected.length; i++) {
        const fire = step(schedule, from);
        got.push(iso(fire));
        if (fire === undefined) break;
        from = fire;
      }
      expect(got).toEqual(vector.expected);
    });
  }
});

describe('schedule expressions EventBridge rejects (AWS-recorded)', () => {
  it('finds every expression', () => {
    expect(invalid).toHaveLength(22);
  });

  for (const entry of invalid) {
    it(`rejects ${JSON.stringify(entry.expression)} (${entry.reason})`, () => {
      expect(scheduleExpressionIssues(entry.expression)).not.toEqual([]);
      let thrown: unknown;
      try {
        parseScheduleExpression(entry.expression);
      } catch (error) {
        thrown = error;
      }
      expect(isStatebridgeError(thrown, 'VALIDATION_FAILED')).toBe(true);
    });
  }
});

describe('schedule expressions EventBridge accepts (AWS-recorded valid list)', () => {
  const valid = [
    'cron(0 2 ? * SAT *)',
    'cron(5,35 14 * * ? *)',
    'cron(15 10 ? * 6L 2002-2005)',
    'cron(0 2 ? * SAT#3 *)',
    'cron(* * ? * SAT#3 *)',
    'cron(0/5 5 ? JAN 1-5 2022)',
    'cron(0/15 * * * ? *)',
    'cron(0/5 8-17 ? * MON-FRI *)',
    'cron(0/30 20-23 ? * MON-FRI *)',
    'cron(0/30 0-2 ? * MON-FRI *)',
    'rate(1 minute)',
    'rate(5 minutes)',
    'rate(1 hour)',
    'rate(12 hours)',
    'rate(1 day)',
    'rate(7 days)',
  ];
  for (const expression of valid) {
    it(`accepts ${expression}`, () => {
      expect(scheduleExpressionIssues(expression)).toEqual([]);
    });
  }
});

describe('schedule errors name the field and the rule', () => {
  it.each([
    ['cron(71 8 1 * ? *)', 'cron.minutes: 71 is outside 0-59'],
    ['cron(0 dummy ? * MON-FRI *)', 'cron.hours: "dummy" is not a number'],
    ['cron(0 1 * * * *)', 'cron.day-of-month: exactly one of day-of-month and day-of-week must be "?"'],
    ['cron(0 2 ? * 3#1,6#3 *)', 'cron.day-of-week'],
    ['cron(0 2 ? * * 1969)', 'cron.year: 1969 is outside 1970-2199'],
    ['rate(1 minutes)', 'rate.unit: a value of 1 takes the singular "minute"'],
    ['rate(0 minutes)', 'rate.value: "0" must be a positive integer'],
  ])('%s', (expression, message) => {
    expect(() => parseScheduleExpression(expression)).toThrowError(message);
  });
});

describe('fire-time semantics', () => {
  it('wraps a reversed hour range past midnight, as the AWS docs example reads', () => {
    const spec = parseScheduleExpression('cron(0/30 20-2 ? * MON-FRI *)');
    // Day-of-week applies to each calendar day: after Friday 23:45 the hours 0-2 of Saturday do not fire.
    expect(iso(nextFireTime(spec, Date.parse('2024-01-05T23:45:00Z')))).toBe('2024-01-08T00:00:00Z');
    expect(iso(nextFireTime(spec, Date.parse('2024-01-08T02:10:00Z')))).toBe('2024-01-08T02:30:00Z');
    expect(iso(nextFireTime(spec, Date.parse('2024-01-08T02:31:00Z')))).toBe('2024-01-08T20:00:00Z');
  });

  it('counts rates from the rule creation time', () => {
    const every5 = parseScheduleExpression('rate(5 minutes)');
    const created = Date.parse('2024-01-01T10:02:30Z');
    expect(iso(nextFireTime(every5, created, { anchorMs: created }))).toBe('2024-01-01T10:07:30Z');
    expect(iso(nextFireTime(every5, Date.parse('2024-01-01T10:07:30Z'), { anchorMs: created }))).toBe(
      '2024-01-01T10:12:30Z',
    );
    expect(previousFireTime(every5, Date.parse('2024-01-01T10:05:00Z'), { anchorMs: created })).toBeUndefined();
    expect(iso(previousFireTime(every5, Date.parse('2024-01-01T10:13:00Z'), { anchorMs: created }))).toBe(
      '2024-01-01T10:12:30Z',
    );
  });

  it('treats LW as the last weekday of the month', () => {
    const spec = parseCronSpec('0 9 LW * ? *');
    expect(spec.dayOfMonth.kind).toBe('lastWeekday');
    // August 2020 ends on a Monday (31st); May 2020 ends on a Sunday → Friday 29th.
    expect(
      iso(nextFireTime({ kind: 'cron', expression: 'cron(0 9 LW * ? *)', spec }, Date.parse('2020-05-01T00:00:00Z'))),
    ).toBe('2020-05-29T09:00:00Z');
  });
});
