import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomResourceContext } from '../../../machines/customResource/index.js';
import { readBody, sendJson, type HttpServer } from '../../adapters/http/httpServer.js';
import { responseHeaders } from '../../adapters/http/responseClient.js';
import { isStatebridgeError } from '../../core/errors.js';
import { serializeResponseBody } from '../../protocol/customResource/responseBody.js';
import { ROS_SYNC_TIMEOUT_S } from '../../protocol/customResource/timeouts.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { HandlerRegistry } from './handlerRegistry.js';
import { receiveCustomResourceRequest } from './requestIntake.js';

/** Path prefix of the ROS `web:` endpoint: `POST /ros/custom-resource/<handler>[?mode=sync][&timeout=<s>][&intranet=1]`. */
export const ROS_ENDPOINT_PREFIX = '/ros/custom-resource/';

/**
 * Accept ROS `web:` custom resource requests. Async (default): the request is taken, HTTP 200 at once,
 * and the answer goes to ResponseURL. `mode=sync` (a `web[sync]` token): the answer is the HTTP reply,
 * within 10 s. A repeated request (ROS retries an `idempotent` Create on errors) never runs the handler
 * twice; sync mode replies with the same body again.
 */
export function mountRosEndpoint(http: HttpServer, deps: { runtime: Runtime; handlers: HandlerRegistry }): void {
  http.route('POST', ROS_ENDPOINT_PREFIX, (request, response, url) => serve(deps, request, response, url));
}

async function serve(deps: { runtime: Runtime; handlers: HandlerRegistry }, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
  const handler = decodeURIComponent(url.pathname.slice(ROS_ENDPOINT_PREFIX.length));
  const sync = url.searchParams.get('mode') === 'sync';
  const timeout = url.searchParams.get('timeout');
  let raw: unknown;
  try {
    raw = JSON.parse(await readBody(request, 256 * 1024));
  } catch (error) {
    sendJson(response, 400, { error: 'InvalidRequest', message: `body is not JSON: ${(error as Error).message}` });
    return;
  }
  let instanceId: string;
  try {
    ({ instanceId } = await receiveCustomResourceRequest(deps, raw, {
      provider: 'ros',
      handler,
      delivery: sync ? 'sync' : 'put',
      useIntranetUrl: url.searchParams.get('intranet') === '1',
      ...(timeout === null ? {} : { timeoutSeconds: Number(timeout) }),
    }));
  } catch (error) {
    if (!isStatebridgeError(error, 'VALIDATION_FAILED')) throw error;
    sendJson(response, 400, { error: 'InvalidRequest', message: error.message });
    return;
  }
  if (!sync) {
    sendJson(response, 200, { accepted: true });
    return;
  }
  const context = await waitForDecision(deps.runtime, instanceId, ROS_SYNC_TIMEOUT_S * 1000);
  if (context?.response === undefined) {
    sendJson(response, 504, { error: 'Timeout', message: 'no answer was decided within 10 s' });
    return;
  }
  const body = serializeResponseBody(context.response);
  response.writeHead(200, responseHeaders(body, { dialect: 'ros', now: deps.runtime.clock.now() }));
  response.end(body);
}

/** Wait (wall time) until the instance has decided its answer. */
async function waitForDecision(runtime: Runtime, instanceId: string, timeoutMs: number): Promise<CustomResourceContext | undefined> {
  const read = async () => (await runtime.store.readHead(instanceId))?.state.context as unknown as CustomResourceContext | undefined;
  const current = await read();
  if (current?.response !== undefined) return current;
  return new Promise((resolve) => {
    const stop = runtime.onStep((record) => {
      if (record.streamId !== instanceId) return;
      const context = record.state.context as unknown as CustomResourceContext;
      if (context.response !== undefined) finish(context);
    });
    const timer = setTimeout(() => void read().then(finish), timeoutMs);
    function finish(context: CustomResourceContext | undefined) {
      stop();
      clearTimeout(timer);
      resolve(context);
    }
  });
}
