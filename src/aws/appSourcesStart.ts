import type { App, Registration } from '../app/chalice/app.js';
import { appsOf } from '../app/chalice/appModule.js';
import type { FunctionDefinition } from '../app/functions/defineFunction.js';
import type { InvokeAsyncOptions, InvokeAsyncResult } from '../app/functions/functionsApp.js';
import type { Json } from '../core/stepRecord.js';
import type { InvocationTrigger } from '../protocol/invocation/invocationInput.js';
import type { AwsRuntime } from './awsRuntime.js';
import type { IngressResult } from './ingressResult.js';

/** An installed App's registration, with the App it belongs to (rule names carry the App's name). */
export interface AppTarget<TKind extends Registration['source']['kind'] = Registration['source']['kind']> {
  readonly app: App;
  readonly registration: Registration & { readonly source: Extract<Registration['source'], { kind: TKind }> };
}

/** The installed App that registers `functionName`, and its registration; undefined when none does. */
export function appTargetOf(aws: AwsRuntime, functionName: string): AppTarget | undefined {
  for (const app of appsOf(aws.env)) {
    const registration = app.registration(functionName);
    if (registration !== undefined) return { app, registration };
  }
  return undefined;
}

/** The rule name an App's schedule or pattern has, as locally: `<app>-<function>`, at most 64 characters. */
export function appRuleName(target: { app: App; registration: { name: string } }): string {
  return `${target.app.appName}-${target.registration.name}`.slice(0, 64);
}

/**
 * Start the invocation instance of one delivery from an App source: the raw event is the payload (the
 * function's wrapper validates and wraps it, as locally), the trigger names the source as locally, and
 * the same request id twice is one instance (`applied` false the second time). The source bounds the
 * event's size, so the asynchronous payload limit is checked only when `checkPayloadLimit` says so.
 */
export function startAppInvocation(
  aws: AwsRuntime,
  registration: Registration,
  event: unknown,
  options: InvokeAsyncOptions & { readonly requestId: string; readonly trigger: InvocationTrigger },
): Promise<InvokeAsyncResult> {
  // The registered handler validates the event itself (the App's wrapper parses it), so any JSON goes in.
  const fn = registration.fn as unknown as FunctionDefinition<Json, unknown>;
  return aws.functions.invokeAsync(fn, event as Json, { checkPayloadLimit: false, ...options });
}

/** The answer to an event an App source should not have sent (logged, as the ingress logs bad input). */
export function refuseAppSourceEvent(aws: AwsRuntime, reason: string): IngressResult {
  aws.log(JSON.stringify({ level: 'warn', message: 'statebridge ingress: bad input', input: 'appSource', reason }));
  return { ok: false, input: 'appSource', reason };
}
