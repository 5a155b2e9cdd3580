// Run as a plain script: a handler that never returns must be reported, not leave the process waiting.
import fc from 'fast-check';
import { setup } from 'xstate';
import { defineMachine } from 'statebridge';
import { checkLifecycle, LifecycleCheckError } from 'statebridge/testing';

const machine = setup({ actions: { call: () => undefined } }).createMachine({
  id: 'caller',
  initial: 'calling',
  states: { calling: { entry: { type: 'call' }, on: { answered: 'done' } }, done: { type: 'final' } },
});

try {
  await checkLifecycle(
    {
      definition: defineMachine({ id: 'caller', version: 1, machine }),
      input: fc.constant({}),
      world: () => ({}),
      executors: { call: () => new Promise<never>(() => undefined) },
      invariants: [],
    },
    { runs: 5, seed: 3, maxActions: 2, hangAfterMs: 200 },
  );
  console.log('check passed');
} catch (error) {
  if (!(error instanceof LifecycleCheckError)) throw error;
  console.log(`check failed: ${error.invariants.join(', ')}`);
  console.log(error.message);
  process.exitCode = 3;
}
