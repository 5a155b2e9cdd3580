import { ValidationError } from '../../core/errors.js';
import type { Json } from '../../core/stepRecord.js';
import { parseEventSource, type EventSourceKind } from '../../protocol/eventSources/eventSourceSchemas.js';
import type { FunctionContext } from '../functions/defineFunction.js';
import type { RawHandler } from './registration.js';

/** A handler that receives one event wrapper. */
export type EventHandler<TEvent> = (event: TEvent) => unknown;

/** The raw handler that validates the event of a source and wraps it for the user's handler. */
export function wrapped<TRaw, TEvent>(
  kind: EventSourceKind,
  Wrapper: new (raw: TRaw, context: FunctionContext) => TEvent,
  handler: EventHandler<TEvent>,
): RawHandler {
  return (event, context) => handler(new Wrapper(parseEventSource(kind, event) as TRaw, context));
}

/** The event as a JSON object, for wrappers of events with no schema of their own (any bus event). */
export function asObject(event: unknown): Readonly<Record<string, Json>> {
  if (typeof event === 'object' && event !== null && !Array.isArray(event)) return event as Record<string, Json>;
  throw new ValidationError('CloudWatch event', [{ path: '(root)', rule: 'must be a JSON object' }]);
}
