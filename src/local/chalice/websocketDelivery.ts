import { randomUUID } from 'node:crypto';
import type { Json } from '../../core/stepRecord.js';
import type { Registration } from '../../app/chalice/app.js';
import type { WebsocketProxyEvent, WebsocketRouteKey } from '../../protocol/websocket/websocketProxyEvent.js';
import type { AppRunner } from './appRunner.js';
import { invoke } from './invoke.js';
import { RequestResponseInvoker } from './requestResponse.js';

/** API Gateway's answer to an upgrade whose `$connect` integration failed. */
export const CONNECT_FAILED_STATUS = 500;
/** The answer when the `$connect` function was throttled. */
export const CONNECT_THROTTLED_STATUS = 429;

/**
 * Deliver websocket events to an app's handlers, each as an asynchronous-invocation instance whose
 * trigger names the route (`websocket:$default`) and the connection, so the timeline shows it.
 */
export class WebsocketDelivery {
  private readonly invoker: RequestResponseInvoker;

  constructor(private readonly runner: AppRunner) {
    this.invoker = new RequestResponseInvoker(runner.runtime, runner.functions);
  }

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
    const outcome = await this.invoker.invoke(registration, event, {
      requestId: randomUUID(),
      trigger: triggerOf(event),
    });
    if (outcome.type === 'attempt.succeeded') return statusOfAnswer(outcome.response);
    return outcome.type === 'attempt.throttled' ? CONNECT_THROTTLED_STATUS : CONNECT_FAILED_STATUS;
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

/** The status a handler's answer carries; an answer that is not `{ statusCode }` is a failed integration. */
function statusOfAnswer(answer: Json | undefined): number {
  const status = (answer as { statusCode?: unknown } | null | undefined)?.statusCode;
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599
    ? status
    : CONNECT_FAILED_STATUS;
}
