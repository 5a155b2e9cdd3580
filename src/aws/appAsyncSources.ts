import { z } from 'zod';
import { requestIdFor } from '../app/functions/requestIds.js';
import { topicNameOf } from '../app/chalice/sourceRules.js';
import { isStatebridgeError, ValidationError, type ValidationIssue } from '../core/errors.js';
import { matchesEventPattern } from '../protocol/eventPattern.js';
import { matchesWildcard } from '../protocol/eventPattern/wildcard.js';
import { parseEventSource } from '../protocol/eventSources/eventSourceSchemas.js';
import { record, text } from '../protocol/eventSources/fieldRules.js';
import { s3Record } from '../protocol/eventSources/wrappers.js';
import type { InvocationTrigger } from '../protocol/invocation/invocationInput.js';
import { parseInput } from '../protocol/validate.js';
import type { AwsRuntime } from './awsRuntime.js';
import { appRuleName, refuseAppSourceEvent, startAppInvocation, type AppTarget } from './appSourcesStart.js';
import type { IngressResult } from './ingressResult.js';
import { relayWhileTimeLeft, type LambdaContextLike } from './relayBudget.js';

/** The App sources AWS invokes asynchronously: EventBridge rules, S3 notifications, SNS subscriptions. */
export type AsyncSourceKind = 'schedule' | 'cwEvent' | 's3' | 'sns';

/** One delivery's instance: its request id, derived from the event, and the trigger it records. */
interface Delivery {
  readonly requestId: string;
  readonly trigger: InvocationTrigger;
}

/**
 * Take one event that a rule, a bucket notification or a topic subscription sent through the function's
 * alias: check it is that source's event, start the function's asynchronous invocation, relay while time
 * is left. The request id derives from the event (EventBridge `id`, S3 `x-amz-request-id` + `sequencer`,
 * SNS `MessageId`) and the function, so Lambda retrying the ingress, or the source sending the event
 * twice, starts one instance.
 */
export async function takeAsyncAppSource(
  aws: AwsRuntime,
  target: AppTarget<AsyncSourceKind>,
  event: unknown,
  context: LambdaContextLike | undefined,
  marginMs: number,
): Promise<IngressResult> {
  let started: { requestId: string; applied: boolean };
  try {
    const delivery = deliveryOf(target, event);
    started = await startAppInvocation(aws, target.registration, event, delivery);
  } catch (error) {
    if (!isStatebridgeError(error, 'VALIDATION_FAILED')) throw error;
    return refuseAppSourceEvent(aws, `${target.registration.place}: ${error.message}`);
  }
  const relayed = await relayWhileTimeLeft(aws.runtime, context, marginMs);
  const { requestId, applied } = started;
  return {
    ok: true,
    input: 'appSource',
    instanceId: requestId,
    requestId,
    applied,
    ...(relayed ? {} : { leftPending: true }),
  };
}

function deliveryOf(target: AppTarget<AsyncSourceKind>, event: unknown): Delivery {
  const { registration } = target;
  const source = registration.source;
  switch (source.kind) {
    case 'schedule': {
      const { id } = parseEventSource('schedule', event);
      const rule = appRuleName(target);
      const trigger = { source: `schedule:${rule}`, rule: source.schedule.expression, eventId: id };
      return {
        requestId: requestIdFor(`events#${registration.name}#${id}`),
        trigger: { kind: 'eventSource', ...trigger },
      };
    }
    case 'cwEvent': {
      const { id } = parseInput(eventBridgeEventSchema, event, 'EventBridge event');
      if (!matchesEventPattern(source.eventPattern, event))
        throw new ValidationError('EventBridge event', [
          { path: '(root)', rule: `must match the rule's pattern ${JSON.stringify(source.eventPattern)}` },
        ]);
      const rule = appRuleName(target);
      const trigger = { kind: 'eventSource', source: `events:${rule}`, rule, eventId: id } as const;
      return { requestId: requestIdFor(`events#${registration.name}#${id}`), trigger };
    }
    case 's3':
      return s3Delivery(target as AppTarget<'s3'>, event);
    case 'sns': {
      const [first, ...more] = parseEventSource('sns', event).Records;
      const topicArn = first?.Sns.TopicArn ?? '';
      // The App keeps a topic given by ARN as its name, as the local topic does.
      const named = topicNameOf(topicArn) === source.topic;
      const issues: ValidationIssue[] = [];
      if (!named)
        issues.push({ path: 'Records[0].Sns.TopicArn', rule: `must be topic ${source.topic}, got ${topicArn}` });
      if (more.length > 0) issues.push({ path: 'Records', rule: 'must hold one record (SNS delivers one message)' });
      if (issues.length > 0) throw new ValidationError('SNS event', issues);
      const messageId = first?.Sns.MessageId ?? '';
      const trigger = { kind: 'eventSource', source: `sns:${source.topic}`, eventId: messageId } as const;
      return { requestId: requestIdFor(`sns#${registration.name}#${messageId}`), trigger };
    }
  }
}

/** An S3 notification: of the registration's bucket, event types, prefix and suffix (on the decoded key). */
function s3Delivery(target: AppTarget<'s3'>, event: unknown): Delivery {
  const source = target.registration.source;
  const records = parseEventSource('s3', event).Records;
  const issues: ValidationIssue[] = [];
  records.forEach((r, i) => {
    const at = `Records[${i}]`;
    if (r.s3.bucket.name !== source.bucket)
      issues.push({ path: `${at}.s3.bucket.name`, rule: `must be bucket ${source.bucket}, got ${r.s3.bucket.name}` });
    if (!source.events.some((pattern) => matchesWildcard(pattern, `s3:${r.eventName}`)))
      issues.push({ path: `${at}.eventName`, rule: `must match ${source.events.join(' or ')}, got s3:${r.eventName}` });
    const key = s3Record.key(r);
    if (source.prefix !== undefined && !key.startsWith(source.prefix))
      issues.push({ path: `${at}.s3.object.key`, rule: `must start with ${source.prefix} (decoded), got ${key}` });
    if (source.suffix !== undefined && !key.endsWith(source.suffix))
      issues.push({ path: `${at}.s3.object.key`, rule: `must end with ${source.suffix} (decoded), got ${key}` });
  });
  if (issues.length > 0) throw new ValidationError('S3 event', issues);
  const ids = records.map((r) => `${r.responseElements['x-amz-request-id']}/${r.s3.object.sequencer}`).join(',');
  const trigger = { kind: 'eventSource', source: `s3:${source.bucket}`, rule: source.events.join(',') } as const;
  return { requestId: requestIdFor(`s3#${target.registration.name}#${ids}`), trigger };
}

/** The envelope every event EventBridge delivers to a rule's target has (the detail is the sender's). */
const eventBridgeEventSchema = record({
  version: z.literal('0', { error: 'must be the string "0"' }),
  id: text().min(1, 'must be the event id'),
  'detail-type': text(),
  source: text(),
  account: text(),
  time: text(),
  region: text(),
  resources: z.array(text(), { error: 'must be a list of ARNs' }),
  detail: record({}),
});
