import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ModuleLoadError } from '../core/errors.js';
import type { AppModule } from '../app/environment.js';
import type { EventStore } from '../ports/eventStore.js';
import type { RedactionOptions } from '../protocol/redaction.js';
import { composeApp, type ComposedApp } from './compose.js';
import { openChosenStore, type StoreChoice } from './storeOption.js';
import { secretKeysOf } from '../timeline/machineRedaction.js';

/** The app the inspection commands read through: the store plus every registered machine. */
export interface InspectionApp {
  readonly env: ComposedApp;
  /** Redaction options for instances of a machine (its `meta.redact` keys). */
  readonly redactionFor: (machineId: string) => RedactionOptions;
  close(): Promise<void>;
}

/**
 * Open the store named by `--db` (or `--dynamodb`) and compose the shipped app, plus extra AppModules
 * from `--module` files (your own machines), without serving anything.
 */
export async function openInspectionApp(
  store: StoreChoice | string | undefined,
  modulePaths: readonly string[] = [],
): Promise<InspectionApp> {
  const opened = await openChosenStore(typeof store === 'object' ? store : { db: store });
  return inspectionAppOver(opened, modulePaths);
}

async function inspectionAppOver(store: EventStore, modulePaths: readonly string[]): Promise<InspectionApp> {
  const env = composeApp({ store, log: () => undefined });
  for (const path of modulePaths) (await loadAppModule(path)).install(env);
  return {
    env,
    redactionFor: (machineId) => {
      try {
        return { secretKeys: secretKeysOf(env.runtime.registry.latestOf(machineId).definition) };
      } catch {
        return {}; // an instance of a machine this build does not know: redact with the generic rules only
      }
    },
    close: () => store.close(),
  };
}

/** Import a file exporting an AppModule as `appModule` or as the default export. */
export async function loadAppModule(path: string): Promise<AppModule> {
  const loaded = (await import(pathToFileURL(resolve(path)).href)) as { appModule?: AppModule; default?: AppModule };
  const module = loaded.appModule ?? loaded.default;
  if (module === undefined || typeof module.install !== 'function') {
    throw new ModuleLoadError(path, `--module ${path}: must export an AppModule as "appModule" or default`);
  }
  return module;
}
