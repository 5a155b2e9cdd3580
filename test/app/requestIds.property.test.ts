import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestIdFor } from '../../src/app/functions/requestIds.js';

describe('request ids derived from command keys', () => {
  it('are the sha-256 of the key in UUID form, so a re-run command starts the same invocation', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (key) => {
        const hex = createHash('sha256').update(key).digest('hex');
        const id = requestIdFor(key);
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(id.replaceAll('-', '')).toBe(
          hex.slice(0, 12) + '4' + hex.slice(13, 16) + 'a' + hex.slice(17, 20) + hex.slice(20, 32),
        );
      }),
      { numRuns: 500, verbose: true },
    );
  });
});
