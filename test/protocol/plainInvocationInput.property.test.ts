import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { LambdaDestination, SqsDestination } from '../../src/app/functions/destinations.js';
import { invocationInputFor } from '../../src/app/functions/invocationInputs.js';
import { LOCAL_ARN_SCOPE } from '../../src/protocol/invocation/config.js';
import { invocationInputSchema } from '../../src/protocol/invocation/invocationInput.js';
import {
  acceptedInvocationInputSchema,
  plainInvocationInput,
} from '../../src/protocol/invocation/plainInvocationInput.js';

const name = fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/);
const resource = (types: readonly string[]) =>
  fc.record({ type: fc.constantFrom(...types), name, arn: fc.string({ maxLength: 12 }) });

/** Valid inputs as the functions app writes them, optional parts left out or set at random. */
const validInput = fc.record(
  {
    requestId: fc.string({ minLength: 1, maxLength: 10 }),
    functionName: name,
    functionArn: fc.string({ minLength: 1, maxLength: 10 }),
    payload: fc.jsonValue({ maxDepth: 2 }),
    acceptedAt: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
    config: fc.record(
      {
        maximumRetryAttempts: fc.integer({ min: 0, max: 2 }),
        maximumEventAgeInSeconds: fc.integer({ min: 60, max: 21_600 }),
        timeoutSeconds: fc.integer({ min: 1, max: 900 }),
        reservedConcurrency: fc.nat(),
        onSuccess: resource(['function', 'queue', 'topic']),
        onFailure: resource(['function', 'queue', 'topic']),
        deadLetterQueue: resource(['queue', 'topic']),
      },
      { requiredKeys: [] },
    ),
    retryDelayScale: fc.double({ min: Number.MIN_VALUE, max: 1, noNaN: true }),
    visits: fc.dictionary(name, fc.integer({ min: 1, max: 20 })),
    trigger: fc.oneof(
      fc.constant({ kind: 'invoke' }),
      fc.record({ kind: fc.constant('destination'), sourceRequestId: name, sourceFunction: name, condition: name }),
      fc.record({ kind: fc.constant('eventSource'), source: name }),
    ),
    invocationType: fc.constantFrom('Event', 'RequestResponse'),
  },
  { requiredKeys: ['requestId', 'functionName', 'functionArn', 'payload', 'acceptedAt', 'config', 'visits'] },
);

type Input = Record<string, unknown>;
const withConfig = (v: Input, key: string, value: unknown): Input => ({
  ...v,
  config: { ...(v.config as object), [key]: value },
});

