import { z } from 'zod';
import { accountId, isoTimestamp, record, regionName, text } from './fieldRules.js';

const ruleArn = /^arn:[a-z-]+:events:([a-z0-9-]+):(\d{12}):rule\/[A-Za-z0-9_.-]{1,64}$/;

/**
 * The event an EventBridge schedule rule sends its target: the EventBridge envelope with
 * `detail-type: "Scheduled Event"`, `source: "aws.events"`, an empty `detail` and the rule's ARN.
 */
export const scheduledEventSchema = record({
  version: z.literal('0', { error: 'must be the string "0"' }),
  id: z.guid({ error: 'must be an event id (a GUID)' }),
  'detail-type': z.literal('Scheduled Event', { error: 'must be Scheduled Event' }),
  source: z.literal('aws.events', { error: 'must be aws.events' }),
  account: accountId(),
  time: isoTimestamp(),
  region: regionName(),
  resources: z.tuple(
    [text().regex(ruleArn, 'must be a rule ARN such as arn:aws:events:us-east-2:123456789012:rule/my-schedule')],
    {
      error: 'must be a list holding the rule ARN',
    },
  ),
  detail: z.strictObject({}, { error: 'must be an empty object' }),
}).superRefine((e, ctx) => {
  // The rule lives where the event was sent from.
  const match = ruleArn.exec(e.resources[0]);
  if (match === null) return;
  if (match[1] !== e.region)
    ctx.addIssue({ code: 'custom', path: ['resources', 0], message: `must be a rule in region ${e.region}` });
  if (match[2] !== e.account)
    ctx.addIssue({ code: 'custom', path: ['resources', 0], message: `must be a rule of account ${e.account}` });
});

/** A scheduled event. */
export type ScheduledEvent = z.output<typeof scheduledEventSchema>;
