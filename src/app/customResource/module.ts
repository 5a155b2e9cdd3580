import { customResourceDefinition } from '../../../machines/customResource/index.js';
import type { AppEnvironment, AppModule } from '../environment.js';
import { customResourceExecutors, type ResponsePutter } from './executors.js';
import { defaultHandlerRegistry, type HandlerRegistry } from './handlerRegistry.js';
import { bindResponderSink } from './responder.js';
import { ResponseInbox, type InboxWindow } from './responseInbox.js';
import { mountRosEndpoint } from './rosEndpoint.js';
import type { RosSigning } from './rosSignature.js';
import { runtimeResponseSink } from './runtimeSink.js';

/** What the module installed into one environment. */
interface CustomResourceInstallation {
  readonly handlers: HandlerRegistry;
  /** The local response endpoint (presigned-URL stand-in). */
  readonly inbox: ResponseInbox;
  /** SignKeys of ROS `web:` handlers by handler name: their requests must carry a valid Signature. */
  readonly rosSigning: Map<string, RosSigning>;
}

/** Options of the custom resource feature. */
export interface CustomResourceModuleOptions {
  readonly handlers?: HandlerRegistry;
  readonly put?: ResponsePutter;
  /** How many answers (and bytes) the local response endpoint keeps. */
  readonly inboxWindow?: InboxWindow;
  /** ROS `HttpConfig.SignKey` per handler name. */
  readonly rosSigning?: Readonly<Record<string, RosSigning>>;
}

const installations = new WeakMap<AppEnvironment, CustomResourceInstallation>();

/**
 * Build the custom resource feature: registers the request machine and its executors, binds Responders
 * to the runtime, mounts the local response endpoint and the ROS `web:` endpoint.
 * @example
 * const module = createCustomResourceModule({ handlers: new HandlerRegistry() });
 */
export function createCustomResourceModule(options: CustomResourceModuleOptions = {}): AppModule {
  return {
    name: 'custom-resources',
    install(env) {
      const handlers = options.handlers ?? defaultHandlerRegistry;
      env.runtime.register(customResourceDefinition, customResourceExecutors(handlers, options.put));
      bindResponderSink(runtimeResponseSink(env.runtime));
      const inbox = new ResponseInbox(env.clock, options.inboxWindow).mount(env.http);
      const rosSigning = new Map(Object.entries(options.rosSigning ?? {}));
      mountRosEndpoint(env.http, { runtime: env.runtime, handlers, signingFor: (handler) => rosSigning.get(handler) });
      installations.set(env, { handlers, inbox, rosSigning });
    },
  };
}

/** The custom resource feature with the default handler registry; `statebridge start` installs it. */
export const customResourceModule: AppModule = createCustomResourceModule();

/** What the custom resource module installed into `env` (undefined if it was not installed). */
export function customResourceInstallation(env: AppEnvironment): CustomResourceInstallation | undefined {
  return installations.get(env);
}
