import { describe, expect, it } from 'vitest';
import { checkLifecycle } from '../../src/testing/checkLifecycle.js';
import { asyncInvocationModel } from '../../src/testing/models/asyncInvocationModel.js';

const seed = Number(process.env['FC_SEED'] ?? 20260102);

describe('async invocation lifecycle under the fault model', () => {
  it(`keeps every invocation invariant (seed ${seed})`, async () => {
    console.log(`asyncInvocation.lifecycle seed=${seed} (replay with FC_SEED=${seed})`);
    const result = await checkLifecycle(asyncInvocationModel(), { runs: 150, seed });
    expect(result.runs).toBe(150);
  }, 60_000);
});
