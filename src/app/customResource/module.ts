import { customResourceDefinition } from '../../../machines/customResource/index.js';
import type { AppEnvironment, AppModule } from '../environment.js';
import { customResourceExecutors, type ResponsePutter } from './executors.js';
import { defaultHandlerRegistry, type HandlerRegistry } from './handlerRegistry.js';
import { bindResponderSink } from './responder.js';
import { ResponseInbox } from './responseInbox.js';
import { mountRosEndpoint } from './rosEndpoint.js';
import { runtimeResponseSink } from './runtimeSink.js';

/** What the module installed into one environment. */
export interface CustomResourceInstallation {
  readonly handlers: HandlerRegistry;
  /** The local response endpoint (presigned-URL stand-in). */
  readonly inbox: ResponseInbox;
}

const installations = new WeakMap<AppEnvironment, CustomResourceInstallation>();

/**
 * Build the custom resource feature: registers the request machine and its executors, binds Responders
 * to the runtime, mounts the local response endpoint and the ROS `web:` endpoint.
 * @example
 * const module = createCustomResourceModule({ handlers: new HandlerRegistry() });
 */
export function createCustomResourceModule(options: { handlers?: HandlerRegistry; put?: ResponsePutter } = {}): AppModule {
  return {
    name: 'custom-resources',
    install(env) {
      const handlers = options.handlers ?? defaultHandlerRegistry;
      env.runtime.register(customResourceDefinition, customResourceExecutors(handlers, options.put));
      bindResponderSink(runtimeResponseSink(env.runtime));
      const inbox = new ResponseInbox(env.clock).mount(env.http);
      mountRosEndpoint(env.http, { runtime: env.runtime, handlers });
      installations.set(env, { handlers, inbox });
    },
  };
}

/** The custom resource feature with the default handler registry; `statebridge start` installs it. */
export const customResourceModule: AppModule = createCustomResourceModule();

/** What the custom resource module installed into `env` (undefined if it was not installed). */
export function customResourceInstallation(env: AppEnvironment): CustomResourceInstallation | undefined {
  return installations.get(env);
}
