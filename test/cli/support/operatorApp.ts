import type { AppModule } from '../../../src/app/environment.js';
import { defineFunction } from '../../../src/app/functions/defineFunction.js';
import { functionsFor } from '../../../src/app/functions/functionsModule.js';
import { appModule as fetchModule } from './retryApp.js';

/** Fails until `RESIZE_FIXED=1` is set in the environment of the process that runs it: a fix being deployed. */
export const resize = defineFunction(
  'demo-resize',
  () => {
    if (process.env['RESIZE_FIXED'] !== '1') throw new Error('image too large: 9000x9000');
    return { resized: true };
  },
  { maximumRetryAttempts: 1 },
);

/** The fetch machine plus the `demo-resize` function: what the operator commands are tried on. */
export const appModule: AppModule = {
  name: 'operator-test-app',
  install(env) {
    fetchModule.install(env);
    functionsFor(env).register(resize);
  },
};
