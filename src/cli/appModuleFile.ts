import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { App, Registration } from '../app/chalice/app.js';
import { isApp } from '../app/chalice/appModule.js';
import { ModuleLoadError } from '../core/errors.js';
import { describeError } from './command.js';

/**
 * Import a file exporting an `App` as `app` or as the default export (`start --app`). A missing file,
 * a module that fails while registering its functions, and a module with no App are each refused with
 * `--app <path>` and the rule.
 */
export async function loadAppFile(path: string): Promise<App> {
  const full = resolve(path);
  if (!existsSync(full)) throw new ModuleLoadError(path, `--app ${path}: no such file (${full})`);
  let loaded: { app?: unknown; default?: unknown };
  try {
    loaded = (await import(pathToFileURL(full).href)) as { app?: unknown; default?: unknown };
  } catch (error) {
    // Registration errors (a bad schedule, a duplicate name) are thrown while the module runs.
    throw new ModuleLoadError(path, `--app ${path}: the module failed while loading: ${describeError(error)}`, error);
  }
  const app = [loaded.app, loaded.default].find(isApp);
  if (app === undefined)
    throw new ModuleLoadError(path, `--app ${path}: must export an App (new App('name')) as "app" or default`);
  return app;
}

/** One line per function: its name and what starts it, as `start --app` prints them. */
export function describeWiring(app: App): string[] {
  return app.registrations.map((r) => `${r.name.padEnd(20)} ← ${sourceLabel(app, r)}`);
}

/** How a registration's source reads, with the source name `ls --source` takes where it has one. */
export function sourceLabel(app: App, registration: Registration): string {
  const source = registration.source;
  switch (source.kind) {
    case 'schedule':
      return `schedule ${source.schedule.expression} (ls --source schedule:${app.appName}-${registration.name})`;
    case 'cwEvent':
      return `event pattern ${JSON.stringify(source.eventPattern)} (rule ${app.appName}-${registration.name})`;
    case 's3': {
      const filter = [source.prefix && `prefix ${source.prefix}`, source.suffix && `suffix ${source.suffix}`];
      const extra = filter.filter((part) => typeof part === 'string' && part !== '').join(', ');
      return `s3:${source.bucket} ${source.events.join(',')}${extra === '' ? '' : ` (${extra})`}`;
    }
    case 'sns':
      return `sns:${source.topic}`;
    case 'sqs':
      return `sqs:${source.queue} (batch ${source.batchSize}, window ${source.maximumBatchingWindowInSeconds}s)`;
    case 'kinesis':
    case 'dynamodb':
      return `${source.kind}:${source.stream} (batch ${source.batchSize}, ${source.startingPosition})`;
    case 'route':
      return `http:${source.methods.join(',')} ${source.path}${source.authorizer === undefined ? '' : ' (authorized)'}`;
    case 'authorizer':
      return 'authorizer of routes';
    case 'websocket':
      return `ws:${source.routeKey}`;
    case 'lambda':
      return 'direct invocation (Invoke API)';
    default:
      // A kind this build prints no detail for still shows what it is.
      return (source as { kind: string }).kind;
  }
}
