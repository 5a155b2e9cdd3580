import type { App } from '../app/chalice/app.js';
import { functionsFor } from '../app/functions/functionsModule.js';
import type { TimerSource } from '../ports/clock.js';
import { mountEmitRoute } from '../local/chalice/appEmitRoute.js';
import { AppRunner } from '../local/chalice/appRunner.js';
import { startLocalApi } from '../local/chalice/localApi.js';
import { attachWebsocketApi } from '../local/chalice/localWebsocket.js';
import { loadAppFile, describeWiring } from './appModuleFile.js';
import type { ComposedApp } from './compose.js';

/** An App loaded for `start --app`: wired to the runtime, its schedules started once recovery is done. */
export interface ServedApp {
  readonly app: App;
  readonly runner: AppRunner;
  /** What it wired, one line per function. */
  readonly wiring: readonly string[];
  /** What the timer loop fires: the runtime's durable timers and the App's queue windows. */
  readonly timers: TimerSource;
}

/**
 * Load the App of `path` and wire it into `env` before recovery runs, so its functions and schedules
 * have executors when pending work resumes. Its functions join the Invoke API's functions app; the
 * embedded bucket, queue and topic are fed through `POST /app/emit` (`statebridge emit`). With
 * `keepSourcesInLog` (a database file) the queue's messages and the streams' records outlive the process.
 */
export async function prepareApp(
  path: string,
  env: ComposedApp,
  onQueued: () => void,
  options: { keepSourcesInLog?: boolean } = {},
): Promise<ServedApp> {
  const app = await loadAppFile(path);
  const runner = new AppRunner(app, {
    runtime: env.runtime,
    bus: env.bus,
    log: env.log,
    functions: functionsFor(env),
    keepSourcesInLog: options.keepSourcesInLog ?? false,
  });
  mountEmitRoute(env.http, { runner, runtime: env.runtime, bus: env.bus, onQueued });
  return { app, runner, wiring: describeWiring(app), timers: bothTimerSources(env.runtime, runner) };
}

/** One timer source over two: the earliest due time of either, and both fired. */
function bothTimerSources(first: TimerSource, second: TimerSource): TimerSource {
  return {
    async nextDueAt() {
      const dues = [await first.nextDueAt(), await second.nextDueAt()].filter((d): d is number => d !== undefined);
      return dues.length === 0 ? undefined : Math.min(...dues);
    },
    async fireDue(now) {
      await first.fireDue(now);
      await second.fireDue(now);
    },
  };
}

/** The App's own HTTP API as `start --app` serves it: its routes and websockets on 127.0.0.1. */
export interface ServedAppApi {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serve the App's routes (API Gateway proxy events) and websocket handlers on `127.0.0.1:<port>` (8000 by
 * default, as `chalice local`), apart from the timeline server: the App's API is what its clients call,
 * with its own CORS and authorizers, not the process token. Undefined when the App has neither.
 */
export async function serveAppApi(served: ServedApp, port: number): Promise<ServedAppApi | undefined> {
  const { app, runner } = served;
  const websockets = app.registrations.some((r) => r.source.kind === 'websocket');
  if (app.routes.size === 0 && !websockets) return undefined;
  const api = await startLocalApi(runner, { host: '127.0.0.1', port });
  const sockets = websockets ? attachWebsocketApi(api.server, runner) : undefined;
  return {
    url: api.url,
    async close() {
      await sockets?.close();
      await api.close();
    },
  };
}
