import { InProcessBus } from '../../../../src/adapters/bus/inProcessBus.js';
import { SqliteEventStore } from '../../../../src/adapters/sqlite/sqliteEventStore.js';
import type { App } from '../../../../src/app/chalice/app.js';
import { runApp } from '../../../../src/local/chalice/appRunner.js';
import { createRuntime } from '../../../../src/runtime/runtime.js';
import type { VirtualClock } from '../../../../src/runtime/virtualClock.js';

/**
 * One process's worth, as `start --app` on a SQLite file: a runtime over the file, recovered, and the App
 * started on it with its queue and streams kept in the log; the clock drives both.
 */
export async function runKeptApp(path: string, app: App, clock: VirtualClock) {
  const store = new SqliteEventStore({ path });
  const runtime = createRuntime({ store, clock });
  const runner = await runApp(app, {
    runtime,
    bus: new InProcessBus({ clock }),
    log: () => undefined,
    keepSourcesInLog: true,
  });
  await runtime.recover();
  clock.attach(runtime);
  clock.attach(runner);
  return { store, runtime, runner };
}
