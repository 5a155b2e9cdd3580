/**
 * An EventBridge event pattern: a JSON object that mirrors the event. Leaves are non-empty arrays of
 * allowed values or content filters (`prefix`, `numeric`, `anything-but`, …); `$or` joins sub-patterns.
 */
export type EventPattern = { readonly [key: string]: unknown };

/** One leaf of a pattern after flattening: the dotted path into the event and its allowed values. */
export interface PatternLeaf {
  readonly path: string;
  readonly conditions: readonly unknown[];
}

/** One `$or`-free alternative of a pattern: every leaf must match. */
export type PatternBranch = readonly PatternLeaf[];

/** Operator names EventBridge recognises inside a leaf array. Names are case-sensitive. */
export const PATTERN_OPERATORS = [
  'prefix',
  'suffix',
  'equals-ignore-case',
  'anything-but',
  'numeric',
  'exists',
  'cidr',
  'wildcard',
] as const;

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
