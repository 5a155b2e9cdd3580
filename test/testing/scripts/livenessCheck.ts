// The liveness example of docs/testing.md, run as a plain script:
//   npx tsx --conditions=statebridge-source test/testing/scripts/livenessCheck.ts
import {
  asyncInvocationModel,
  checkLifecycle,
  LifecycleCheckError,
  occasionalStoreFaults,
  UnregisteredVersionStopsOthers,
} from 'statebridge/testing';

const scenario = {
  instances: 3, // three invocations share one runtime
  retiredInstances: 2, // up to two instances a previous deployment left on a version this runtime lacks
  storeFaults: occasionalStoreFaults, // transient errors and SQLITE_BUSY on any store call
  progressWithinMs: 5 * 60_000, // once faults stop, due work moves on within 5 virtual minutes
  runs: 25,
  seed: 7,
};

const passed = await checkLifecycle(asyncInvocationModel(), scenario);
console.log(`shipped runtime: ${passed.runs} runs passed`);

try {
  await checkLifecycle(asyncInvocationModel(), {
    ...scenario,
    storeFaults: false,
    runtime: (options) => new UnregisteredVersionStopsOthers(options),
  });
  console.log('variant: survived');
} catch (error) {
  if (!(error instanceof LifecycleCheckError)) throw error;
  console.log(`variant: caught by ${error.invariants.join(', ')} after ${error.runs} run(s)`);
  console.log(error.message.split('\n').slice(0, 5).join('\n'));
}
