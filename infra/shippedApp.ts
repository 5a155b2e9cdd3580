/**
 * What the shipped deployment installs: the demo modules (infra/demoApp.ts) and the media App
 * (infra/mediaApp.ts), whose sources show each kind of App source on AWS.
 */
import { appModuleFor, type AppModule } from '../src/index.js';
import { appModules as demoModules } from './demoApp.js';
import { app as mediaApp } from './mediaApp.js';

/** The shipped deployment's modules. */
export const appModules: readonly AppModule[] = [...demoModules, appModuleFor(mediaApp)];
