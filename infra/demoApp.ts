/**
 * The app the shipped deployment runs: the custom resource feature with the greeting handler of
 * examples/custom-resources (registered under its resource type, `Custom::Greeting`), and the demo's
 * async invocation chain (demo-upload → responseOnly → demo-resize → demo-audit-log, failures to the
 * demo-failed-resizes queue). Your own app module has the same shape: export AppModule(s) as `appModules`.
 */
import {
  BaseHandler,
  createCustomResourceModule,
  functionsFor,
  HandlerRegistry,
  type AppModule,
} from '../src/index.js';
import { HANDLER_OF } from '../src/app/customResource/baseHandler.js';
import { invocationChainFunctions } from '../src/cli/demos/invocationChainDemo.js';
import { handler as greeting } from '../examples/custom-resources/greeting.handler.js';

const greetingHandler = (greeting as unknown as Record<symbol, unknown>)[HANDLER_OF];
if (!(greetingHandler instanceof BaseHandler))
  throw new Error('examples/custom-resources/greeting.handler.ts must export a lambdaHandler');

const demoFunctions: AppModule = {
  name: 'demo-functions',
  install(env) {
    for (const fn of invocationChainFunctions) functionsFor(env).register(fn);
  },
};

/** The demo deployment's modules. */
export const appModules: readonly AppModule[] = [
  createCustomResourceModule({ handlers: new HandlerRegistry().register('Custom::Greeting', greetingHandler) }),
  demoFunctions,
];
