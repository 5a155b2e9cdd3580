import { parseArgs } from 'node:util';
import { TtyProgress } from '../../runtime/ttyProgress.js';
import { operatorActionModule } from '../../web/operatorActionApi.js';
import { describeError, type CliCommand } from '../command.js';
import { composeApp, defaultDatabasePath, openStore } from '../compose.js';
import { demos } from '../modules.js';
import { newLocalToken, urlSigningKey, writeTokenFile } from '../localToken.js';
import { loadAppModule } from '../inspectionApp.js';
import { TimerLoop } from '../../runtime/timerLoop.js';
import { prepareApp, serveAppApi, type ServedApp, type ServedAppApi } from '../appServing.js';
import { writeEndpointFile } from '../localEndpointFile.js';
import { memoryStoreFiles } from '../memoryStoreFiles.js';

/** `statebridge start`: run the runtime on the embedded store, run the demos, serve the timeline page. */
export const startCommand: CliCommand = {
  name: 'start',
  summary: 'run the runtime on the embedded SQLite store, run the demos, serve the timeline page',
  usage:
    'statebridge start [--db PATH|memory] [--port N] [--allow-host NAME]... [--module FILE]... [--app FILE]\n' +
    '      [--api-port N] [--no-demo] [--exit]',
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        db: { type: 'string' },
        port: { type: 'string', default: '0' },
        'no-demo': { type: 'boolean', default: false },
        exit: { type: 'boolean', default: false },
        module: { type: 'string', multiple: true, default: [] },
        app: { type: 'string' },
        'api-port': { type: 'string', default: '8000' },
        'allow-host': { type: 'string', multiple: true, default: [] },
      },
    });
    const port = Number(values.port);
    const apiPort = Number(values['api-port']);
    for (const [flag, text, value] of [
      ['--port', values.port, port],
      ['--api-port', values['api-port'], apiPort],
    ] as const) {
      if (!Number.isInteger(value) || value < 0 || value > 65535) {
        io.stderr(`${flag}: must be an integer from 0 to 65535, got "${text}"\n`);
        return 2;
      }
    }
    const db = values.db ?? defaultDatabasePath();
    const store = openStore(db);
    // State-changing calls from other processes carry this token; it lives beside the database (0600).
    const token = newLocalToken();
    // A memory store has no file to sit beside: its token and endpoint go to a folder of this user's.
    const localFiles = db === 'memory' ? memoryStoreFiles({ create: true }) : db;
    const tokenFile = localFiles === undefined ? undefined : writeTokenFile(localFiles, token);
    const env = composeApp({
      store,
      log: (line) =>
        io.stdout(`${line}
`),
      onError: (e) =>
        io.stderr(`runtime: ${describeError(e)}
`),
      http: { token, allowedHosts: values['allow-host'], ...(db === 'memory' ? {} : { urlKey: urlSigningKey(db) }) },
    });
    operatorActionModule.install(env);
    // Your own machines, handlers and functions: files exporting an AppModule ({ name, install(env) }).
    for (const path of values.module) {
      const module = await loadAppModule(path);
      module.install(env);
      io.stdout(`loaded module ${module.name} from ${path}\n`);
    }
    // An App (`new App(...)` exported as `app` or default): wired now, so recovery finds its executors.
    let wakeTimers = () => {};
    const served: ServedApp | undefined =
      values.app === undefined
        ? undefined
        : await prepareApp(values.app, env, () => wakeTimers(), { keepSourcesInLog: db !== 'memory' });
    // Recovery runs before anything is served: a runtime that cannot resume its work must not look healthy.
    let recovered: { commands: number; timers: number };
    // A large backlog takes a while to resume: show it moving when someone is watching.
    const progress = new TtyProgress({ isTTY: io.stderrIsTTY === true, write: io.stderr }, 'recovering');
    let steps = 0;
    const stopCounting = env.runtime.onStep(() => progress.update(`${++steps} step(s) recorded`));
    try {
      progress.update('reading pending work');
      recovered = await env.runtime.recover();
      progress.done(`${steps} step(s) recorded`);
      stopCounting();
    } catch (error) {
      progress.done();
      stopCounting();
      io.stderr(`statebridge start: recovery failed, not serving: ${describeError(error)}\n`);
      await env.runtime.close();
      return 1;
    }
    await served?.runner.start();
    // The loop reports a failed pass and retries with backoff; it stops only in shutdown below.
    const timers = new TimerLoop(served?.timers ?? env.runtime, env.clock, {
      onError: (e) => io.stderr(`timer loop: ${describeError(e)}\n`),
    });
    const stopWaking = env.runtime.onStep((record) => record.timersSet.length > 0 && timers.wake());
    wakeTimers = () => timers.wake();
    timers.start();
    let baseUrl: string;
    let appApi: ServedAppApi | undefined;
    try {
      baseUrl = await env.http.listen(port);
      appApi = served === undefined ? undefined : await serveAppApi(served, apiPort);
    } catch (error) {
      await env.http.close();
      stopWaking();
      await timers.stop();
      await env.runtime.close();
      throw error;
    }
    if (localFiles !== undefined) writeEndpointFile(localFiles, baseUrl);
    io.stdout(
      `statebridge runtime started\n  store:    ${db}\n  timeline: ${baseUrl}/\n` +
        `  token:    ${token}${tokenFile === undefined ? '' : ` (in ${tokenFile})`}\n`,
    );
    if (served !== undefined) {
      io.stdout(`\napp ${served.app.appName} from ${values.app ?? ''}: ${served.wiring.length} function(s)\n`);
      for (const line of served.wiring) io.stdout(`  ${line}\n`);
      if (appApi !== undefined) io.stdout(`  api:      ${appApi.url}/\n`);
    }
    if (recovered.commands + recovered.timers > 0) {
      io.stdout(
        `  resumed ${recovered.commands} pending command(s) and ${recovered.timers} due timer(s) from the last run\n`,
      );
    }
    if (!values['no-demo']) {
      for (const demo of demos) {
        io.stdout(`\n== demo: ${demo.name} ==\n${demo.description}\n`);
        await demo.run(env);
      }
      await env.runtime.idle();
    }
    const shutdown = async () => {
      stopWaking();
      await timers.stop();
      await appApi?.close();
      await env.http.close();
      await env.runtime.close();
      return 0;
    };
    if (values.exit) return shutdown();
    io.stdout(`\nserving ${baseUrl}/ — press Ctrl+C to stop\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    return shutdown();
  },
};
