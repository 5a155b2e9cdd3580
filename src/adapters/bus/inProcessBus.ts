import { randomUUID } from 'node:crypto';
import { errorMessage, ValidationError } from '../../core/errors.js';
import type { Json } from '../../core/stepRecord.js';
import type { Clock } from '../../ports/clock.js';
import type { PutEventsResult } from '../../ports/bus.js';
import type { RuleBus } from '../../ports/ruleBus.js';
import {
  PUT_EVENTS_MAX_BYTES,
  PUT_EVENTS_MAX_ENTRIES,
  putEventsEntrySize,
  putEventsEntrySchema,
  type EventBridgeEnvelope,
  type PutEventsEntry,
} from '../../protocol/eventBridgeEnvelope.js';
import { EventPatternIndex } from '../../protocol/eventPattern.js';
import { applyInputTransformer } from '../../protocol/inputTransformer.js';
import { byteLimitOption } from '../../protocol/payloadLimits.js';
import { selectInputPath } from '../../protocol/inputPath.js';
import { validateBusRule, type BusRule, type BusTarget } from './busRule.js';

export type { BusRule, BusTarget } from './busRule.js';

/** What the bus did with one event for one target (for the timeline and for tests). */
export interface BusDelivery {
  readonly rule: string;
  readonly target: string;
  readonly envelope: EventBridgeEnvelope;
  readonly input: Json | undefined;
  readonly error?: unknown;
}

type EntryResult = PutEventsResult['entries'][number];

/** Options of an `InProcessBus`. */
export interface InProcessBusOptions {
  /** Where event times come from; default the wall clock. Pass the runtime's clock in tests with virtual time. */
  readonly clock?: Clock;
  readonly account?: string;
  readonly region?: string;
  /**
   * Largest total size of one PutEvents call in bytes, counted as EventBridge does (default 1 MB, EventBridge's limit).
   */
  readonly maxPutEventsBytes?: number;
}

/**
 * An event bus in this process with EventBridge's envelope, rules, patterns, input paths and input
 * transformers. `publish` resolves after every matching target took the event, so a caller that
 * acknowledges only then gets at-least-once delivery across a crash.
 */
export class InProcessBus implements RuleBus {
  private readonly rules = new Map<string, BusRule>();
  // Patterns compile once here and are indexed, so routing does not slow down as rules are added.
  private readonly routes = new EventPatternIndex<BusRule>();
  private readonly listeners = new Set<(delivery: BusDelivery) => void>();

  private readonly maxPutEventsBytes: number;

  private readonly clock: Clock;

  constructor(private readonly options: InProcessBusOptions = {}) {
    this.clock = options.clock ?? { now: () => Date.now() };
    this.maxPutEventsBytes = byteLimitOption(
      'in-process bus options',
      'maxPutEventsBytes',
      options.maxPutEventsBytes,
      PUT_EVENTS_MAX_BYTES,
    );
  }

  /** Create or replace a rule; throws a ValidationError when EventBridge would refuse it. */
  putRule(rule: BusRule): void {
    this.rules.set(rule.name, validateBusRule(rule));
    this.routes.set(rule.name, rule.eventPattern, rule);
  }

  /** Delete a rule by name; unknown names are ignored. */
  removeRule(name: string): void {
    this.rules.delete(name);
    this.routes.delete(name);
  }

  /** The rules in the order they were first put. */
  listRules(): readonly BusRule[] {
    return [...this.rules.values()];
  }

