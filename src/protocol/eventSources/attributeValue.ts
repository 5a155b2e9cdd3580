import { z } from 'zod';

/** A DynamoDB value in its typed wire form: exactly one type key, numbers written as strings. */
export type AttributeValue =
  | { readonly S: string }
  | { readonly N: string }
  | { readonly B: string }
  | { readonly SS: readonly string[] }
  | { readonly NS: readonly string[] }
  | { readonly BS: readonly string[] }
  | { readonly M: { readonly [name: string]: AttributeValue } }
  | { readonly L: readonly AttributeValue[] }
  | { readonly NULL: true }
  | { readonly BOOL: boolean };

/** An item or key in wire form: attribute name → typed value. */
export type AttributeMap = { readonly [name: string]: AttributeValue };

/** The type keys an AttributeValue may carry. */
export const ATTRIBUTE_TYPES = ['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL'] as const;

/** DynamoDB's number syntax (up to 38 significant digits; the exponent range is left to the service). */
export const DYNAMODB_NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

interface Problem {
  readonly path: PropertyKey[];
  readonly rule: string;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function setProblems(items: unknown, path: PropertyKey[], what: string, ok: (s: string) => boolean): Problem[] {
  if (!Array.isArray(items) || items.length === 0) return [{ path, rule: `must be a non-empty array of ${what}` }];
  const problems: Problem[] = items.flatMap((s, i) =>
    typeof s === 'string' && ok(s) ? [] : [{ path: [...path, i], rule: `must be ${what}` }],
  );
  if (problems.length === 0 && new Set(items).size !== items.length)
    problems.push({ path, rule: 'must not hold duplicates (it is a set)' });
  return problems;
}

/** Every rule `value` breaks as an AttributeValue, with the path to the offending part. */
export function attributeValueProblems(value: unknown, path: PropertyKey[] = []): Problem[] {
  if (value === undefined) return [{ path, rule: 'is required' }];
  if (!isPlainObject(value)) return [{ path, rule: 'must be an AttributeValue such as {"S": "text"}' }];
  const keys = Object.keys(value);
  const type = keys[0];
  if (keys.length !== 1 || type === undefined || !(ATTRIBUTE_TYPES as readonly string[]).includes(type)) {
    return [{ path, rule: `must have exactly one type key of ${ATTRIBUTE_TYPES.join(', ')}` }];
  }
  const inner = value[type];
  const at = [...path, type];
  switch (type as (typeof ATTRIBUTE_TYPES)[number]) {
    case 'S':
      return typeof inner === 'string' ? [] : [{ path: at, rule: 'must be a string' }];
    case 'N':
      return typeof inner === 'string' && DYNAMODB_NUMBER.test(inner)
        ? []
        : [{ path: at, rule: 'must be a number written as a string' }];
    case 'B':
      return typeof inner === 'string' && BASE64.test(inner) ? [] : [{ path: at, rule: 'must be base64' }];
    case 'SS':
      return setProblems(inner, at, 'strings', () => true);
    case 'NS':
      return setProblems(inner, at, 'numbers written as strings', (s) => DYNAMODB_NUMBER.test(s));
    case 'BS':
      return setProblems(inner, at, 'base64 strings', (s) => BASE64.test(s));
    case 'M':
      return attributeMapProblems(inner, at);
    case 'L':
      return Array.isArray(inner)
        ? inner.flatMap((v, i) => attributeValueProblems(v, [...at, i]))
        : [{ path: at, rule: 'must be an array' }];
    case 'NULL':
      return inner === true ? [] : [{ path: at, rule: 'must be true' }];
    case 'BOOL':
      return typeof inner === 'boolean' ? [] : [{ path: at, rule: 'must be a boolean' }];
  }
}

/** Every rule `value` breaks as an attribute map (an item, a key or a nested `M`). */
export function attributeMapProblems(value: unknown, path: PropertyKey[] = []): Problem[] {
  if (value === undefined) return [{ path, rule: 'is required' }];
  if (!isPlainObject(value)) return [{ path, rule: 'must be a map of attribute name to AttributeValue' }];
  return Object.entries(value).flatMap(([name, v]) => attributeValueProblems(v, [...path, name]));
}

/** An attribute map validated in full; issues point at the attribute and type key at fault. */
export const attributeMapSchema = z.custom<AttributeMap>().superRefine((value, ctx) => {
  for (const p of attributeMapProblems(value)) ctx.addIssue({ code: 'custom', path: p.path, message: p.rule });
});
