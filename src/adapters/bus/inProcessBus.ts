import { randomUUID } from 'node:crypto';
import type { Json } from '../../core/stepRecord.js';
import type { Clock } from '../../ports/clock.js';
import type { Bus, PutEventsResult } from '../../ports/bus.js';
import { putEventsEntrySchema, type EventBridgeEnvelope, type PutEventsEntry } from '../../protocol/eventBridgeEnvelope.js';
import { matchesEventPattern, type EventPattern } from '../../protocol/eventPattern.js';
import { selectInputPath } from '../../protocol/inputPath.js';

/** Where a rule sends a matching event, after `inputPath` or `input` shaped it. */
export interface BusTarget {
  readonly id: string;
  /** JSONPath selecting part of the event, as EventBridge's `InputPath`. */
  readonly inputPath?: string;
  /** Constant JSON sent instead of the event, as EventBridge's `Input`. */
  readonly input?: Json;
  deliver(input: Json, envelope: EventBridgeEnvelope): Promise<void>;
}

/** A rule: an event pattern and the targets of the events it matches. */
export interface BusRule {
  readonly name: string;
  readonly description?: string;
  readonly eventPattern: EventPattern;
  readonly targets: readonly BusTarget[];
}

/** What the bus did with one event for one target (for the timeline and for tests). */
export interface BusDelivery {
  readonly rule: string;
  readonly target: string;
  readonly envelope: EventBridgeEnvelope;
  readonly input: Json | undefined;
  readonly error?: unknown;
}

/**
 * An event bus in this process with EventBridge's envelope, rules, patterns and input paths.
 * `publish` resolves after every matching target took the event, so a caller that acknowledges only
 * then gets at-least-once delivery across a crash.
 */
export class InProcessBus implements Bus {
  private readonly rules = new Map<string, BusRule>();
  private readonly listeners = new Set<(delivery: BusDelivery) => void>();

  constructor(private readonly options: { clock: Clock; account?: string; region?: string }) {}

  putRule(rule: BusRule): void {
    this.rules.set(rule.name, rule);
  }

  removeRule(name: string): void {
    this.rules.delete(name);
  }

  listRules(): readonly BusRule[] {
    return [...this.rules.values()];
  }

  onDelivery(listener: (delivery: BusDelivery) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async putEvents(entries: readonly PutEventsEntry[]): Promise<PutEventsResult> {
    const results: PutEventsResult['entries'][number][] = [];
    for (const entry of entries) {
      const parsed = putEventsEntrySchema.safeParse(entry);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        results.push({ errorCode: 'MalformedDetail', errorMessage: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` });
        continue;
      }
      const envelope = this.envelope(parsed.data);
      await this.publish(envelope);
      results.push({ eventId: envelope.id });
    }
    return { failedEntryCount: results.filter((r) => 'errorCode' in r).length, entries: results };
  }

  async publish(envelope: EventBridgeEnvelope): Promise<void> {
    const failures: unknown[] = [];
    for (const rule of this.rules.values()) {
      if (!matchesEventPattern(rule.eventPattern, envelope)) continue;
      for (const target of rule.targets) {
        const input = target.input ?? (target.inputPath === undefined ? (envelope as unknown as Json) : selectInputPath(target.inputPath, envelope as unknown as Json));
        try {
          await target.deliver(input ?? null, envelope);
          this.emit({ rule: rule.name, target: target.id, envelope, input });
        } catch (error) {
          failures.push(error);
          this.emit({ rule: rule.name, target: target.id, envelope, input, error });
        }
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} target(s) failed for event ${envelope.id}`);
  }

  private envelope(entry: PutEventsEntry): EventBridgeEnvelope {
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: this.options.account ?? '000000000000',
      time: entry.Time ?? new Date(this.options.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.options.region ?? 'local',
      resources: entry.Resources ?? [],
      detail: JSON.parse(entry.Detail) as Json,
    };
  }

  private emit(delivery: BusDelivery): void {
    for (const listener of this.listeners) listener(delivery);
  }
}
