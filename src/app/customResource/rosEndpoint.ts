import type { IncomingMessage, ServerResponse } from 'node:http';
import { customResourceDefinition, type CustomResourceContext } from '../../../machines/customResource/index.js';
import { readBody, sendJson } from '../../adapters/http/httpServer.js';
import type { Router } from '../../ports/router.js';
import { carriesToken, TOKEN_HEADER } from '../../adapters/http/requestGuard.js';
import { responseHeaders } from '../../adapters/http/responseClient.js';
import { isStatebridgeError } from '../../core/errors.js';
import { requestInstanceId } from '../../protocol/customResource/request.js';
import { serializeResponseBody } from '../../protocol/customResource/responseBody.js';
import { ROS_SYNC_TIMEOUT_S } from '../../protocol/customResource/timeouts.js';
import type { Runtime } from '../../runtime/runtime.js';
import { contextOf } from '../../runtime/typedExecutors.js';
import type { HandlerRegistry } from './handlerRegistry.js';
import { receiveCustomResourceRequest } from './requestIntake.js';
import { rosSignatureProblem, type RosSigning } from './rosSignature.js';

/**
 * Path prefix of the ROS `web:` endpoint: `POST /ros/custom-resource/<handler>[?mode=sync][&timeout=<s>][&intranet=1]`.
 */
export const ROS_ENDPOINT_PREFIX = '/ros/custom-resource/';

/** What the endpoint needs: the runtime, the handlers, and the SignKey (if any) of each handler. */
interface RosEndpointDeps {
  readonly runtime: Runtime;
  readonly handlers: HandlerRegistry;
  readonly signingFor: (handler: string) => RosSigning | undefined;
}

/**
 * Accept ROS `web:` custom resource requests. Async (default): the request is taken, HTTP 200 at once,
 * and the answer goes to ResponseURL. `mode=sync` (a `web[sync]` token): the answer is the HTTP reply,
 * within 10 s. A repeated request (ROS retries an `idempotent` Create on errors) never runs the handler
 * twice; sync mode replies with the same body again.
 *
 * Who may call: a handler with a SignKey takes only requests whose `Signature` verifies; any other
 * handler takes requests carrying the process token. A repeat of a request must name the same
 * ResponseURL as the first, so nobody can redirect an answer by replaying a request with their own URL.
 */
export function mountRosEndpoint(http: Router, deps: RosEndpointDeps): void {
  http.route('POST', ROS_ENDPOINT_PREFIX, (request, response, url) => serve(deps, http.token, request, response, url), {
    auth: 'self',
    body: 'json',
  });
}

async function serve(
  deps: RosEndpointDeps,
  token: string,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const handler = decodeURIComponent(url.pathname.slice(ROS_ENDPOINT_PREFIX.length));
  const sync = url.searchParams.get('mode') === 'sync';
  const timeout = url.searchParams.get('timeout');
  if (timeout !== null && !/^\d{1,5}$/.test(timeout))
    return invalid(response, `timeout: must be a whole number of seconds from 1 to 43200, got "${timeout}"`);
  if (timeout !== null && (Number(timeout) < 1 || Number(timeout) > 43200))
    return invalid(response, `timeout: must be from 1 to 43200 seconds, got ${timeout}`);
  let raw: unknown;
  try {
    raw = JSON.parse(await readBody(request, 256 * 1024));
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return invalid(response, `body is not JSON: ${error.message}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return invalid(response, 'body: must be a JSON object');
  const body = raw as Record<string, unknown>;
  const refusal = authenticate(deps, token, request, body, handler, url);
  if (refusal !== undefined) return sendJson(response, 401, { error: 'Unauthorized', message: refusal });
  const redirect = await redirectProblem(deps.runtime, body, url.searchParams.get('intranet') === '1');
  if (redirect !== undefined) return sendJson(response, 409, { error: 'Conflict', message: redirect });
  let instanceId: string;
  try {
    ({ instanceId } = await receiveCustomResourceRequest(deps, body, {
      provider: 'ros',
      handler,
      delivery: sync ? 'sync' : 'put',
      useIntranetUrl: url.searchParams.get('intranet') === '1',
      ...(timeout === null ? {} : { timeoutSeconds: Number(timeout) }),
    }));
  } catch (error) {
    if (!isStatebridgeError(error, 'VALIDATION_FAILED')) throw error;
    return invalid(response, error.message);
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
  const answer = serializeResponseBody(context.response);
  response.writeHead(200, responseHeaders(answer, { dialect: 'ros', now: deps.runtime.clock.now() }));
  response.end(answer);
}

function invalid(response: ServerResponse, message: string): void {
  sendJson(response, 400, { error: 'InvalidRequest', message });
}

function authenticate(
  deps: RosEndpointDeps,
  token: string,
  request: IncomingMessage,
  body: Record<string, unknown>,
  handler: string,
  url: URL,
): string | undefined {
  const signing = deps.signingFor(handler);
  if (signing !== undefined)
    return rosSignatureProblem(
      body,
      signing,
      `http://${request.headers.host ?? ''}${url.pathname}${url.search}`,
      deps.runtime.clock.now(),
    );
  if ('Signature' in body) return `Signature: handler "${handler}" has no SignKey configured to verify it with`;
  return carriesToken(request, token)
    ? undefined
    : `a request to a handler without a SignKey needs this process's token in the ${TOKEN_HEADER} header`;
}

async function redirectProblem(
  runtime: Runtime,
  body: Record<string, unknown>,
  intranet: boolean,
): Promise<string | undefined> {
  if (typeof body['StackId'] !== 'string' || typeof body['RequestId'] !== 'string') return undefined;
  const head = await runtime.store.readHead(requestInstanceId('ros', body['StackId'], body['RequestId']));
  const first = (head?.state.context as { responseUrl?: unknown } | undefined)?.responseUrl;
  if (typeof first !== 'string') return undefined;
  const inner = body['IntranetResponseURL'] ?? body['InnerResponseURL'];
  const again = intranet && typeof inner === 'string' ? inner : body['ResponseURL'];
  return again === undefined || again === first
    ? undefined
    : 'ResponseURL: a repeated request must name the same ResponseURL as its first delivery';
}

/** Wait (wall time) until the instance has decided its answer. */
async function waitForDecision(
  runtime: Runtime,
  instanceId: string,
  timeoutMs: number,
): Promise<CustomResourceContext | undefined> {
  const read = async () => {
    const head = await runtime.store.readHead(instanceId);
    return head === undefined ? undefined : contextOf(customResourceDefinition, head);
  };
  const current = await read();
  if (current?.response !== undefined) return current;
  return new Promise((resolve) => {
    const stop = runtime.onStep((record) => {
      if (record.streamId !== instanceId) return;
      const context = contextOf(customResourceDefinition, record);
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
