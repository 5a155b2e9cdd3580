// Run as a plain script (no test runner): the check must settle and report on its own.
import { asyncInvocationModel, checkLifecycle } from 'statebridge/testing';

const result = await checkLifecycle(asyncInvocationModel(), { runs: 40, seed: 1 });
console.log(`async invocation check passed ${result.runs} runs (seed ${result.seed})`);
