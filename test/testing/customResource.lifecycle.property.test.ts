import { describe, expect, it } from 'vitest';
import { checkLifecycle } from '../../src/testing/checkLifecycle.js';
import { customResourceModel } from '../../src/testing/models/customResourceModel.js';

const seed = Number(process.env['FC_SEED'] ?? 20260101);

describe('custom resource lifecycle under the fault model', () => {
  it(`keeps every custom resource invariant with the scripted handler (seed ${seed})`, async () => {
    console.log(`customResource.lifecycle seed=${seed} (replay with FC_SEED=${seed})`);
    const result = await checkLifecycle(customResourceModel(), { runs: 150, seed });
    expect(result.runs).toBe(150);
  }, 60_000);
});
