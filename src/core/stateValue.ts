import type { StateValue } from 'xstate';

/** Render an xstate state value as one readable string: `a.b`, or `a.b | c.d` for parallel regions. */
export function stateValueToString(value: StateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([key, child]) => {
      if (child === undefined) return key;
      const inner = stateValueToString(child);
      return inner.includes(' | ') ? `${key}.(${inner})` : `${key}.${inner}`;
    })
    .join(' | ');
}
