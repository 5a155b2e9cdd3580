import type { AppEnvironment, AppModule } from '../app/environment.js';
import { sendJson } from '../adapters/http/httpServer.js';
import { secretKeysOf } from '../timeline/machineRedaction.js';
import type { RedactionOptions } from '../protocol/redaction.js';
import { listInstances, streamTimeline } from './instanceApi.js';
import { serveLiveUpdates } from './liveUpdates.js';
import { machineGraph } from './machineApi.js';
import { serveAsset } from './staticAssets.js';

/**
 * The timeline page: `/` (the page), `/assets/*`, `/api/instances`, `/api/instances/:id/timeline`
 * (streamed), `/api/machines/:id/graph` and `/api/stream` (live updates).
 */
export const timelineModule: AppModule = {
  name: 'timeline',
  install(env) {
    const redactionFor = redactionLookup(env);
    env.http
      // HEAD gets the stream's headers only: the stream itself never ends.
      .route('GET', '/api/stream', (req, res) =>
        req.method === 'HEAD'
          ? void res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' }).end()
          : serveLiveUpdates(env, res),
      )
      .route('GET', '/api/instances/', async (req, res, url) => {
        const match = /^\/api\/instances\/([^/]+)\/timeline$/.exec(url.pathname);
        if (match === null) return false;
        await streamTimeline(
          env,
          req,
          res,
          decodeURIComponent(match[1] ?? ''),
          url.searchParams.get('chain') === '1',
          redactionFor,
        );
        return true;
      })
      .route('GET', '/api/instances', async (_req, res, url) => {
        if (url.pathname !== '/api/instances') return false;
        await listInstances(env, res, url);
        return true;
      })
      .route('GET', '/api/machines/', (_req, res, url) => {
        const match = /^\/api\/machines\/([^/]+)\/graph$/.exec(url.pathname);
        if (match === null) return false;
        machineGraph(env, res, decodeURIComponent(match[1] ?? ''), url.searchParams.get('instance'));
        return true;
      })
      .route('GET', '/api/machines', (_req, res, url) => {
        if (url.pathname !== '/api/machines') return false;
        const machines = env.runtime.registry.list().map((r) => ({
          id: r.definition.id,
          version: r.definition.version,
          description: r.definition.description ?? '',
        }));
        sendJson(res, 200, { machines });
        return true;
      })
      .route('GET', '/assets/', (_req, res, url) => serveAsset(res, url.pathname.slice('/assets/'.length)))
      .route('GET', '/', (_req, res, url) =>
        url.pathname === '/' ? serveAsset(res, 'index.html', env.http.token) : false,
      );
  },
};

function redactionLookup(env: AppEnvironment): (machineId: string) => RedactionOptions {
  return (machineId) => {
    try {
      return { secretKeys: secretKeysOf(env.runtime.registry.latestOf(machineId).definition) };
    } catch {
      return {};
    }
  };
}
