import { validateEventPattern, type EventPattern } from '../../protocol/eventPattern.js';
import { CloudWatchEvent } from './lambdaEvent.js';
import { asObject, wrapped, type EventHandler } from './rawHandlers.js';
import { refuseIssues, type FunctionSettings, type SourceRegistration, type SourceSpec } from './registration.js';
import { scheduleOf, type ScheduleInput } from './scheduleExpressions.js';
import type { S3Source, SnsSource } from './sourceOptions.js';
import { s3SourceIssues, snsSourceIssues, topicNameOf } from './sourceRules.js';
import { S3Event, SNSEvent } from './storageEvents.js';

/** Settings of `app.schedule`. */
export interface ScheduleSettings extends FunctionSettings {
  readonly description?: string;
}

/** `app.schedule`: the expression parsed (a string, `Rate` or `Cron`). */
export function scheduleRegistration(
  expression: ScheduleInput,
  handler: EventHandler<CloudWatchEvent>,
  settings: ScheduleSettings,
): SourceRegistration {
  const source = {
    kind: 'schedule' as const,
    schedule: scheduleOf(expression),
    description: settings.description ?? '',
  };
  return { source, handler, settings, run: wrapped('schedule', CloudWatchEvent, handler) };
}

/** `app.onCwEvent`: any EventBridge pattern, checked by the bus's own matcher. */
export function cwEventRegistration(
  eventPattern: EventPattern,
  handler: EventHandler<CloudWatchEvent>,
  settings: FunctionSettings,
): SourceRegistration {
  const source = { kind: 'cwEvent' as const, eventPattern: validateEventPattern(eventPattern) };
  return { source, handler, settings, run: (event, context) => handler(new CloudWatchEvent(asObject(event), context)) };
}

/** `app.onS3Event`: a bucket's notification filter (default events: `s3:ObjectCreated:*`). */
export function s3Registration(place: string, source: S3Source, handler: EventHandler<S3Event>): SourceRegistration {
  const events = source.events ?? ['s3:ObjectCreated:*'];
  refuseIssues(place, s3SourceIssues({ ...source, events }));
  const spec: SourceSpec = {
    kind: 's3',
    bucket: source.bucket,
    events,
    ...(source.prefix === undefined ? {} : { prefix: source.prefix }),
    ...(source.suffix === undefined ? {} : { suffix: source.suffix }),
  };
  return { source: spec, handler, settings: source, run: wrapped('s3', S3Event, handler) };
}

/** `app.onSnsMessage`: a topic by name or ARN, kept by name. */
export function snsRegistration(place: string, source: SnsSource, handler: EventHandler<SNSEvent>): SourceRegistration {
  refuseIssues(place, snsSourceIssues(source));
  const spec: SourceSpec = { kind: 'sns', topic: topicNameOf(source.topic) };
  return { source: spec, handler, settings: source, run: wrapped('sns', SNSEvent, handler) };
}
