import type { ValidationIssue } from '../../core/errors.js';
import { ValidationError } from '../../core/errors.js';
import { expandPattern, isOrOperator } from './flatten.js';
import { PATTERN_OPERATORS, isRecord, type EventPattern } from './types.js';
import { conditionIssues } from './validateCondition.js';

/** EventBridge refuses a pattern whose `$or` branches multiply out to more combinations than this. */
const MAX_PATTERN_COMBINATIONS = 1000;

/**
 * Every reason EventBridge would reject `pattern` with `InvalidEventPatternException`, each naming
 * the path inside the pattern and the rule it breaks. Empty when the pattern is valid.
 */
export function eventPatternIssues(pattern: unknown): ValidationIssue[] {
  if (!isRecord(pattern)) return [{ path: '', rule: 'an event pattern must be a JSON object' }];
  const issues = objectIssues(pattern, '');
  if (issues.length === 0 && usesOr(pattern)) {
    const combinations = expandPattern(pattern).reduce(
      (sum, branch) => sum + branch.reduce((product, leaf) => product * Math.max(1, leaf.conditions.length), 1),
      0,
    );
    if (combinations > MAX_PATTERN_COMBINATIONS) {
      issues.push({
        path: '',
        rule: `$or expands to ${combinations} combinations, more than ${MAX_PATTERN_COMBINATIONS}`,
      });
    }
  }
  return issues;
}

/**
 * Throw a ValidationError listing every problem when EventBridge would reject `pattern`; otherwise
 * return it typed as an EventPattern.
 * @example
 * bus.putRule({ name: 'orders', eventPattern: validateEventPattern(JSON.parse(text)), targets });
 */
export function validateEventPattern(pattern: unknown): EventPattern {
  const issues = eventPatternIssues(pattern);
  if (issues.length > 0) throw new ValidationError('event pattern', issues);
  return pattern as EventPattern;
}

function objectIssues(pattern: Record<string, unknown>, path: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [key, value] of Object.entries(pattern)) {
    const here = path === '' ? key : `${path}.${key}`;
    if (isOrOperator(key, value)) {
      value.forEach((branch, i) => issues.push(...objectIssues(branch, `${here}[${i}]`)));
    } else if (
      key === '$or' &&
      Array.isArray(value) &&
      value.length === 1 &&
      isRecord(value[0]) &&
      !isOperatorObject(value[0])
    ) {
      issues.push({ path: here, rule: '$or needs at least two alternative sub-patterns' });
    } else if (Array.isArray(value)) {
      issues.push(...leafIssues(value, here));
    } else if (isRecord(value)) {
      if (Object.keys(value).length === 0)
        issues.push({ path: here, rule: 'an empty object matches nothing; give at least one field' });
      issues.push(...objectIssues(value, here));
    } else {
      issues.push({ path: here, rule: `"${key}" must be an object or an array` });
    }
  }
  return issues;
}

function leafIssues(conditions: readonly unknown[], path: string): ValidationIssue[] {
  if (conditions.length === 0) return [{ path, rule: 'empty arrays are not allowed' }];
  return conditions.flatMap((condition, i) => conditionIssues(condition, `${path}[${i}]`));
}

function isOperatorObject(value: Record<string, unknown>): boolean {
  return Object.keys(value).some((key) => (PATTERN_OPERATORS as readonly string[]).includes(key));
}

function usesOr(value: unknown): boolean {
  if (!isRecord(value)) return false;
  return Object.entries(value).some(([key, child]) => isOrOperator(key, child) || usesOr(child));
}
