/**
 * EventBridge event-pattern matching and validation, with the service's semantics: a pattern mirrors
 * the event, leaves are arrays of allowed values or content filters (OR within a field, AND across
 * fields), arrays in the event match when any element does, keys join with `.`, and `$or` offers
 * alternative sub-patterns.
 */
import { compiledMatches, compilePattern, type CompiledPattern } from './eventPattern/compilePattern.js';
import type { EventPattern } from './eventPattern/types.js';

export type { EventPattern } from './eventPattern/types.js';
export { validateEventPattern, eventPatternIssues } from './eventPattern/validatePattern.js';
export { EventPatternIndex } from './eventPattern/patternIndex.js';

// Patterns are matched far more often than they are written, so each pattern object compiles once.
const compiled = new WeakMap<EventPattern, CompiledPattern>();

/**
 * True when `event` matches `pattern` under EventBridge rule semantics. Validate the pattern once
 * with `validateEventPattern` when the rule is written; an invalid pattern here simply never matches
 * where it is invalid. To route one event against many patterns, use `EventPatternIndex`.
 * @example
 * matchesEventPattern({ source: ['orders'], detail: { total: [{ numeric: ['>', 100] }] } }, event);
 */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  let program = compiled.get(pattern);
  if (program === undefined) {
    program = compilePattern(pattern);
    compiled.set(pattern, program);
  }
  return compiledMatches(program, event);
}
