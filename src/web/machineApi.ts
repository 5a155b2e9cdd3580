import type { ServerResponse } from 'node:http';
import type { AppEnvironment } from '../app/environment.js';
import { isStatebridgeError } from '../core/errors.js';
import { sendJson } from '../adapters/http/httpServer.js';
import { machineDiagram } from '../timeline/instanceGraph.js';

/** `GET /api/machines/:id/graph[?instance=ID]`: the machine as Mermaid text, visited states highlighted. */
export function machineGraph(
  env: AppEnvironment,
  response: ServerResponse,
  machineId: string,
  instanceId: string | null,
): void {
  machineDiagram(env.runtime.registry, env.store, machineId, instanceId ?? undefined).then(
    (text) => {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      response.end(text);
    },
    (error: unknown) => {
      const status =
        isStatebridgeError(error, 'INSTANCE_NOT_FOUND') || isStatebridgeError(error, 'MACHINE_NOT_REGISTERED')
          ? 404
          : 400;
      sendJson(response, status, { error: 'NotFound', message: (error as Error).message });
    },
  );
}
