import type { ValidationIssue } from '../../core/errors.js';
import { parseCidr } from './cidr.js';
import { isRecord } from './types.js';
import { wildcardProblem } from './wildcard.js';

/** Problems with one element of a leaf array: a scalar value or a single-operator filter object. */
export function conditionIssues(condition: unknown, path: string): ValidationIssue[] {
  if (condition === null || ['string', 'boolean'].includes(typeof condition)) return [];
  if (typeof condition === 'number') return Number.isFinite(condition) ? [] : issue(path, 'numbers must be finite');
  if (!isRecord(condition))
    return issue(path, 'match value must be a string, number, true, false, null or an operator object');
  const entries = Object.entries(condition);
  const [operator, operand] = entries[0] ?? [];
  if (entries.length !== 1 || operator === undefined) return issue(path, 'only one key allowed in match expression');
  const at = `${path}.${operator}`;
  switch (operator) {
    case 'prefix':
    case 'suffix':
      return affixIssues(operand, at, operator);
    case 'equals-ignore-case':
      return typeof operand === 'string' ? [] : issue(at, 'equals-ignore-case match pattern must be a string');
    case 'wildcard':
      return wildcardIssues(operand, at);
    case 'exists':
      return typeof operand === 'boolean' ? [] : issue(at, 'exists match pattern must be either true or false');
    case 'numeric':
      return numericIssues(operand, at);
    case 'cidr':
      return cidrIssues(operand, at);
    case 'anything-but':
      return anythingButIssues(operand, at);
    default:
      return issue(path, `unrecognized match type ${operator} (operator names are case-sensitive)`);
  }
}

function issue(path: string, rule: string): ValidationIssue[] {
  return [{ path, rule }];
}

function affixIssues(operand: unknown, path: string, operator: string): ValidationIssue[] {
  if (typeof operand === 'string') return [];
  if (isRecord(operand) && Object.keys(operand).length === 1 && typeof operand['equals-ignore-case'] === 'string')
    return [];
  return issue(path, `${operator} match pattern must be a string or { "equals-ignore-case": string }`);
}

function wildcardIssues(operand: unknown, path: string): ValidationIssue[] {
  if (typeof operand !== 'string') return issue(path, 'wildcard match pattern must be a string');
  const problem = wildcardProblem(operand);
  return problem === undefined ? [] : issue(path, problem);
}

function cidrIssues(operand: unknown, path: string): ValidationIssue[] {
  if (typeof operand !== 'string') return issue(path, 'cidr match pattern must be a string');
  const block = parseCidr(operand);
  return typeof block === 'string' ? issue(path, block) : [];
}

const LOWER_BOUNDS = ['>', '>='];
const UPPER_BOUNDS = ['<', '<='];

/** `["=", n]`, `[op, n]`, or a lower bound then an upper bound above it: `[">", 0, "<=", 5]`. */
function numericIssues(operand: unknown, path: string): ValidationIssue[] {
  if (!Array.isArray(operand)) return issue(path, 'value of numeric must be an array');
  const [first, low, second, high, ...rest] = operand as unknown[];
  if (typeof first !== 'string' || !['=', ...LOWER_BOUNDS, ...UPPER_BOUNDS].includes(first)) {
    return issue(path, `unrecognized numeric range operator: ${JSON.stringify(first ?? null)}`);
  }
  if (typeof low !== 'number' || !Number.isFinite(low)) return issue(path, `value of ${first} must be numeric`);
  if (operand.length === 2) return [];
  if (!LOWER_BOUNDS.includes(first))
    return issue(path, 'too many elements in numeric expression: only a lower bound may be followed by an upper bound');
  if (typeof second !== 'string' || !UPPER_BOUNDS.includes(second)) {
    return issue(
      path,
      `bad numeric range operator ${JSON.stringify(second ?? null)}: a lower bound must be followed by < or <=`,
    );
  }
  if (typeof high !== 'number' || !Number.isFinite(high)) return issue(path, `value of ${second} must be numeric`);
  if (high <= low) return issue(path, 'bottom must be less than top');
  return rest.length > 0 ? issue(path, 'too many terms in numeric range expression') : [];
}

/**
 * `anything-but` takes a string or number, a non-empty list of all strings or all numbers, or one string filter:
 * `prefix`/`suffix` (non-empty strings), `equals-ignore-case` or `wildcard` (strings), each
 * single or as a list.
 */
function anythingButIssues(operand: unknown, path: string): ValidationIssue[] {
  if (typeof operand === 'string' || (typeof operand === 'number' && Number.isFinite(operand))) return [];
  if (Array.isArray(operand)) {
    if (operand.length === 0) return issue(path, 'empty arrays are not allowed');
    const ok = operand.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)));
    if (!ok)
      return issue(
        path,
        'inside an anything-but list only strings and numbers are supported (no null, boolean or object)',
      );
    const strings = operand.filter((v) => typeof v === 'string').length;
    return strings === 0 || strings === operand.length
      ? []
      : issue(
          path,
          'inside an anything-but list all values must be strings ' +
            'or all must be numbers; mixed types are not supported',
        );
  }
  if (!isRecord(operand))
    return issue(path, 'value of anything-but must be an array, a single string or number, or a filter object');
  const entries = Object.entries(operand);
  const [operator, inner] = entries[0] ?? [];
  if (entries.length !== 1 || operator === undefined)
    return issue(path, 'only one key allowed in an anything-but filter');
  const at = `${path}.${operator}`;
  const items = Array.isArray(inner) ? (inner as unknown[]) : [inner];
  if (Array.isArray(inner) && inner.length === 0) return issue(at, 'empty arrays are not allowed');
  switch (operator) {
    case 'prefix':
    case 'suffix':
      if (!items.every((v) => typeof v === 'string'))
        return issue(at, `anything-but/${operator} takes a string or a list of strings`);
      return items.some((v) => v === '')
        ? issue(at, `null ${operator} not allowed: an empty string would exclude everything`)
        : [];
    case 'equals-ignore-case':
      return items.every((v) => typeof v === 'string')
        ? []
        : issue(at, 'anything-but/equals-ignore-case takes a string or a list of strings');
    case 'wildcard':
      return items.flatMap((v) => wildcardIssues(v, at));
    default:
      return issue(at, `unsupported anything-but pattern: ${operator}`);
  }
}
