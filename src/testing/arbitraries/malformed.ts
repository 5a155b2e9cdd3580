import fc from 'fast-check';
import { formatPath } from '../../protocol/validate.js';

/** How a malformed value breaks its schema. */
export type Defect = 'missing' | 'wrong-type' | 'out-of-range' | 'wrong-enum' | 'unexpected' | 'inconsistent';

/** A value its schema must reject, with the field at fault (as `parseInput` prints paths) and how it is broken. */
export interface Malformed {
  readonly value: unknown;
  readonly field: string;
  readonly defect: Defect;
}

/** One way to break a value: delete the field at `path`, or put `replacement` there. */
export interface Mutation {
  readonly path: readonly (string | number)[];
  readonly defect: Defect;
  /** The value to put at `path`; absent means the field is deleted. */
  readonly replacement?: unknown;
}

/** A deletion of a required field. */
export const missing = (...path: (string | number)[]): Mutation => ({ path, defect: 'missing' });
/** A field set to a value that breaks it in the named way. */
export const replaced = (
  defect: Exclude<Defect, 'missing'>,
  replacement: unknown,
  ...path: (string | number)[]
): Mutation => ({ path, defect, replacement });

/** Apply one mutation to a deep copy of `value`. */
export function applyMutation(value: unknown, mutation: Mutation): unknown {
  const copy: unknown = structuredClone(value);
  let parent = copy as Record<string | number, unknown>;
  for (const part of mutation.path.slice(0, -1)) parent = parent[part] as Record<string | number, unknown>;
  const last = mutation.path[mutation.path.length - 1];
  if (last === undefined) return mutation.replacement;
  if (!('replacement' in mutation)) delete parent[last];
  else parent[last] = mutation.replacement;
  return copy;
}

function malformed(value: unknown, mutation: Mutation): Malformed {
  return { value: applyMutation(value, mutation), field: formatPath(mutation.path), defect: mutation.defect };
}

/** Break a valid value with one of `mutations`, chosen (and shrunk) by fast-check. */
export function malformedArbitrary<T>(valid: fc.Arbitrary<T>, mutations: readonly Mutation[]): fc.Arbitrary<Malformed> {
  return fc.tuple(valid, fc.constantFrom(...mutations)).map(([value, mutation]) => malformed(value, mutation));
}

/**
 * Break one record of a `Records[]` event with a record mutation, or the envelope with an event mutation;
 * the field names the record by index.
 */
export function malformedRecordsArbitrary<T extends { readonly Records: readonly unknown[] }>(
  valid: fc.Arbitrary<T>,
  recordMutations: readonly Mutation[],
  eventMutations: readonly Mutation[] = [
    missing('Records'),
    replaced('out-of-range', [], 'Records'),
    replaced('wrong-type', {}, 'Records'),
  ],
): fc.Arbitrary<Malformed> {
  const inRecord = fc.tuple(valid, fc.nat(), fc.constantFrom(...recordMutations)).map(([event, n, m]) => {
    const at: Mutation = { ...m, path: ['Records', n % event.Records.length, ...m.path] };
    return malformed(event, at);
  });
  return fc.oneof(
    { arbitrary: inRecord, weight: 4 },
    { arbitrary: malformedArbitrary(valid, eventMutations), weight: 1 },
  );
}
