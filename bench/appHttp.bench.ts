import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessBus } from '../src/adapters/bus/inProcessBus.js';
import { MemoryEventStore } from '../src/adapters/memory/memoryEventStore.js';
import { SqliteEventStore } from '../src/adapters/sqlite/sqliteEventStore.js';
import { App } from '../src/app/chalice/app.js';
import type { Request } from '../src/app/chalice/http/request.js';
import type { EventStore } from '../src/ports/eventStore.js';
import { runApp } from '../src/local/chalice/appRunner.js';
import { startLocalApi } from '../src/local/chalice/localApi.js';
import { createRuntime } from '../src/runtime/runtime.js';
import { compareRates, type BenchRow } from './measure.js';

/** Requests in flight at once, so both servers are measured busy rather than waiting on one client. */
const CONCURRENCY = 16;

/** The handler both servers run: read a capture and a query parameter, answer JSON. */
function item(id: string, view: string | undefined): unknown {
  return { id, view: view ?? 'full', ok: true };
}

/**
 * Routed requests/s through the local API (route matching, proxy event, a recorded RequestResponse
 * invocation per request) against a bare `node:http` server running the same handler, both on
 * 127.0.0.1 and driven by `fetch` with keep-alive, alternating in rounds; on a SQLite file (what
 * `statebridge start --app` runs on) and on the memory store.
 */
export async function benchAppHttp(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-app-http-'));
  const bare = await bareServer();
  const rows: BenchRow[] = [];
  try {
    for (const [label, store] of [
      ['SQLite', new SqliteEventStore({ path: join(dir, 'app.db') })],
      ['memory', new MemoryEventStore()],
    ] as const) {
      const local = await localApi(store);
      try {
        const [viaBare, viaLocal] = await compareRates(load(bare.url), load(local.url), { rounds: 5, ms: 800 });
        rows.push(
          { name: `bare node:http`, value: viaBare, unit: 'requests/s' },
          { name: `local API on ${label}`, value: viaLocal, unit: 'requests/s' },
          { name: `local API on ${label} / bare`, value: viaLocal / viaBare, unit: 'ratio' },
        );
      } finally {
        await local.close();
      }
    }
  } finally {
    await new Promise((resolve) => bare.server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

function load(url: string): () => Promise<number> {
  let next = 0;
  return async () => {
    const batch = Array.from({ length: CONCURRENCY }, async () => {
      const response = await fetch(`${url}/items/${(next += 1)}?view=short`);
      if (response.status !== 200) throw new Error(`status ${response.status}`);
      await response.arrayBuffer();
    });
    await Promise.all(batch);
    return CONCURRENCY;
  };
}

async function localApi(store: EventStore): Promise<{ url: string; close(): Promise<void> }> {
  const app = new App('bench');
  app.route('/items/{id}', {}, function getItem(request: Request) {
    return item(request.uriParams?.['id'] ?? '', request.queryParams?.['view']);
  });
  const runtime = createRuntime({ store, onError: () => undefined });
  const runner = await runApp(app, { runtime, bus: new InProcessBus(), log: () => undefined });
  const api = await startLocalApi(runner);
  return {
    url: api.url,
    close: async () => {
      await api.close();
      await runtime.close();
    },
  };
}

async function bareServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const match = /^\/items\/([^/]+)$/.exec(url.pathname);
    const body = JSON.stringify(
      match === null ? { message: 'Not Found' } : item(match[1]!, url.searchParams.get('view') ?? undefined),
    );
    response.writeHead(match === null ? 404 : 200, { 'Content-Type': 'application/json' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
