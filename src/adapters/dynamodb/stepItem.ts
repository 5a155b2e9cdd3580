import { createHash } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { StepRecord } from '../../core/stepRecord.js';
import { ATTR, CONSTANT_PARTITION, shardedPartition } from './tableSchema.js';

/** A DynamoDB item in its wire form. */
export type Item = Record<string, AttributeValue>;

/** DynamoDB's item size limit (400 KB), which dynalite enforces too. */
export const DYNAMODB_ITEM_LIMIT_BYTES = 400 * 1024;

/**
 * Room kept for everything next to the record JSON: the stream id twice (key and order key, at most
 * 1,536 bytes each for a 512-character id), the bounded event, machine and correlation keys (at most
 * 1,000 bytes each plus a marker), numbers and attribute names. Their sum stays below 8 KB, so a record
 * that passes the runtime's `maxRecordBytes` check always fits in one item.
 */
export const ITEM_OVERHEAD_BYTES = 8 * 1024;

const MAX_KEY_BYTES = 1000;

/**
 * An index key for an arbitrary string. Index sort keys are capped at 1,024 bytes, so long values are
 * replaced by their SHA-256; the marker keeps the two forms from ever colliding with each other.
 */
export function boundedKey(value: string): string {
  if (Buffer.byteLength(value) <= MAX_KEY_BYTES) return `=${value}`;
  return `#${createHash('sha256').update(value).digest('base64url')}`;
}

// Larger than any epoch-ms timestamp a Date can hold, so the inverted value is never negative.
const TIME_CEILING = 8_640_000_000_000_000;

/**
 * Sort key of the listing indexes. Queried ascending it yields the contract's order: newest start first
 * (inverted, zero-padded time), then stream id. Ids longer than the key limit are truncated, which only
 * affects the tie order of two such ids started in the same millisecond.
 */
export function orderKey(startedAt: number, streamId: string): string {
  const inverted = String(TIME_CEILING - startedAt).padStart(17, '0');
  return `${inverted}#${truncateUtf8(streamId, MAX_KEY_BYTES)}`;
}

function truncateUtf8(value: string, maxBytes: number): string {
  if (Buffer.byteLength(value) <= maxBytes) return value;
  let out = '';
  let bytes = 0;
  for (const char of value) {
    bytes += Buffer.byteLength(char);
    if (bytes > maxBytes) break;
    out += char;
  }
  return out;
}

const s = (value: string): AttributeValue => ({ S: value });
const n = (value: number): AttributeValue => ({ N: String(value) });

/**
 * The one item a step writes: keys, the record as JSON, and the sparse index attributes this step
 * needs: version 1 enters the listing indexes (`byStart` on one of `shards` partitions), a terminal state
 * the status index, pending commands or timers the work indexes (also sharded). Older items keep their
 * work attributes; readers filter them against the head.
 */
export function toItem(record: StepRecord, json = JSON.stringify(record), shards = 1): Item {
  const item: Item = {
    [ATTR.pk]: s(record.streamId),
    [ATTR.sk]: n(record.version),
    [ATTR.record]: s(json),
    [ATTR.eventKey]: s(boundedKey(record.eventId)),
  };
  const order = orderKey(record.startedAt, record.streamId);
  if (record.version === 1) {
    item[ATTR.all] = s(shardedPartition(CONSTANT_PARTITION.all, record.streamId, shards));
    item[ATTR.machine] = s(boundedKey(record.machine.id));
    item[ATTR.correlation] = s(boundedKey(record.links.correlationId));
    item[ATTR.order] = s(order);
  }
  if (record.state.status !== 'active') {
    item[ATTR.status] = s(record.state.status);
    item[ATTR.order] = s(order);
  }
  if (record.pending.commands.length > 0) {
    item[ATTR.commands] = s(shardedPartition(CONSTANT_PARTITION.commands, record.streamId, shards));
    item[ATTR.commandsAt] = n(record.at);
  }
  if (record.pending.timers.length > 0) {
    item[ATTR.timers] = s(shardedPartition(CONSTANT_PARTITION.timers, record.streamId, shards));
    item[ATTR.due] = n(Math.min(...record.pending.timers.map((t) => t.dueAt)));
  }
  return item;
}

/**
 * Size of an item as DynamoDB counts it: UTF-8 bytes of each attribute name plus its value. Numbers
 * are counted at their 21-byte maximum, so the estimate never undercounts.
 */
export function itemBytes(item: Item): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) {
    total += Buffer.byteLength(name);
    if (value.S !== undefined) total += Buffer.byteLength(value.S);
    else if (value.N !== undefined) total += 21;
  }
  return total;
}

/** The record stored in an item read back from the table or the local index. */
export function recordOf(item: Item | undefined): StepRecord | undefined {
  const json = item?.[ATTR.record]?.S;
  return json === undefined ? undefined : (JSON.parse(json) as StepRecord);
}

/** Stream id and version of an index entry (every projection carries the table keys). */
export function keyOf(item: Item): { streamId: string; version: number } {
  return { streamId: item[ATTR.pk]?.S ?? '', version: Number(item[ATTR.sk]?.N ?? 0) };
}
