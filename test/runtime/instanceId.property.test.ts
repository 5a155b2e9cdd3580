import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../src/protocol/validate.js';
import { checkInstanceId, instanceIdSchema } from '../../src/runtime/stepInputs.js';

/** The outcome of a check: the id it accepted, or the message it refused with. */
function outcome(check: () => string): { ok: string } | { error: string } {
  try {
    return { ok: check() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('checkInstanceId', () => {
  it('accepts and refuses exactly what the instance id schema does, with the same message', () => {
    const ids = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.string({ minLength: 505, maxLength: 520 }),
      fc.constantFrom('', 'a\u0000', '\u001fb', 'ok\u007f', 'x'.repeat(512), 'x'.repeat(513)),
      fc.anything(),
    );
    fc.assert(
      fc.property(ids, (id) => {
        expect(outcome(() => checkInstanceId(id))).toEqual(
          outcome(() => parseInput(instanceIdSchema, id, 'instance id')),
        );
      }),
      { numRuns: 500 },
    );
  });
});
