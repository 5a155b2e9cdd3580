import { StatebridgeError } from '../../core/errors.js';
import type { AppEnvironment, AppModule } from '../environment.js';
import { createFunctions, type FunctionsApp } from './functionsApp.js';
import { mountInvokeApi } from './invokeRoute.js';

const apps = new WeakMap<AppEnvironment['runtime'], FunctionsApp>();

/**
 * The functions app of an environment, created on first use: one per runtime, because it registers
 * the asynchronous-invocation machine and its executors.
 * @example
 * const functions = functionsFor(env);
 * await functions.invokeAsync(resize, { key: 'a.jpg' });
 */
export function functionsFor(env: AppEnvironment): FunctionsApp {
  const known = apps.get(env.runtime);
  if (known !== undefined) return known;
  const app = createFunctions({ runtime: env.runtime, bus: env.bus, clock: env.clock, log: env.log });
  apps.set(env.runtime, app);
  return app;
}

/**
 * Use `app` as the functions app of `env` (a deployment that runs attempts elsewhere, say), before any
 * module asks for it. Throws when one was created already.
 */
export function provideFunctions(env: AppEnvironment, app: FunctionsApp): void {
  if (apps.has(env.runtime))
    throw new StatebridgeError('ALREADY_INSTALLED', 'provideFunctions: this runtime already has a functions app');
  apps.set(env.runtime, app);
}

/**
 * Installs asynchronous invocations, so pending invocations resume after a restart, and mounts the
 * service's Invoke API on the HTTP server.
 */
export const functionsModule: AppModule = {
  name: 'async-invocations',
  install(env) {
    mountInvokeApi(env.http, functionsFor(env));
  },
};
