import { ASYNC_INVOCATION_MACHINE_ID } from '../../machines/asyncInvocation/asyncInvocation.definition.js';
import type { App, Registration } from '../app/chalice/app.js';
import { appsOf } from '../app/chalice/appModule.js';
import { invocationInputFor, toJson } from '../app/functions/invocationInputs.js';
import { eventIds } from '../core/stepProtocol.js';
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
 * the same request id twice is one instance (`applied` false the second time). RequestResponse for the
 * sources that wait for the answer: that instance ends with its one attempt.
 */
export async function startAppInvocation(
  aws: AwsRuntime,
  registration: Registration,
  event: unknown,
  options: { requestId: string; trigger: InvocationTrigger; invocationType?: 'RequestResponse' },
): Promise<{ requestId: string; applied: boolean }> {
  const { requestId, trigger } = options;
  const draft = invocationInputFor(
    registration.fn,
    {
      requestId,
      payload: toJson(event),
      acceptedAt: aws.runtime.clock.now(),
      retryDelayScale: 1,
      chain: { visits: { [registration.name]: 1 }, trigger },
      ...(options.invocationType === undefined ? {} : { invocationType: options.invocationType }),
    },
    aws.functions.scope,
  );
  const step = await aws.runtime.start(ASYNC_INVOCATION_MACHINE_ID, requestId, draft, {
    eventId: eventIds.start(requestId),
  });
  return { requestId, applied: step.applied };
}

/** The answer to an event an App source should not have sent (logged, as the ingress logs bad input). */
export function refuseAppSourceEvent(aws: AwsRuntime, reason: string): IngressResult {
  aws.log(JSON.stringify({ level: 'warn', message: 'statebridge ingress: bad input', input: 'appSource', reason }));
  return { ok: false, input: 'appSource', reason };
}
