import type { z } from 'zod';
import { ValidationError } from '../core/errors.js';

/** Render a zod issue path as `a.b[0].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join('');
}

/**
 * Parse `value` with `schema` at the edge. On failure throws a ValidationError naming every field and rule.
 * @example
 * const input = parseInput(z.object({ key: z.string() }), body, 'invocation payload');
 */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(
    what,
    result.error.issues.map((issue) => ({ path: formatPath(issue.path), rule: issue.message })),
  );
}
