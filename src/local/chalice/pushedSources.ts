import type { ObjectChange } from '../../adapters/bucket/embeddedBucket.js';
import type { EmbeddedTopic } from '../../adapters/topic/embeddedTopic.js';
import type { Json } from '../../core/stepRecord.js';
import type { Clock } from '../../ports/clock.js';
import type { RuleBus } from '../../ports/ruleBus.js';
import { matchesWildcard } from '../../protocol/eventPattern/wildcard.js';
import type { FunctionsApp } from '../../app/functions/functionsApp.js';
import type { App, Registration } from '../../app/chalice/app.js';
import { s3EventOf, snsEventOf, type EventScope } from '../../app/chalice/serviceEvents.js';
import { invoke } from './invoke.js';
import { ruleNameOf } from './scheduleExecutors.js';

/** What the sources a service pushes to (bus rules, topics, bucket notifications) deliver through. */
export interface PushHost {
  readonly app: App;
  readonly functions: FunctionsApp;
  readonly bus: RuleBus;
  readonly topic: EmbeddedTopic;
  readonly clock: Clock;
  readonly scope: EventScope;
}

/**
 * Wire a source that a service pushes to: an EventBridge pattern becomes a rule on the bus, an SNS
 * topic a subscription. (S3 notifications are matched per change by `deliverObjectChange`.)
 */
export function wirePushedSource(host: PushHost, registration: Registration): void {
  const source = registration.source;
  if (source.kind === 'cwEvent') {
    const rule = ruleNameOf(host.app, registration.name);
    host.bus.putRule({
      name: rule,
      eventPattern: source.eventPattern,
      targets: [
        {
          id: registration.name.slice(0, 64),
          deliver: async (input, envelope) => {
            await invoke(host.functions, registration, input, {
              requestId: envelope.id,
              trigger: { kind: 'eventSource', source: `events:${rule}`, rule, eventId: envelope.id },
            });
          },
        },
      ],
    });
  } else if (source.kind === 'sns') {
    host.topic.subscribe(source.topic, async (message) => {
      const event = snsEventOf({ topic: source.topic, message: message.message, at: message.publishedAt }, host.scope);
      await invoke(host.functions, registration, event, {
        trigger: { kind: 'eventSource', source: `sns:${source.topic}` },
      });
    });
  }
}

/** Publish to a topic with a subject: each subscribed function gets its own SNS event. */
export async function publishWithSubject(host: PushHost, topic: string, message: string, subject?: string) {
  for (const registration of host.app.registrations) {
    if (registration.source.kind !== 'sns' || registration.source.topic !== topic) continue;
    const event = snsEventOf(
      { topic, message, at: host.clock.now(), ...(subject === undefined ? {} : { subject }) },
      host.scope,
    );
    await invoke(host.functions, registration, event, {
      trigger: { kind: 'eventSource', source: `sns:${topic}`, eventId: event.Records[0]?.Sns.MessageId ?? '' },
    });
  }
}

/** An entry for the bus, as EventBridge `PutEvents` takes it. */
export interface BusEntry {
  source: string;
  detailType: string;
  detail: Json;
  resources?: readonly string[];
}

/** Put an event on the bus (matching `onCwEvent` functions run); a refused entry is an error. */
export async function putBusEvent(bus: RuleBus, entry: BusEntry): Promise<void> {
  const result = await bus.putEvents([
    {
      Source: entry.source,
      DetailType: entry.detailType,
      Detail: JSON.stringify(entry.detail),
      ...(entry.resources === undefined ? {} : { Resources: [...entry.resources] }),
    },
  ]);
  const failed = result.entries.find((e) => 'errorCode' in e);
  if (failed !== undefined && 'errorMessage' in failed) throw new Error(`event not accepted: ${failed.errorMessage}`);
}

/** Deliver a bucket change to each function whose notification (event names, prefix, suffix) it matches. */
export async function deliverObjectChange(host: PushHost, change: ObjectChange): Promise<void> {
  for (const registration of host.app.registrations) {
    const source = registration.source;
    if (source.kind !== 's3' || source.bucket !== change.bucket) continue;
    if (!source.events.some((pattern) => matchesWildcard(pattern, `s3:${change.eventName}`))) continue;
    if (source.prefix !== undefined && !change.key.startsWith(source.prefix)) continue;
    if (source.suffix !== undefined && !change.key.endsWith(source.suffix)) continue;
    const event = s3EventOf({ ...change }, host.scope);
    await invoke(host.functions, registration, event, {
      trigger: { kind: 'eventSource', source: `s3:${change.bucket}`, rule: source.events.join(',') },
    });
  }
}
