import fc from 'fast-check';
import type { SnsEvent, SnsEventRecord } from '../../protocol/eventSources/snsEvent.js';
import {
  accountArbitrary,
  base64Arbitrary,
  identifierArbitrary,
  isoTimeArbitrary,
  partitionOf,
  regionArbitrary,
  resourceNameArbitrary,
  textArbitrary,
} from './awsValues.js';
import { malformedRecordsArbitrary, missing, replaced, type Malformed } from './malformed.js';

/** One SNS message attribute value, typed consistently (numbers are numeric, binaries base64). */
const attributeArbitrary = fc.oneof(
  textArbitrary(20).map((Value) => ({ Type: 'String' as const, Value })),
  fc.integer().map((n) => ({ Type: 'Number' as const, Value: String(n) })),
  fc
    .array(fc.string({ maxLength: 8 }), { maxLength: 3 })
    .map((list) => ({ Type: 'String.Array' as const, Value: JSON.stringify(list) })),
  base64Arbitrary(24).map((Value) => ({ Type: 'Binary' as const, Value })),
);

/** One SNS record as delivered to a subscribed function. */
export function snsEventRecordArbitrary(): fc.Arbitrary<SnsEventRecord> {
  return fc
    .record({
      region: regionArbitrary(),
      account: accountArbitrary(),
      topic: resourceNameArbitrary(),
      subscriptionId: fc.uuid(),
      messageId: fc.uuid(),
      subject: fc.option(textArbitrary(40, 1), { nil: null }),
      message: textArbitrary(200),
      timestamp: isoTimeArbitrary(),
      signatureVersion: fc.constantFrom('1' as const, '2' as const),
      signature: base64Arbitrary(64),
      certId: fc.uuid(),
      attributes: fc.option(
        fc.dictionary(identifierArbitrary(), attributeArbitrary, { maxKeys: 3, noNullPrototype: true }),
        { nil: undefined },
      ),
    })
    .map((f) => {
      const topicArn = `arn:${partitionOf(f.region)}:sns:${f.region}:${f.account}:${f.topic}`;
      const subscriptionArn = `${topicArn}:${f.subscriptionId}`;
      const host = `https://sns.${f.region}.amazonaws.com`;
      return {
        EventVersion: '1.0' as const,
        EventSubscriptionArn: subscriptionArn,
        EventSource: 'aws:sns' as const,
        Sns: {
          Type: 'Notification' as const,
          MessageId: f.messageId,
          TopicArn: topicArn,
          Subject: f.subject,
          Message: f.message,
          Timestamp: f.timestamp,
          SignatureVersion: f.signatureVersion,
          Signature: f.signature,
          SigningCertUrl: `${host}/SimpleNotificationService-${f.certId.replace(/-/g, '')}.pem`,
          UnsubscribeUrl: `${host}/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
          ...(f.attributes === undefined ? {} : { MessageAttributes: f.attributes }),
        },
      };
    });
}

/** An SNS event (SNS delivers one record per invocation, so one record by default). */
export function snsEventArbitrary(options: { readonly maxRecords?: number } = {}): fc.Arbitrary<SnsEvent> {
  return fc
    .array(snsEventRecordArbitrary(), { minLength: 1, maxLength: options.maxRecords ?? 1 })
    .map((Records) => ({ Records }));
}

/** An SNS event that `snsEventSchema` must reject, with the field at fault. */
export function malformedSnsEventArbitrary(): fc.Arbitrary<Malformed> {
  return malformedRecordsArbitrary(snsEventArbitrary(), [
    missing('Sns'),
    missing('Sns', 'Message'),
    missing('Sns', 'TopicArn'),
    missing('EventSource'),
    replaced('wrong-type', { text: 'hi' }, 'Sns', 'Message'),
    replaced('wrong-type', 7, 'Sns', 'Subject'),
    replaced('wrong-enum', 'SubscriptionConfirmation', 'Sns', 'Type'),
    replaced('wrong-enum', '3', 'Sns', 'SignatureVersion'),
    replaced('wrong-enum', { Test: { Type: 'Boolean', Value: 'true' } }, 'Sns', 'MessageAttributes'),
    replaced('out-of-range', { 'AWS.Reserved': { Type: 'String', Value: 'x' } }, 'Sns', 'MessageAttributes'),
    replaced('out-of-range', 'not-a-guid', 'Sns', 'MessageId'),
    replaced('out-of-range', 'sns-topic', 'Sns', 'TopicArn'),
    replaced(
      'inconsistent',
      'arn:aws:sns:us-east-1:123456789012:an-unrelated-topic-name-longer-than-forty-characters:1',
      'EventSubscriptionArn',
    ),
  ]);
}
