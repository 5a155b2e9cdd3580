import { z } from 'zod';
import type { Json } from '../core/stepRecord.js';
import { SERVERLESS_PAYLOAD_LIMIT_BYTES } from './payloadLimits.js';

/** An event as EventBridge delivers it to targets. */
export interface EventBridgeEnvelope {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Json;
}

/** One entry of a `PutEvents` call, as the EventBridge API takes it (Detail is a JSON string). */
export const putEventsEntrySchema = z.object({
  Source: z.string().min(1, 'is required').max(256, 'must be at most 256 characters'),
  DetailType: z.string().min(1, 'is required').max(128, 'must be at most 128 characters'),
  Detail: z.string().refine((s) => isJsonObject(s), 'must be a JSON object encoded as a string'),
  Resources: z.array(z.string()).optional(),
  Time: z.string().datetime({ offset: true, message: 'must be an ISO 8601 timestamp' }).optional(),
  EventBusName: z.string().optional(),
});

/** A validated `PutEvents` entry. */
export type PutEventsEntry = z.infer<typeof putEventsEntrySchema>;

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** EventBridge's limit on one PutEvents call. */
export const PUT_EVENTS_MAX_ENTRIES = 10;
/**
 * EventBridge's limit on the total size of one PutEvents call, in bytes: 1 MB since 2026-01-29 (it was
 * 256 KB). Buses take a `maxPutEventsBytes` option for a partition that still has the old limit.
 */
export const PUT_EVENTS_MAX_BYTES = SERVERLESS_PAYLOAD_LIMIT_BYTES;

const utf8Bytes = (text: string | undefined): number =>
  text === undefined ? 0 : new TextEncoder().encode(text).length;

/**
 * An entry's size as EventBridge counts it against the call's size limit: the UTF-8 bytes of Source,
 * DetailType, Detail and each Resource, plus 14 bytes when a Time is given.
 */
export function putEventsEntrySize(entry: PutEventsEntry): number {
  const resources = (entry.Resources ?? []).reduce((sum, resource) => sum + utf8Bytes(resource), 0);
  return (
    utf8Bytes(entry.Source) +
    utf8Bytes(entry.DetailType) +
    utf8Bytes(entry.Detail) +
    resources +
    (entry.Time === undefined ? 0 : 14)
  );
}
