import fc from 'fast-check';
import type { ScheduledEvent } from '../../protocol/eventSources/scheduledEvent.js';
import {
  accountArbitrary,
  isoTimeArbitrary,
  partitionOf,
  regionArbitrary,
  resourceNameArbitrary,
} from './awsValues.js';
import { malformedArbitrary, missing, replaced, type Malformed } from './malformed.js';

/** Options for scheduled events. */
export interface ScheduledEventOptions {
  /** The rule's name (default: any). */
  readonly ruleName?: fc.Arbitrary<string>;
}

/**
 * An event as an EventBridge schedule rule sends it, valid against `scheduledEventSchema`: the rule's
 * ARN is in the event's own region and account, and `time` has no fraction.
 */
export function scheduledEventArbitrary(options: ScheduledEventOptions = {}): fc.Arbitrary<ScheduledEvent> {
  return fc
    .record({
      id: fc.uuid(),
      account: accountArbitrary(),
      region: regionArbitrary(),
      time: isoTimeArbitrary(false),
      rule: options.ruleName ?? resourceNameArbitrary(64),
    })
    .map((f) => ({
      version: '0' as const,
      id: f.id,
      'detail-type': 'Scheduled Event' as const,
      source: 'aws.events' as const,
      account: f.account,
      time: f.time,
      region: f.region,
      resources: [`arn:${partitionOf(f.region)}:events:${f.region}:${f.account}:rule/${f.rule}`] as [string],
      detail: {},
    }));
}

/** A scheduled event that `scheduledEventSchema` must reject, with the field at fault. */
export function malformedScheduledEventArbitrary(): fc.Arbitrary<Malformed> {
  return malformedArbitrary(scheduledEventArbitrary(), [
    missing('id'),
    missing('time'),
    missing('resources'),
    missing('detail'),
    replaced('wrong-type', 0, 'version'),
    replaced('wrong-type', 'rule/my-schedule', 'resources'),
    replaced('wrong-enum', 'Timed Event', 'detail-type'),
    replaced('wrong-enum', 'aws.scheduler', 'source'),
    replaced('out-of-range', '2019-03-01 01:23:45', 'time'),
    replaced('out-of-range', '12345', 'account'),
    replaced('out-of-range', { reason: 'rate' }, 'detail'),
    replaced('out-of-range', [], 'resources'),
    replaced('inconsistent', 'arn:aws:events:mars-north-1:123456789012:rule/elsewhere', 'resources', 0),
  ]);
}
