import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { StatebridgeError } from '../../core/errors.js';
import type { Bus, PutEventsResult } from '../../ports/bus.js';
import {
  PUT_EVENTS_MAX_BYTES,
  putEventsEntrySchema,
  type EventBridgeEnvelope,
  type PutEventsEntry,
} from '../../protocol/eventBridgeEnvelope.js';
import { byteLimitOption } from '../../protocol/payloadLimits.js';
import { putEventsEntrySize } from '../../protocol/eventBridgeEnvelope.js';
import { splitIntoCalls } from './putEventsCalls.js';
import {
  DEFAULT_RESEND_POLICY,
  isRetryableCallError,
  RETRYABLE_ENTRY_CODES,
  resendDelay,
  type ResendPolicy,
} from './resendPolicy.js';

/** Options of an `EventBridgeBus`. */
export interface EventBridgeBusOptions {
  readonly client: EventBridgeClient;
  /** Bus for entries that name none (default: the account's `default` bus). */
  readonly eventBusName?: string;
  /** Resends of entries that failed for a passing reason. */
  readonly resend?: Partial<ResendPolicy>;
  /**
   * `publish` only: also put the envelope's id into `detail` under this field, so consumers can
   * de-duplicate a re-publish (EventBridge assigns its own id to every entry). Off by default.
   */
  readonly carryIdAs?: string;
  /**
   * Largest total size of one PutEvents call in bytes (default 1 MB, EventBridge's limit since
   * 2026-01-29). Set 262144 for a bus whose partition still has the old 256 KB limit.
   */
  readonly maxPutEventsBytes?: number;
  /** Waits between resends; a test passes one that records instead of waiting. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

type EntryResult = PutEventsResult['entries'][number];
interface Failure {
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly cause?: unknown;
}

/**
 * The `Bus` port over EventBridge `PutEvents`. Any number of entries: they go out in calls of at most 10
 * entries and `maxPutEventsBytes` (1 MB), and only the entries that come back with a retryable error code (throttling,
 * an internal failure) are sent again, with capped exponential backoff, up to `resend.maxAttempts` tries.
 * Results keep the caller's order. Invalid entries are reported without being sent.
 * @example
 * import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
 * const bus = new EventBridgeBus({ client: new EventBridgeClient({}), eventBusName: 'orders' });
 * await bus.putEvents([{ Source: 'shop', DetailType: 'OrderPlaced', Detail: '{"orderId":"o-1"}' }]);
 */
export class EventBridgeBus implements Bus {
  private readonly policy: ResendPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly maxBytes: number;

  constructor(private readonly options: EventBridgeBusOptions) {
    this.maxBytes = byteLimitOption(
      'EventBridge bus options',
      'maxPutEventsBytes',
      options.maxPutEventsBytes,
      PUT_EVENTS_MAX_BYTES,
    );
    this.policy = { ...DEFAULT_RESEND_POLICY, ...options.resend };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  /** Put entries; never throws for what EventBridge refused: each refused entry is reported in place. */
  async putEvents(entries: readonly PutEventsEntry[]): Promise<PutEventsResult> {
    const results = await this.put(entries);
    const reported = results.map((r): EntryResult =>
      'eventId' in r ? r : { errorCode: r.errorCode, errorMessage: r.errorMessage },
    );
    return { failedEntryCount: reported.filter((r) => 'errorCode' in r).length, entries: reported };
  }

  /**
   * Put one envelope. EventBridge assigns a new id, so the envelope's `id` is not kept (see
   * `carryIdAs`); account and region are the caller's credentials'. Throws a StatebridgeError with the
   * entry's error code when EventBridge did not take it after the resends.
   */
  async publish(envelope: EventBridgeEnvelope): Promise<void> {
    const detail =
      this.options.carryIdAs !== undefined && isObject(envelope.detail)
        ? { ...envelope.detail, [this.options.carryIdAs]: envelope.id }
        : envelope.detail;
    const entry: PutEventsEntry = {
      Source: envelope.source,
      DetailType: envelope['detail-type'],
      Detail: JSON.stringify(detail),
      Resources: [...envelope.resources],
      Time: envelope.time,
    };
    const [result] = await this.put([entry]);
    if (result === undefined || 'eventId' in result) return;
    throw new StatebridgeError(
      'COMMAND_FAILED',
      `EventBridge did not take event ${envelope.id}: ${result.errorCode}: ${result.errorMessage}`,
      {
        cause: result.cause,
        retryable: isPassing(result),
        context: {
          eventId: envelope.id,
          errorCode: result.errorCode,
          eventBusName: this.options.eventBusName ?? 'default',
        },
      },
    );
  }

  private async put(entries: readonly PutEventsEntry[]): Promise<({ eventId: string } | Failure)[]> {
    const results: ({ eventId: string } | Failure | undefined)[] = entries.map(() => undefined);
    const wire: PutEventsRequestEntry[] = [];
    const sizes: number[] = [];
    let pending: number[] = [];
    entries.forEach((entry, index) => {
      const invalid = this.invalid(entry);
      if (invalid !== undefined) results[index] = invalid;
      else pending.push(index);
      wire.push(toWire(entry, this.options.eventBusName));
      sizes.push(putEventsEntrySize(entry));
    });
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      if (attempt > 1) await this.sleep(resendDelay(this.policy, attempt - 1, this.random));
      const again: number[] = [];
      for (const call of splitIntoCalls(pending, (i) => sizes[i] ?? 0, this.maxBytes)) {
        for (const [index, outcome] of await this.send(call, wire)) {
          if ('errorCode' in outcome && attempt < this.policy.maxAttempts && isPassing(outcome)) again.push(index);
          results[index] = outcome;
        }
      }
      pending = again;
    }
    return results.map((r) => r ?? { errorCode: 'InternalFailure', errorMessage: 'entry was not sent' });
  }

