import type { AppModule, Demo } from '../app/environment.js';
import { timelineModule } from '../web/timelineModule.js';
import { timelineTourDemo, timelineTourModule } from './demos/timelineTour.js';
import { customResourceModule } from '../app/customResource/module.js';
import { customResourceDemo } from './demos/customResourceDemo.js';
import { functionsModule } from '../app/functions/functionsModule.js';
import { invocationChainDemo } from './demos/invocationChainDemo.js';
import { appDemo } from './demos/appDemo.js';

/** Features installed into every runtime the CLI builds. Each feature adds itself here. */
export const appModules: readonly AppModule[] = [
  timelineModule,
  timelineTourModule,
  customResourceModule,
  functionsModule,
];

/** Demonstrations `statebridge start` runs, in order. */
export const demos: readonly Demo[] = [invocationChainDemo, timelineTourDemo, customResourceDemo, appDemo];
