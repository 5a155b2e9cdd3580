import type { z } from 'zod';
import { formatPath } from '../validate.js';

interface SchemaDef {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly valueType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly values?: readonly unknown[];
  readonly getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): SchemaDef => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
const NUMBER = /^\s*-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * Undo CloudFormation's stringification of primitives where the schema asks for a number or a boolean:
 * `"14"` → 14, `"true"` → true. Only values the schema types as number/boolean are touched, so a string
 * property that happens to read `"14"` stays a string.
 * @example
 * coerceProperties(z.object({ Count: z.number() }), { Count: '3' }); // { Count: 3 }
 */
export function coerceProperties(schema: z.ZodType, value: unknown): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'number':
      return typeof value === 'string' && NUMBER.test(value) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'literal': {
      if (typeof value !== 'string') return value;
      const match = (def.values ?? []).find(
        (v) => (typeof v === 'number' || typeof v === 'boolean') && String(v) === value,
      );
      return match ?? value;
    }
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const [key, inner] of Object.entries(def.shape ?? {}))
        if (key in out) out[key] = coerceProperties(inner, out[key]);
      return out;
    }
    case 'array':
      return Array.isArray(value) && def.element ? value.map((v) => coerceProperties(def.element!, v)) : value;
    case 'record':
      if (value === null || typeof value !== 'object' || Array.isArray(value) || !def.valueType) return value;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, coerceProperties(def.valueType!, v)]));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return def.innerType && value !== undefined && value !== null ? coerceProperties(def.innerType, value) : value;
    case 'pipe':
      return def.in ? coerceProperties(def.in, value) : value;
    case 'lazy':
      return def.getter ? coerceProperties(def.getter(), value) : value;
    case 'union': {
      const options = def.options ?? [];
      if (options.some((o) => o.safeParse(value).success)) return value;
      for (const option of options) {
        const coerced = coerceProperties(option, value);
        if (option.safeParse(coerced).success) return coerced;
      }
      return value;
    }
    default:
      return value;
  }
}

/**
 * Coerce, then validate resource properties with the resource's schema. A failure names each property
 * and rule, ready to be a FAILED answer's Reason.
 */
export function parseResourceProperties<T extends z.ZodType>(
  schema: T,
  properties: unknown,
  field = 'ResourceProperties',
): { ok: true; value: z.output<T> } | { ok: false; reason: string } {
  const result = schema.safeParse(coerceProperties(schema, properties));
  if (result.success) return { ok: true, value: result.data };
  const detail = result.error.issues.map(
    (i) => `${[field, formatPath(i.path)].filter((p) => p !== '').join('.')}: ${i.message}`,
  );
  return { ok: false, reason: `invalid properties: ${detail.join('; ')}` };
}
