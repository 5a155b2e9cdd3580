import type { ServerResponse } from 'node:http';
import type { AppEnvironment } from '../app/environment.js';

const KEEP_ALIVE_MS = 15_000;

/**
 * `GET /api/stream`: Server-Sent Events, one `step` event per committed step (instance id, version,
 * state, status), fed by `runtime.onStep`. The page falls back to polling when the stream breaks.
 */
export function serveLiveUpdates(env: AppEnvironment, response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  response.write('retry: 2000\n\n');
  const unsubscribe = env.runtime.onStep((record) => {
    const data = {
      instanceId: record.streamId,
      version: record.version,
      state: record.stateAfter,
      status: record.state.status,
      at: record.at,
    };
    response.write(`event: step\ndata: ${JSON.stringify(data)}\n\n`);
  });
  const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  keepAlive.unref();
  response.on('close', () => {
    clearInterval(keepAlive);
    unsubscribe();
  });
}
