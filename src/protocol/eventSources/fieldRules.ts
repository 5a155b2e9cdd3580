import { z } from 'zod';

/** zod's issue for a missing or mistyped value, phrased as the rule the field breaks. */
function typeRule(kind: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${kind}`) };
}

/** A required string; the message says whether it was missing or of the wrong type. */
export const text = () => z.string(typeRule('a string'));

/** A required, non-empty string. */
export const nonEmptyText = () => text().min(1, 'must not be empty');

/** A required number. */
export const numeric = () => z.number(typeRule('a number'));

/** A required JSON object with fields of its own. */
export const record = <T extends z.core.$ZodLooseShape>(shape: T) => z.looseObject(shape, typeRule('an object'));

/** A required list of at least one item — the services never deliver an empty batch. */
export const recordList = <T extends z.ZodType>(item: T) =>
  z.array(item, typeRule('an array')).min(1, 'must hold at least one record');

/** A region name such as `us-east-1`, `eu-central-2` or `us-gov-west-1`. */
export const regionName = () => text().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'must be a region name such as us-east-1');

/** A 12-digit account id. */
export const accountId = () => text().regex(/^\d{12}$/, 'must be a 12-digit account id');

/** An ISO 8601 UTC timestamp as the services write it (`2019-03-01T01:23:45Z`, milliseconds optional). */
export const isoTimestamp = () => z.iso.datetime({ error: 'must be an ISO 8601 UTC timestamp' });

/** A base64 string (standard alphabet, padded). */
export const base64Text = () => z.base64({ error: 'must be base64' });

/** A string holding a non-negative integer, as SQS writes its counters and epoch milliseconds. */
export const digitText = () => text().regex(/^\d+$/, 'must be a non-negative integer written as a string');

/** The partitions an ARN may name. */
export const PARTITION = '(?:aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b)';

/**
 * An ARN of one service, e.g. `arnOf('sqs', 'my-queue')` checks `arn:<partition>:sqs:<region>:<account>:<resource>`.
 */
export function arnOf(service: string, resource: string, example: string) {
  const pattern = new RegExp(`^arn:${PARTITION}:${service}:[a-z0-9-]+:\\d{12}:${resource}$`);
  return text().regex(pattern, `must be an ARN such as ${example}`);
}

/**
 * A string-keyed map whose names follow `keyRule`; the issue lands on the offending name so the message
 * names it (zod's own key issue only says "Invalid key in record").
 */
export function namedMap<V extends z.ZodType>(value: V, keyRule: (name: string) => string | undefined) {
  return z.record(z.string(), value, typeRule('an object')).superRefine((map, ctx) => {
    for (const name of Object.keys(map)) {
      const problem = keyRule(name);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', path: [name], message: problem });
    }
  });
}

/**
 * The rule a message attribute name breaks (SNS and SQS share it), or `undefined`: at most 256 of
 * `A-Za-z0-9_-.`, no leading, trailing or doubled period, no reserved `AWS.`/`Amazon.` prefix.
 */
export function messageAttributeNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z0-9_.-]{1,256}$/.test(name)) return 'must be 1–256 letters, digits, _ - or .';
  if (name.startsWith('.') || name.endsWith('.') || name.includes('..'))
    return 'must not start or end with a period or hold two in a row';
  if (/^(aws|amazon)\./i.test(name)) return 'must not start with the reserved AWS. or Amazon. prefix';
  return undefined;
}
