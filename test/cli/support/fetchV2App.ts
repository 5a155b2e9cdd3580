import type { AppModule } from '../../../src/app/environment.js';
import { defineMachine } from '../../../src/core/machineDefinition.js';
import { appModule as v1, fetchMachine } from './retryApp.js';

/** Version 2 of the fetch machine: the same states, a slower back-off (a change replay must report). */
const fetchV2 = defineMachine({
  id: 'fetch',
  version: 2,
  machine: fetchMachine.provide({ delays: { backoff: ({ context }) => 5000 * context.attempts } }),
});

/** Registers v1 (and batch) plus v2 of fetch. */
export const appModule: AppModule = {
  name: 'fetch-v2-test',
  install(env) {
    v1.install(env);
    env.runtime.register(fetchV2, { call: async () => ({ type: 'call.ok', body: 'v2' }) });
  },
};
