import type { AppEnvironment, AppModule } from '../environment.js';
import { functionsFor } from '../functions/functionsModule.js';
import type { App } from './app.js';

const installed = new WeakMap<AppEnvironment['runtime'], App[]>();

/**
 * An App as an AppModule, the shape a deployment installs: every registered function joins the runtime's
 * functions app (so the relay can invoke it and each delivery is an invocation instance), and the App is
 * kept with the runtime, where the AWS entry points find which function a source's event goes to and the
 * CDK construct finds which rules, subscriptions, mappings and APIs to create.
 * @example
 * // my-app.ts, the module `new Statebridge(stack, 'Media', { app: './my-app.ts' })` loads
 * export const app = new App('media');
 * app.onS3Event({ bucket: 'img' }, function resize(event) { return event.key; });
 * export const appModules = [appModuleFor(app)];
 */
export function appModuleFor(app: App): AppModule {
  return {
    name: `app:${app.appName}`,
    install(env) {
      const functions = functionsFor(env);
      for (const registration of app.registrations) functions.register(registration.fn);
      const apps = installed.get(env.runtime) ?? [];
      if (!apps.includes(app)) apps.push(app);
      installed.set(env.runtime, apps);
    },
  };
}

/** The Apps installed into this environment's runtime by `appModuleFor`, in install order. */
export function appsOf(env: Pick<AppEnvironment, 'runtime'>): readonly App[] {
  return installed.get(env.runtime) ?? [];
}

/**
 * An App from this package, or from another copy of it (a project's own `statebridge` next to the CLI's):
 * recognised by shape, as `instanceof` cannot see across copies.
 */
export function isApp(value: unknown): value is App {
  const candidate = value as { appName?: unknown; registrations?: unknown } | null | undefined;
  return typeof candidate?.appName === 'string' && Array.isArray(candidate.registrations);
}
