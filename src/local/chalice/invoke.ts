import type { Json } from '../../core/stepRecord.js';
import type { FunctionDefinition } from '../../app/functions/defineFunction.js';
import type { FunctionsApp, InvokeAsyncOptions, InvokeAsyncResult } from '../../app/functions/functionsApp.js';
import type { Registration } from '../../app/chalice/app.js';

/**
 * Deliver a source's event to a registered function as an asynchronous invocation: its own instance,
 * with retries, event age, destinations and a timeline that names the source.
 */
export function invoke(
  functions: FunctionsApp,
  registration: Registration,
  event: unknown,
  options: InvokeAsyncOptions,
): Promise<InvokeAsyncResult> {
  // Registered handlers validate the event themselves (the wrapper parses it), so any JSON goes in.
  const fn = registration.fn as unknown as FunctionDefinition<Json, unknown>;
  return functions.invokeAsync(fn, event as Json, options);
}
