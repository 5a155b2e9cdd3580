import { createHash } from 'node:crypto';

/** What SQS and SNS accept as a FIFO group or deduplication id: 1-128 printable ASCII characters. */
const FIFO_ID = /^[\x21-\x7E]{1,128}$/;

/** `id` itself when FIFO accepts it, else its SHA-256 in hex, so any key maps to the same valid id. */
export function fifoSafeId(id: string): string {
  return FIFO_ID.test(id) ? id : createHash('sha256').update(id, 'utf8').digest('hex');
}

/**
 * The FIFO ids of a message sent by a command with idempotency key `streamId#version#index`: the key
 * deduplicates a re-send after a crash (within the five-minute window FIFO queues and topics keep), and
 * the stream id groups messages so one instance's messages keep their order.
 */
export function fifoIdsFor(
  deduplicationKey: string | undefined,
  fallbackGroup: string,
): { MessageGroupId: string; MessageDeduplicationId?: string } {
  if (deduplicationKey === undefined) return { MessageGroupId: fifoSafeId(fallbackGroup) };
  const streamId = deduplicationKey.split('#').slice(0, -2).join('#');
  return {
    MessageGroupId: fifoSafeId(streamId === '' ? fallbackGroup : streamId),
    MessageDeduplicationId: fifoSafeId(deduplicationKey),
  };
}
