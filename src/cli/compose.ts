import { join } from 'node:path';
import { InProcessBus } from '../adapters/bus/inProcessBus.js';
import { HttpServer, type HttpServerOptions } from '../adapters/http/httpServer.js';
import { MemoryEventStore } from '../adapters/memory/memoryEventStore.js';
import { SqliteEventStore } from '../adapters/sqlite/sqliteEventStore.js';
import type { AppEnvironment } from '../app/environment.js';
import type { Clock } from '../ports/clock.js';
import type { EventStore } from '../ports/eventStore.js';
import { createRuntime } from '../runtime/runtime.js';
import { systemClock } from '../runtime/systemClock.js';
import { appModules } from './modules.js';

/** Where the embedded store lives unless `--db` or `STATEBRIDGE_DB` says otherwise. */
export function defaultDatabasePath(cwd = process.cwd()): string {
  return process.env['STATEBRIDGE_DB'] ?? join(cwd, '.statebridge', 'statebridge.db');
}

/** Open the store named by a `--db` value: a SQLite file path, or `memory`. */
export function openStore(db: string | undefined): EventStore {
  const target = db ?? defaultDatabasePath();
  return target === 'memory' ? new MemoryEventStore() : new SqliteEventStore({ path: target });
}

/** The app as composed here: features see ports, the commands that own it also listen and close. */
export interface ComposedApp extends AppEnvironment {
  readonly bus: InProcessBus;
  readonly http: HttpServer;
}

/** Build the runtime with every shipped feature installed, over `store`. */
export function composeApp(options: {
  store: EventStore;
  clock?: Clock;
  log?: (line: string) => void;
  onError?: (error: unknown) => void;
  http?: HttpServerOptions;
}): ComposedApp {
  const clock = options.clock ?? systemClock;
  // The commands that fire timers (start, stack simulate) run their own loop with their own polling.
  const runtime = createRuntime({
    store: options.store,
    clock,
    timers: false,
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
  const env: ComposedApp = {
    runtime,
    store: options.store,
    clock,
    bus: new InProcessBus({ clock }),
    http: new HttpServer(options.http),
    log: options.log ?? ((line) => console.log(line)),
  };
  for (const module of appModules) module.install(env);
  return env;
}
