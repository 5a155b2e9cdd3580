import fc from 'fast-check';
import type { AttributeMap, AttributeValue } from '../../protocol/eventSources/attributeValue.js';
import { base64Arbitrary, identifierArbitrary, textArbitrary } from './awsValues.js';

/** A number as DynamoDB writes it: integers and decimals, as strings. */
export const dynamodbNumberArbitrary = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.integer().map(String),
    fc
      .tuple(fc.integer({ min: -99_999, max: 99_999 }), fc.integer({ min: 0, max: 9_999 }))
      .map(([a, b]) => `${a}.${b}`),
  );

/** A key attribute: S, N or B. */
export const keyAttributeArbitrary = (): fc.Arbitrary<AttributeValue> =>
  fc.oneof(
    textArbitrary(20, 1).map((S) => ({ S })),
    dynamodbNumberArbitrary().map((N) => ({ N })),
    base64Arbitrary(16)
      .filter((b) => b.length > 0)
      .map((B) => ({ B })),
  );

const setOf = (item: fc.Arbitrary<string>) => fc.uniqueArray(item, { minLength: 1, maxLength: 4 });

/** Any AttributeValue, nested maps and lists included; sets are non-empty and duplicate-free. */
export const attributeValueArbitrary = (maxDepth = 2): fc.Arbitrary<AttributeValue> =>
  fc.letrec<{ value: AttributeValue }>((tie) => ({
    value: fc.oneof(
      { maxDepth, depthSize: 'small' },
      keyAttributeArbitrary(),
      fc.constant({ NULL: true as const }),
      fc.boolean().map((BOOL) => ({ BOOL })),
      setOf(textArbitrary(10)).map((SS) => ({ SS })),
      setOf(dynamodbNumberArbitrary()).map((NS) => ({ NS })),
      setOf(base64Arbitrary(8)).map((BS) => ({ BS })),
      fc.array(tie('value'), { maxLength: 3 }).map((L) => ({ L })),
      fc.dictionary(identifierArbitrary(), tie('value'), { maxKeys: 3, noNullPrototype: true }).map((M) => ({ M })),
    ),
  })).value;

/** An item: a few attributes of any type. */
export const attributeMapArbitrary = (maxKeys = 5): fc.Arbitrary<AttributeMap> =>
  fc.dictionary(identifierArbitrary(), attributeValueArbitrary(), { maxKeys, noNullPrototype: true });
