import { afterAll, describe, expect, it } from 'vitest';
import { checkLifecycle } from '../../src/testing/checkLifecycle.js';
import { DUE_WORK_MOVES_ON } from '../../src/testing/livenessInvariant.js';
import { asyncInvocationModel } from '../../src/testing/models/asyncInvocationModel.js';
import { mutantTable, runMutant, type MutantResult } from '../../src/testing/mutantRun.js';
import { livenessScenarios, runtimeMutants } from '../../src/testing/mutants/runtimeMutants.js';

// Fixed seeds: the table below is reproducible run for run (the ms column is wall-clock, for information).
const results: MutantResult[] = [];

afterAll(() => {
  console.log(
    `runtime liveness mutants: ${results.filter((r) => r.caught).length}/${results.length} ` +
      `caught\n${mutantTable(results)}`,
  );
});

describe('liveness check: the extended fault model catches runtime variants that stop making progress', () => {
  for (const [name, scenario] of Object.entries(livenessScenarios)) {
    it(`passes the shipped runtime in the "${name}" scenario`, async () => {
      await expect(checkLifecycle(asyncInvocationModel(), { ...scenario, seed: 7 })).resolves.toMatchObject({
        runs: scenario.runs,
      });
    }, 120_000);
  }

  for (const mutant of runtimeMutants) {
    it(`catches "${mutant.name}" with [${DUE_WORK_MOVES_ON}]`, async () => {
      const result = await runMutant(mutant, { seed: 7 });
      results.push(result);
      expect(result.invariants, result.message).toContain(DUE_WORK_MOVES_ON);
      expect(result.message).toMatch(
        /\[due work makes progress\] .*(timer .* has not fired|command .* is still pending)/,
      );
    }, 120_000);
  }
});
