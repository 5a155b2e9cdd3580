import fc from 'fast-check';
import type { Json } from '../../core/stepRecord.js';
import { jsonObjectArbitrary } from './awsValues.js';

/** Options for invocation payloads. */
export interface InvocationPayloadOptions {
  /** The largest payload in UTF-8 bytes of its JSON text (default 16 KiB; asynchronous invocations allow 1 MB). */
  readonly maxBytes?: number;
  /** How deep objects and arrays nest (default 3). */
  readonly maxDepth?: number;
}

/** The size of a payload as the service counts it: the UTF-8 bytes of its JSON text. */
export function payloadBytes(payload: Json): number {
  return Buffer.byteLength(JSON.stringify(payload), 'utf8');
}

/**
 * Any JSON object an asynchronous invocation could carry, at most `maxBytes` long; survives a JSON
 * round trip unchanged (no `-0`, no `__proto__` keys).
 * @example
 * fc.assert(
 *   fc.property(invocationPayloadArbitrary({ maxBytes: 1024 }), (payload) => {
 *     runtime.invoke('fn', payload);
 *   }),
 * );
 */
export function invocationPayloadArbitrary(
  options: InvocationPayloadOptions = {},
): fc.Arbitrary<{ [key: string]: Json }> {
  const maxBytes = options.maxBytes ?? 16 * 1024;
  if (maxBytes < 2) throw new RangeError('maxBytes must be at least 2: the smallest object, {}, is 2 bytes');
  // Generated objects stay small, so the filter rarely rejects unless maxBytes is tiny.
  return jsonObjectArbitrary(8, options.maxDepth ?? 3).filter((payload) => payloadBytes(payload) <= maxBytes);
}
