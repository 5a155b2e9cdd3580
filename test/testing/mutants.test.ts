import { afterAll, describe, expect, it } from 'vitest';
import { asyncInvocationDefinition } from '../../machines/asyncInvocation/asyncInvocation.definition.js';
import { customResourceDefinition } from '../../machines/customResource/index.js';
import { checkLifecycle } from '../../src/testing/checkLifecycle.js';
import { asyncInvocationModel } from '../../src/testing/models/asyncInvocationModel.js';
import { customResourceModel } from '../../src/testing/models/customResourceModel.js';
import { mutateDefinition } from '../../src/testing/mutation.js';
import { asyncInvocationMutants } from '../../src/testing/mutants/asyncInvocationMutants.js';
import { customResourceMutants } from '../../src/testing/mutants/customResourceMutants.js';
import { mutantTable, runMutant, type MutantResult } from '../../src/testing/mutantRun.js';

// Every mutant runs with a fixed seed: the table below is reproducible run for run.
const results: MutantResult[] = [];

afterAll(() => {
  console.log(
    `mutation check: ${results.filter((r) => r.caught).length}/${results.length} ` +
      `mutants caught\n${mutantTable(results)}`,
  );
});

describe('mutation check: the invariant suite catches broken variants of the shipped machines', () => {
  it('has at least ten mutants over the two machines', () => {
    expect(customResourceMutants.length + asyncInvocationMutants.length).toBeGreaterThanOrEqual(10);
  });

  it('passes the unbroken machines, rebuilt by the mutation library with no mutation, on the same seed', async () => {
    await expect(
      checkLifecycle(customResourceModel({ definition: mutateDefinition(customResourceDefinition) }), {
        runs: 300,
        seed: 7,
      }),
    ).resolves.toMatchObject({ runs: 300 });
    await expect(
      checkLifecycle(asyncInvocationModel({ definition: mutateDefinition(asyncInvocationDefinition) }), {
        runs: 300,
        seed: 7,
      }),
    ).resolves.toMatchObject({ runs: 300 });
  }, 60_000);

  for (const mutant of [...customResourceMutants, ...asyncInvocationMutants]) {
    it(`catches "${mutant.name}" with [${mutant.expected}]`, async () => {
      const result = await runMutant(mutant, { runs: 300, seed: 7 });
      results.push(result);
      expect(result.invariants, result.message).toContain(mutant.expected);
    }, 60_000);
  }
});
