import { InProcessBus } from '../adapters/bus/inProcessBus.js';
import { HttpServer } from '../adapters/http/httpServer.js';
import { MemoryEventStore } from '../adapters/memory/memoryEventStore.js';
import { ValidationError } from '../core/errors.js';
import type { AppEnvironment, AppModule } from '../app/environment.js';
import type { AnyFunctionDefinition, FunctionContext } from '../app/functions/defineFunction.js';
import { FunctionThrottledError, HandledFunctionError } from '../app/functions/functionErrors.js';
import { functionsFor } from '../app/functions/functionsModule.js';
import { appsOf } from '../app/chalice/appModule.js';
import { Runtime } from '../runtime/runtime.js';
import { systemClock } from '../runtime/systemClock.js';
import { apiGatewaySenderAt, plugWebsocketSenders, type WebsocketSenderFactory } from './websocketReplies.js';

/** The part of the Lambda context a registered function's entry point reads. */
export interface FunctionLambdaContext {
  readonly awsRequestId?: string;
  readonly invokedFunctionArn?: string;
  readonly clientContext?: {
    readonly Custom?: Record<string, unknown>;
    readonly custom?: Record<string, unknown>;
  } | null;
  getRemainingTimeInMillis?(): number;
}

/**
 * The Lambda entry point of one registered function (the deployment sets `name`): runs the function's
 * code once with the payload and returns its result. The relay invokes it RequestResponse, so a throw
 * comes back as `X-Amz-Function-Error` and the machine retries as it does on one machine. The request id
 * and attempt of the asynchronous invocation arrive in the client context.
 * @example
 * import { createFunctionHandler } from 'statebridge/aws';
 * export const handler = createFunctionHandler({ app: myApp, name: process.env.STATEBRIDGE_FUNCTION_NAME });
 */
export function createFunctionHandler(options: {
  readonly app: AppModule | readonly AppModule[];
  readonly name: string | undefined;
  /**
   * How an App's `websocketApi` reaches connections from this Lambda (default: API Gateway's management API
   * at the endpoint the websocket event names). An App that plugged in a sender itself keeps it.
   */
  readonly websocketSender?: WebsocketSenderFactory;
}): (payload: unknown, context?: FunctionLambdaContext) => Promise<unknown> {
  let fn: AnyFunctionDefinition | undefined;
  return async (payload, lambda) => {
    fn ??= findFunction(options.app, options.name, options.websocketSender ?? apiGatewaySenderAt);
    const custom = lambda?.clientContext?.custom ?? lambda?.clientContext?.Custom ?? {};
    const requestId =
      typeof custom['requestId'] === 'string' ? custom['requestId'] : (lambda?.awsRequestId ?? 'unknown');
    const context: FunctionContext = {
      requestId,
      attempt: Number(custom['attempt'] ?? 1),
      functionName: fn.name,
      invokedFunctionArn: lambda?.invokedFunctionArn ?? fn.name,
      getRemainingTimeInMillis: () => lambda?.getRemainingTimeInMillis?.() ?? fn!.config.timeoutSeconds * 1000,
      throttle: (reason) => new FunctionThrottledError(fn!.name, reason),
      fail: (error) => new HandledFunctionError(error),
    };
    try {
      return await fn.handler(payload as never, context);
    } catch (error) {
      // Lambda reports the error's name as errorType: keep the name the code's error had.
      if (error instanceof HandledFunctionError)
        throw Object.assign(new Error(error.message), { name: error.errorType });
      throw error;
    }
  };
}

/**
 * Install the app into a throwaway environment, only to find the function's definition by name (and the
 * Apps it holds, whose websocket replies go through API Gateway from here).
 */
function findFunction(
  app: AppModule | readonly AppModule[],
  name: string | undefined,
  websocketSender: WebsocketSenderFactory,
): AnyFunctionDefinition {
  if (name === undefined || name === '')
    throw new ValidationError('function entry point', [
      { path: 'name', rule: 'must name a registered function (STATEBRIDGE_FUNCTION_NAME)' },
    ]);
  const runtime = new Runtime({ store: new MemoryEventStore(), clock: systemClock, timers: false });
  const env: AppEnvironment = {
    runtime,
    store: runtime.store,
    clock: systemClock,
    bus: new InProcessBus({ clock: systemClock }),
    http: new HttpServer(),
    log: () => undefined,
  };
  for (const module of Array.isArray(app) ? app : [app as AppModule]) module.install(env);
  plugWebsocketSenders(appsOf(env), websocketSender);
  const fn = functionsFor(env).get(name);
  if (fn === undefined)
    throw new ValidationError('function entry point', [
      { path: 'name', rule: `no function is registered as "${name}" by the app` },
    ]);
  return fn;
}