/** At most one way off the plain shape: a value out of range, a null, an unknown key, an undefined value. */
const oddity = fc.oneof(
  fc.constant((v: Input): unknown => v),
  fc.constant((v: Input): unknown => v),
  fc.constantFrom(
    (v: Input): unknown => ({ ...v, extra: 1 }),
    (v: Input): unknown => withConfig(v, 'extra', { nested: true }),
    (v: Input): unknown => withConfig(v, 'onSuccess', { type: 'queue', name: 'q', arn: 'a', extra: 1 }),
    (v: Input): unknown => ({ ...v, trigger: { ...(v.trigger as object), extra: 'x' } }),
    (v: Input): unknown => ({ ...v, visits: { ...(v.visits as object), [Symbol('s')]: 1 } }),
    (v: Input): unknown => ({ ...v, visits: JSON.parse('{"__proto__": 1, "a": 2}') as unknown }),
    (v: Input): unknown => ({ ...v, retryDelayScale: null }),
    (v: Input): unknown => ({ ...v, trigger: undefined, retryDelayScale: undefined, invocationType: undefined }),
    (v: Input): unknown => withConfig(withConfig(v, 'reservedConcurrency', undefined), 'onFailure', undefined),
    (v: Input): unknown => withConfig(withConfig(v, 'deadLetterQueue', undefined), 'timeoutSeconds', undefined),
    (v: Input): unknown => ({ ...v, payload: undefined }),
    (v: Input): unknown => ({ ...v, requestId: '' }),
    (v: Input): unknown => ({ ...v, functionName: 'x'.repeat(65) }),
    (v: Input): unknown => ({ ...v, invocationType: 'Sync' }),
    (v: Input): unknown => ({ ...v, visits: { ...(v.visits as object), f: 0 } }),
    (v: Input): unknown => ({ ...v, trigger: { kind: 'destination', sourceRequestId: 'r' } }),
    (v: Input): unknown => withConfig(v, 'timeoutSeconds', null),
    (v: Input): unknown => withConfig(v, 'onSuccess', { type: 'eventBus', name: 'bus', arn: 'a' }),
    (v: Input): unknown => withConfig(v, 'deadLetterQueue', { type: 'function', name: 'f', arn: 'a' }),
    (v: Input): unknown => Object.assign(Object.create({ inherited: true }) as object, v),
    (): unknown => null,
  ),
  fc
    .tuple(
      fc.constantFrom('maximumRetryAttempts', 'maximumEventAgeInSeconds', 'timeoutSeconds', 'reservedConcurrency'),
      fc.constantFrom(-1, 0, 0.5, 1, 2, 3, 59, 60, 900, 901, 21_600, 21_601, Number.NaN, Infinity),
    )
    .map(
      ([key, value]) =>
        (v: Input): unknown =>
          withConfig(v, key, value),
    ),
  fc
    .constantFrom(-1, 0, 0.5, 1, 1.5, Number.NaN, Infinity)
    .map((scale) => (v: Input): unknown => ({ ...v, retryDelayScale: scale })),
  fc
    .constantFrom(-1, 0.5, Number.MAX_SAFE_INTEGER + 2, Number.NaN)
    .map((at) => (v: Input): unknown => ({ ...v, acceptedAt: at })),
);

describe('the plain invocation input reader, against the schema', () => {
  it('accepts only what the schema accepts, and returns exactly its output, key order included', () => {
    let plainlyRead = 0;
    fc.assert(
      fc.property(validInput, oddity, (drawn, odd) => {
        const value = odd(drawn);
        const plain = plainInvocationInput(value);
        const parsed = invocationInputSchema.safeParse(value);
        if (plain !== undefined) {
          plainlyRead += 1;
          expect(parsed.success).toBe(true);
          expect(plain).toStrictEqual(parsed.data);
          expect(JSON.stringify(plain)).toBe(JSON.stringify(parsed.data));
        }
        const accepted = acceptedInvocationInputSchema.safeParse(value);
        expect(accepted.success).toBe(parsed.success);
        if (accepted.success) expect(JSON.stringify(accepted.data)).toBe(JSON.stringify(parsed.data));
        const issues = (r: { error?: { issues: readonly { path: unknown; message: string }[] } }) =>
          (r.error?.issues ?? []).map((i) => ({ path: i.path, message: i.message }));
        expect(issues(accepted)).toStrictEqual(issues(parsed));
      }),
      { numRuns: 2000, verbose: true },
    );
    // Most draws are plain: the reader's own answers, not only the schema's, are what is compared.
    expect(plainlyRead).toBeGreaterThan(500);
  });

  it('reads the inputs the functions app writes itself without the schema, as the schema would', () => {
    const second = defineFunction('second', () => null);
    const first = defineFunction('first', () => null, {
      onSuccess: new LambdaDestination(second),
      deadLetterQueue: new SqsDestination('dead'),
    });
    const request = { requestId: 'r-1', payload: { k: 'v' }, acceptedAt: 1_767_225_600_000, retryDelayScale: 1 };
    const trigger = { kind: 'destination' as const, sourceRequestId: 'r-0', sourceFunction: 'zero', condition: 'ok' };
    for (const written of [
      invocationInputFor(
        first,
        { ...request, chain: { visits: { first: 1 }, trigger: { kind: 'invoke' } } },
        {
          account: '1',
          region: 'r',
        },
      ),
      invocationInputFor(second, { ...request, chain: { visits: { first: 1, second: 1 }, trigger } }, LOCAL_ARN_SCOPE),
    ]) {
      const plain = plainInvocationInput(written);
      expect(plain).toBeDefined();
      expect(plain).toStrictEqual(invocationInputSchema.parse(written));
    }
  });
});
