import { userInfo } from 'node:os';
import type { ServerResponse, IncomingMessage } from 'node:http';
import { readBody, sendJson } from '../adapters/http/httpServer.js';
import type { AppEnvironment, AppModule } from '../app/environment.js';
import {
  cancelAsOperator,
  retryAsOperator,
  sendAsOperator,
  type ActionResult,
  type OperatorActor,
} from '../app/operator/operatorActions.js';
import { isStatebridgeError } from '../core/errors.js';

const ACTIONS = ['send', 'retry', 'cancel'] as const;
type Action = (typeof ACTIONS)[number];

/** Status codes for refusals users can fix: unknown id, finished or settled instance, bad event. */
const STATUS_OF: Readonly<Record<string, number>> = {
  INSTANCE_NOT_FOUND: 404,
  INSTANCE_FINISHED: 409,
  INSTANCE_SETTLED: 409,
  NOTHING_TO_RETRY: 409,
  VALIDATION_FAILED: 400,
};

/** The page acts for whoever runs the server: `STATEBRIDGE_USER`, else the login name. */
function pageActor(): OperatorActor {
  let user = process.env['STATEBRIDGE_USER'] ?? process.env['USER'];
  try {
    user ??= userInfo().username;
  } catch {
    // no passwd entry: the step still says it came from the page
  }
  return user === undefined || user === '' ? { actor: 'page' } : { actor: 'page', user };
}

/** The step an action wrote, as the page shows it. */
function stepOf(result: ActionResult) {
  const r = result.record;
  return {
    applied: result.applied,
    instanceId: r.streamId,
    version: r.version,
    eventType: r.event.type,
    stateBefore: r.stateBefore,
    stateAfter: r.stateAfter,
    status: r.state.status,
    causationId: r.links.causationId ?? null,
    about: r.about ?? null,
  };
}

function parseRequest(text: string): { action: Action; event?: unknown } | string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'body: must be a JSON object such as {"action":"cancel"}';
  }
  const action = (body as { action?: unknown } | null)?.action;
  if (!ACTIONS.includes(action as Action)) return `action: must be one of ${ACTIONS.join(', ')}`;
  if (action === 'send' && typeof (body as { event?: unknown }).event !== 'object')
    return 'event: must be an object with a string "type" for action "send"';
  return body as { action: Action; event?: unknown };
}

async function act(env: AppEnvironment, request: IncomingMessage, response: ServerResponse, id: string) {
  const parsed = parseRequest(await readBody(request, 256 * 1024));
  if (typeof parsed === 'string') return sendJson(response, 400, { error: 'ValidationError', message: parsed });
  const by = pageActor();
  try {
    const result =
      parsed.action === 'send'
        ? await sendAsOperator(env.runtime, id, parsed.event, by)
        : parsed.action === 'retry'
          ? await retryAsOperator(env.runtime, id, by)
          : await cancelAsOperator(env.runtime, id, by);
    sendJson(response, 200, { step: stepOf(result) });
  } catch (error) {
    if (!isStatebridgeError(error)) throw error;
    sendJson(response, STATUS_OF[error.code] ?? 500, { error: error.code, message: error.message });
  }
}

/**
 * `POST /api/instances/:id/actions` with `{"action":"send","event":{…}}`, `{"action":"retry"}` or
 * `{"action":"cancel"}`: an operator action from the page, answered with the step it wrote. A
 * state-changing route, so it needs the process token the page carries. Installed by `start` only:
 * `serve` stays read only.
 */
export const operatorActionModule: AppModule = {
  name: 'operator-actions',
  install(env) {
    // The page shows its action buttons only where this answers: a `serve` page has none.
    env.http.route('GET', '/api/actions', (_req, res, url) => {
      if (url.pathname !== '/api/actions') return false;
      sendJson(res, 200, { actions: ACTIONS });
      return true;
    });
    env.http.route('POST', '/api/instances/', async (req, res, url) => {
      const match = /^\/api\/instances\/([^/]+)\/actions$/.exec(url.pathname);
      if (match === null) return false;
      await act(env, req, res, decodeURIComponent(match[1] ?? ''));
      return true;
    });
  },
};
