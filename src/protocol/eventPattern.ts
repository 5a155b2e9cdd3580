/**
 * EventBridge event-pattern matching. A pattern is a JSON object whose leaves are arrays of allowed
 * values or content filters; every field named in the pattern must match, and an array in the event
 * matches when any of its elements does.
 */
export type EventPattern = { readonly [key: string]: unknown };

/** True when `event` matches `pattern` under EventBridge rule semantics. */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  return matchObject(pattern, event);
}

function matchObject(pattern: EventPattern, value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return Object.entries(pattern).every(([key, rule]) => {
    if (Array.isArray(rule)) return matchLeaf(rule, record[key], key in record);
    return typeof rule === 'object' && rule !== null && matchObject(rule as EventPattern, record[key]);
  });
}

function matchLeaf(allowed: readonly unknown[], value: unknown, present: boolean): boolean {
  const values = Array.isArray(value) ? value : [value];
  return allowed.some((rule) => {
    if (typeof rule === 'object' && rule !== null) {
      const filter = rule as Record<string, unknown>;
      if ('exists' in filter) return filter['exists'] === present;
      if ('prefix' in filter) return values.some((v) => typeof v === 'string' && v.startsWith(String(filter['prefix'])));
      return false;
    }
    return present && values.some((v) => v === rule);
  });
}