  /** One PutEvents call; a call that throws reports its error on each of its entries. */
  private async send(
    call: readonly number[],
    wire: readonly PutEventsRequestEntry[],
  ): Promise<[number, { eventId: string } | Failure][]> {
    try {
      const answer = await this.options.client.send(new PutEventsCommand({ Entries: call.map((i) => wire[i]!) }));
      return call.map((index, at) => {
        const entry = answer.Entries?.[at];
        if (entry?.EventId !== undefined && entry.ErrorCode === undefined) return [index, { eventId: entry.EventId }];
        return [
          index,
          {
            errorCode: entry?.ErrorCode ?? 'InternalFailure',
            errorMessage: entry?.ErrorMessage ?? 'no result for this entry',
          },
        ];
      });
    } catch (error) {
      const name = (error as { name?: string }).name ?? 'Error';
      const message = error instanceof Error ? error.message : String(error);
      return call.map((index) => [
        index,
        { errorCode: name, errorMessage: `PutEvents failed: ${message}`, cause: error },
      ]);
    }
  }

  /** Entries EventBridge would refuse, found before sending: the schema, and the size of one call. */
  private invalid(entry: PutEventsEntry): Failure | undefined {
    const parsed = putEventsEntrySchema.safeParse(entry);
    if (!parsed.success) {
      const malformedDetail = parsed.error.issues.some((issue) => issue.path[0] === 'Detail');
      return {
        errorCode: malformedDetail ? 'MalformedDetail' : 'InvalidArgument',
        errorMessage: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      };
    }
    const size = putEventsEntrySize(entry);
    if (size > this.maxBytes) {
      const limit = `the PutEvents limit of ${this.maxBytes} bytes (option maxPutEventsBytes)`;
      return { errorCode: 'InvalidArgument', errorMessage: `entry is ${size} bytes, over ${limit}` };
    }
    return undefined;
  }
}

function toWire(entry: PutEventsEntry, defaultBus: string | undefined): PutEventsRequestEntry {
  const bus = entry.EventBusName ?? defaultBus;
  return {
    Source: entry.Source,
    DetailType: entry.DetailType,
    Detail: entry.Detail,
    ...(entry.Resources === undefined ? {} : { Resources: [...entry.Resources] }),
    ...(entry.Time === undefined ? {} : { Time: new Date(entry.Time) }),
    ...(bus === undefined ? {} : { EventBusName: bus }),
  };
}

/** A failure worth another try: a retryable entry code, or a whole call that failed for a passing reason. */
function isPassing(failure: Failure): boolean {
  return (
    RETRYABLE_ENTRY_CODES.has(failure.errorCode) || (failure.cause !== undefined && isRetryableCallError(failure.cause))
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
