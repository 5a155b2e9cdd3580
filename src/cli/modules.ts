import type { AppModule, Demo } from '../app/environment.js';

/** Features installed into every runtime the CLI builds. Each feature adds itself here. */
export const appModules: readonly AppModule[] = [];

/** Demonstrations `statebridge start` runs, in order. */
export const demos: readonly Demo[] = [];
