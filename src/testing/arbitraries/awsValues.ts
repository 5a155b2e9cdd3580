import fc from 'fast-check';
import type { Json } from '../../core/stepRecord.js';

/** Regions with their partitions, so every ARN built from one names the right partition. */
const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-southeast-2',
  'sa-east-1',
  'us-gov-west-1',
  'cn-north-1',
] as const;

/** A region name. */
export const regionArbitrary = (): fc.Arbitrary<string> => fc.constantFrom(...REGIONS);

/** The ARN partition a region lives in. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** A 12-digit account id. */
export const accountArbitrary = (): fc.Arbitrary<string> =>
  fc.integer({ min: 0, max: 999_999_999_999 }).map((n) => String(n).padStart(12, '0'));

/** A string of `min`..`max` characters drawn from `alphabet`. */
export function charsArbitrary(alphabet: string, minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A resource name of letters, digits, `_` and `-` (queues, topics, streams, tables, rules, functions). */
export const resourceNameArbitrary = (maxLength = 40): fc.Arbitrary<string> =>
  charsArbitrary(`${ALNUM}_-`, 3, maxLength);

/** A name of letters and digits only (attribute names, logical ids); starts with a letter. */
export const identifierArbitrary = (maxLength = 16): fc.Arbitrary<string> =>
  fc.tuple(charsArbitrary(ALNUM.slice(0, 52), 1, 1), charsArbitrary(ALNUM, 0, maxLength - 1)).map(([a, b]) => a + b);

/** Lower- or upper-case hex of an exact length. */
export const hexArbitrary = (length: number, upper = false): fc.Arbitrary<string> =>
  charsArbitrary(upper ? '0123456789ABCDEF' : '0123456789abcdef', length, length);

/** A string of decimal digits with no leading zero (sequence numbers). */
export const digitsArbitrary = (minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc
    .tuple(charsArbitrary('123456789', 1, 1), charsArbitrary('0123456789', minLength - 1, maxLength - 1))
    .map(([a, b]) => a + b);

const FROM = Date.UTC(2015, 0, 1);
const TO = Date.UTC(2035, 0, 1);

/** An instant in epoch milliseconds between 2015 and 2035. */
export const epochMsArbitrary = (): fc.Arbitrary<number> => fc.integer({ min: FROM, max: TO });

/** An ISO 8601 UTC timestamp; `withMillis: false` drops the fraction as EventBridge does. */
export const isoTimeArbitrary = (withMillis = true): fc.Arbitrary<string> =>
  epochMsArbitrary().map((ms) =>
    withMillis ? new Date(ms).toISOString() : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  );

/** Bytes written in base64, as the services carry binary data. */
export const base64Arbitrary = (maxBytes = 48): fc.Arbitrary<string> =>
  fc.uint8Array({ maxLength: maxBytes }).map((bytes) => Buffer.from(bytes).toString('base64'));

/** Any text, whole graphemes so it survives URL and UTF-8 encoding. */
export const textArbitrary = (maxLength = 40, minLength = 0): fc.Arbitrary<string> =>
  fc.string({ unit: 'grapheme', minLength, maxLength });

// `__proto__` would be dropped by JSON objects parsed into plain objects; -0 does not survive JSON.
const jsonKey = fc.string({ maxLength: 12 }).filter((k) => k !== '__proto__');
const jsonScalar: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
  fc.string({ maxLength: 24 }),
);

/** Any JSON value that comes back equal from `JSON.parse(JSON.stringify(v))`. */
export const jsonValueArbitrary = (maxDepth = 3): fc.Arbitrary<Json> =>
  fc.letrec<{ value: Json }>((tie) => ({
    value: fc.oneof(
      { maxDepth, depthSize: 'small' },
      jsonScalar,
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(jsonKey, tie('value'), { maxKeys: 4, noNullPrototype: true }),
    ),
  })).value;

/** A JSON object whose keys avoid `__proto__`. */
export const jsonObjectArbitrary = (maxKeys = 6, maxDepth = 3): fc.Arbitrary<{ [key: string]: Json }> =>
  fc.dictionary(jsonKey, jsonValueArbitrary(maxDepth), { maxKeys, noNullPrototype: true });
