/**
 * Events in the exact shape the services deliver them, built for the embedded sources and the test
 * client. Each passes the protocol schema of its source (the tests check it).
 */
import { randomUUID } from 'node:crypto';
import type { Json } from '../../core/stepRecord.js';
import type { S3Event as S3Payload } from '../../protocol/eventSources/s3Event.js';
import type { ScheduledEvent } from '../../protocol/eventSources/scheduledEvent.js';
import type { SnsEvent } from '../../protocol/eventSources/snsEvent.js';
import { encodeS3Key } from '../../protocol/eventSources/s3Key.js';

/** The account and region local events claim; the protocol schemas need a real-looking pair. */
export interface EventScope {
  readonly account: string;
  readonly region: string;
}

/** What local events claim by default: the documentation's example account, us-east-1. */
export const LOCAL_EVENT_SCOPE: EventScope = { account: '123456789012', region: 'us-east-1' };

/** ISO time the way the services write it, to the second. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An S3 notification of one object; `key` is given decoded and written encoded, as S3 does. */
export function s3EventOf(
  input: { bucket: string; key: string; eventName?: string; size?: number; at: number },
  scope: EventScope = LOCAL_EVENT_SCOPE,
): S3Payload {
  const eventName = (input.eventName ?? 'ObjectCreated:Put').replace(/^s3:/, '');
  const removed = eventName.startsWith('ObjectRemoved');
  const record = {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: scope.region,
    eventTime: new Date(input.at).toISOString(),
    eventName,
    userIdentity: { principalId: 'AWS:LOCAL' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': randomHex(16), 'x-amz-id-2': randomUUID() },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'statebridge-local',
      bucket: { name: input.bucket, ownerIdentity: { principalId: 'LOCAL' }, arn: `arn:aws:s3:::${input.bucket}` },
      object: {
        key: encodeS3Key(input.key),
        ...(removed ? {} : { size: input.size ?? 0, eTag: randomHex(32) }),
        sequencer: input.at.toString(16).toUpperCase().padStart(16, '0'),
      },
    },
  };
  return { Records: [record] } as S3Payload;
}

/** An SNS notification of one message to one subscriber. */
export function snsEventOf(
  input: { topic: string; message: string; subject?: string; at: number; messageId?: string },
  scope: EventScope = LOCAL_EVENT_SCOPE,
): SnsEvent {
  const topicArn = `arn:aws:sns:${scope.region}:${scope.account}:${input.topic}`;
  const sns = {
    Type: 'Notification',
    MessageId: input.messageId ?? randomUUID(),
    TopicArn: topicArn,
    Subject: input.subject ?? null,
    Message: input.message,
    Timestamp: new Date(input.at).toISOString(),
    SignatureVersion: '1',
    Signature: 'LOCAL',
    SigningCertUrl: `https://sns.${scope.region}.amazonaws.com/local.pem`,
    UnsubscribeUrl: `https://sns.${scope.region}.amazonaws.com/?Action=Unsubscribe`,
    MessageAttributes: {},
  };
  const record = {
    EventVersion: '1.0',
    EventSubscriptionArn: `${topicArn}:${randomUUID()}`,
    EventSource: 'aws:sns',
    Sns: sns,
  };
  return { Records: [record] } as SnsEvent;
}

/** The event a schedule rule sends its target. */
export function scheduledEventOf(
  input: { rule: string; at: number; id?: string },
  scope: EventScope = LOCAL_EVENT_SCOPE,
): ScheduledEvent {
  return {
    version: '0',
    id: input.id ?? randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: scope.account,
    time: isoSeconds(input.at),
    region: scope.region,
    resources: [`arn:aws:events:${scope.region}:${scope.account}:rule/${input.rule}`],
    detail: {},
  };
}

/** An EventBridge event with any source, detail type and detail. */
export function cwEventOf(
  input: { source: string; detailType: string; detail: Json; at: number; resources?: readonly string[] },
  scope: EventScope = LOCAL_EVENT_SCOPE,
): Record<string, Json> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': input.detailType,
    source: input.source,
    account: scope.account,
    time: isoSeconds(input.at),
    region: scope.region,
    resources: [...(input.resources ?? [])],
    detail: input.detail,
  };
}

function randomHex(length: number): string {
  return randomUUID().replace(/-/g, '').slice(0, length).toUpperCase();
}
