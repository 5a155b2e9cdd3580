import { describe, expect, it } from 'vitest';
import { frozenJson } from '../../src/core/sharedJson.js';
import { restoreShared, SharedIndex } from '../../src/core/sharedValues.js';
import type { Json } from '../../src/core/stepRecord.js';

const copy = (value: Json): Json => JSON.parse(JSON.stringify(value)) as Json;

describe('SharedIndex over settled values', () => {
  it('finds and restores the same parts as over a plain copy, on first and later use', () => {
    const input = frozenJson({
      payload: { key: 'k'.repeat(30), nested: { detail: 'd'.repeat(30), n: 1 } },
      config: { retries: 2, timeoutSeconds: 3, name: 'a-function-with-a-long-name' },
    }) as Json;
    const settledContext: Json = { input, attempt: 1 };
    const plainContext = copy(settledContext);
    const event: Json = {
      type: 'attempt.succeeded',
      payload: copy((input as { payload: Json }).payload),
      config: copy((input as { config: Json }).config),
      other: 'o'.repeat(30),
    };
    const plain = new SharedIndex(plainContext).share(event);
    expect(plain.refs.length).toBeGreaterThan(0);
    for (let use = 0; use < 2; use += 1) {
      const settled = new SharedIndex(settledContext).share(event);
      expect(settled).toEqual(plain);
      expect(restoreShared(settled.value, settled.refs, settledContext)).toEqual(event);
    }
  });
});