  /** Observe every delivery, successful or failed; returns the unsubscribe function. */
  onDelivery(listener: (delivery: BusDelivery) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * EventBridge `PutEvents`: 1-10 entries and at most `maxPutEventsBytes` (1 MB) a call, or the whole call is refused
   * with a ValidationError. A malformed entry, or one whose targets did not all take it, is reported
   * in its result so the caller can resend just that entry.
   */
  async putEvents(entries: readonly PutEventsEntry[]): Promise<PutEventsResult> {
    assertCallWithinLimits(entries, this.maxPutEventsBytes);
    const results: EntryResult[] = [];
    for (const entry of entries) results.push(await this.putEntry(entry));
    return { failedEntryCount: results.filter((r) => 'errorCode' in r).length, entries: results };
  }

  /**
   * Deliver one envelope to every matching rule's targets. Throws an AggregateError listing each
   * failed rule/target once all targets were tried.
   */
  async publish(envelope: EventBridgeEnvelope): Promise<void> {
    const failures: { where: string; error: unknown }[] = [];
    const ingestionTime = isoSeconds(this.clock.now());
    for (const rule of this.routes.match(envelope)) {
      for (const target of rule.targets) {
        let input: Json | undefined;
        try {
          input = this.inputFor(rule, target, envelope, ingestionTime);
          await target.deliver(input ?? null, envelope);
          this.emit({ rule: rule.name, target: target.id, envelope, input });
        } catch (error) {
          failures.push({ where: `${rule.name}/${target.id}`, error });
          this.emit({ rule: rule.name, target: target.id, envelope, input, error });
        }
      }
    }
    if (failures.length > 0) {
      const detail = failures.map((f) => `${f.where}: ${errorMessage(f.error)}`).join('; ');
      throw new AggregateError(
        failures.map((f) => f.error),
        `${failures.length} target(s) failed for event ${envelope.id}: ${detail}`,
      );
    }
  }

  private async putEntry(entry: PutEventsEntry): Promise<EntryResult> {
    const parsed = putEventsEntrySchema.safeParse(entry);
    if (!parsed.success) {
      const issues = parsed.error.issues;
      const malformedDetail = issues.some((issue) => issue.path[0] === 'Detail');
      return {
        errorCode: malformedDetail ? 'MalformedDetail' : 'InvalidArgument',
        errorMessage: issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
      };
    }
    const envelope = this.envelope(parsed.data);
    try {
      await this.publish(envelope);
    } catch (error) {
      return {
        errorCode: 'TargetDeliveryFailed',
        errorMessage: errorMessage(error),
      };
    }
    return { eventId: envelope.id };
  }

  private inputFor(
    rule: BusRule,
    target: BusTarget,
    envelope: EventBridgeEnvelope,
    ingestionTime: string,
  ): Json | undefined {
    const event = envelope as unknown as Json;
    if (target.input !== undefined) return target.input;
    if (target.inputPath !== undefined) return selectInputPath(target.inputPath, event);
    if (target.inputTransformer !== undefined) {
      const ruleArn = `arn:aws:events:${this.region()}:${this.account()}:rule/${rule.name}`;
      return applyInputTransformer(target.inputTransformer, envelope, { ruleName: rule.name, ruleArn, ingestionTime });
    }
    return event;
  }

  private envelope(entry: PutEventsEntry): EventBridgeEnvelope {
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: this.account(),
      time: entry.Time ?? isoSeconds(this.clock.now()),
      region: this.region(),
      resources: entry.Resources ?? [],
      detail: JSON.parse(entry.Detail) as Json,
    };
  }

  private account(): string {
    return this.options.account ?? '000000000000';
  }

  private region(): string {
    return this.options.region ?? 'local';
  }

  private emit(delivery: BusDelivery): void {
    for (const listener of this.listeners) listener(delivery);
  }
}

/** EventBridge refuses the whole call, not single entries, when its shape breaks these limits. */
function assertCallWithinLimits(entries: readonly PutEventsEntry[], maxBytes: number): void {
  if (entries.length === 0 || entries.length > PUT_EVENTS_MAX_ENTRIES) {
    throw new ValidationError('PutEvents call', [
      { path: 'entries', rule: `must hold 1-${PUT_EVENTS_MAX_ENTRIES} entries, got ${entries.length}` },
    ]);
  }
  const bytes = entries.reduce((sum, entry) => sum + putEventsEntrySize(entry), 0);
  if (bytes > maxBytes) {
    throw new ValidationError('PutEvents call', [
      {
        path: 'entries',
        rule: `total size ${bytes} bytes exceeds the PutEvents limit of ${maxBytes} bytes (option maxPutEventsBytes)`,
      },
    ]);
  }
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
