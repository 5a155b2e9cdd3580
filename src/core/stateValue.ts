import type { StateValue } from 'xstate';

/** Render an xstate state value as one readable string: `a.b`, or `a.b | c.d` for parallel regions. */
export function stateValueToString(value: StateValue): string {
  if (typeof value === 'string') return value;
  // Nearly every value is a chain of one-key objects ({ a: { b: 'c' } }): joined in one pass, without the
  // arrays and closures the general rendering builds. Anything else takes the general rendering.
  let path: string | undefined;
  let node: StateValue | undefined = value;
  while (typeof node === 'object') {
    let only: string | undefined;
    for (const key in node) {
      if (only !== undefined || !Object.hasOwn(node, key)) return regions(value);
      only = key;
    }
    if (only === undefined) return regions(value);
    path = path === undefined ? only : `${path}.${only}`;
    node = node[only];
  }
  if (path === undefined) return regions(value);
  if (node === undefined) return path;
  return typeof node === 'string' ? `${path}.${node}` : regions(value);
}

function regions(value: StateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([key, child]) => {
      if (child === undefined) return key;
      const inner = regions(child);
      return inner.includes(' | ') ? `${key}.(${inner})` : `${key}.${inner}`;
    })
    .join(' | ');
}
