import { randomUUID } from 'node:crypto';
import type { Json, StepRecord } from '../../core/stepRecord.js';
import type { Registration } from '../../app/chalice/app.js';
import type { WebsocketProxyEvent, WebsocketRouteKey } from '../../protocol/websocket/websocketProxyEvent.js';
import type { AppRunner } from './appRunner.js';
import { invoke } from './invoke.js';

/** API Gateway's answer to an upgrade whose `$connect` integration failed. */
export const CONNECT_FAILED_STATUS = 500;
/** The answer when the `$connect` function was throttled. */
export const CONNECT_THROTTLED_STATUS = 429;

/**
 * Deliver websocket events to an app's handlers, each as an asynchronous-invocation instance whose
 * trigger names the route (`websocket:$default`) and the connection, so the timeline shows it.
 */
export class WebsocketDelivery {
  constructor(private readonly runner: AppRunner) {}

  /** The function registered for a route, if any. */
  handlerOf(routeKey: WebsocketRouteKey): Registration | undefined {
    return this.runner.app.registrations.find((r) => r.source.kind === 'websocket' && r.source.routeKey === routeKey);
  }

  /** Queue a message or disconnect event for its handler (HTTP 202 semantics: nothing waits for the answer). */
  async deliver(registration: Registration, event: WebsocketProxyEvent, requestId: string): Promise<void> {
    await invoke(this.runner.functions, registration, event, { requestId, trigger: triggerOf(event) });
  }

  /**
   * Run the `$connect` handler and wait for its first attempt: the status it answered (default 200),
   * 500 when it failed, 429 when it was throttled. It is an instance like any other delivery, so a
   * refused connection has a timeline too.
   */
  async connect(registration: Registration, event: WebsocketProxyEvent): Promise<number> {
    const requestId = randomUUID();
    let stop = (): void => undefined;
    const answered = new Promise<number>((resolve) => {
      stop = this.runner.runtime.onStep((record) => {
        const status = record.streamId === requestId ? statusOfStep(record) : undefined;
        if (status !== undefined) resolve(status);
      });
    });
    try {
      await invoke(this.runner.functions, registration, event, { requestId, trigger: triggerOf(event) });
      return await answered;
    } finally {
      stop();
    }
  }
}

function triggerOf(event: WebsocketProxyEvent) {
  const context = event.requestContext;
  const messageId = typeof context['messageId'] === 'string' ? context['messageId'] : undefined;
  return {
    kind: 'eventSource' as const,
    source: `websocket:${context.routeKey}`,
    rule: `connection ${context.connectionId}`,
    ...(messageId === undefined ? {} : { eventId: messageId }),
  };
}

function statusOfStep(record: StepRecord): number | undefined {
  const event = record.event as { type: string; response?: Json };
  if (event.type === 'attempt.succeeded') return statusOfAnswer(event.response);
  if (event.type === 'attempt.failed' || event.type === 'attempt.expired') return CONNECT_FAILED_STATUS;
  if (event.type === 'attempt.throttled') return CONNECT_THROTTLED_STATUS;
  return undefined;
}

/** The status a handler's answer carries; an answer that is not `{ statusCode }` is a failed integration. */
function statusOfAnswer(answer: Json | undefined): number {
  const status = (answer as { statusCode?: unknown } | null | undefined)?.statusCode;
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599
    ? status
    : CONNECT_FAILED_STATUS;
}
