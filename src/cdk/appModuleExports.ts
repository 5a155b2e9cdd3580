import type { AppModule } from '../app/environment.js';
import { appModuleFor, isApp } from '../app/chalice/appModule.js';
import { ValidationError } from '../core/errors.js';

/**
 * The app modules a user's module exports: `appModules`, `appModule`, the default export or `app`, one or a list;
 * an App there stands for `appModuleFor(app)`.
 */
export function appModulesOf(loaded: Record<string, unknown>): AppModule[] {
  const exported = loaded['appModules'] ?? loaded['appModule'] ?? loaded['default'] ?? loaded['app'];
  const list = (Array.isArray(exported) ? (exported as unknown[]) : [exported]).map((m) =>
    isApp(m) ? appModuleFor(m) : m,
  );
  const issues = list.flatMap((m, i) =>
    typeof m === 'object' &&
    m !== null &&
    typeof (m as AppModule).install === 'function' &&
    typeof (m as AppModule).name === 'string'
      ? []
      : [
          {
            path: list.length > 1 ? `app[${i}]` : 'app',
            rule:
              'must be an App or an AppModule ({ name, install(env) }) exported as "appModules", "appModule", ' +
              'default or "app"',
          },
        ],
  );
  if (list.length === 0 || issues.length > 0)
    throw new ValidationError(
      'statebridge app module',
      issues.length > 0 ? issues : [{ path: 'app', rule: 'must export at least one AppModule' }],
    );
  return list as AppModule[];
}
