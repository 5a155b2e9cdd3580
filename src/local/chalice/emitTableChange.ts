import { ValidationError, type ValidationIssue } from '../../core/errors.js';
import type { AppRunner } from './appRunner.js';
import type { EmitRequest } from './emitRequest.js';

type TableChange = Extract<EmitRequest, { kind: 'dynamodb' }>;

/** The table's name in a DynamoDB stream ARN (`arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>`). */
const tableOf = (streamArn: string): string | undefined => /:table\/([^/]+)\/stream\//.exec(streamArn)?.[1];

/**
 * The stream ARN of the table an `onDynamodbMessage` function reads: a change to a table no function
 * reads would raise nothing, so it is refused, naming the tables there are.
 */
export function tableStreamArnOf(runner: AppRunner, table: string): string {
  const arns = new Set<string>();
  for (const registration of runner.app.registrations)
    if (registration.source.kind === 'dynamodb') arns.add(registration.source.stream);
  const arn = [...arns].find((candidate) => tableOf(candidate) === table);
  if (arn !== undefined) return arn;
  const known = [...arns].map(tableOf).filter((name) => name !== undefined);
  throw new ValidationError('emit request', [
    {
      path: 'table',
      rule:
        `must name a table whose stream an onDynamodbMessage function reads` +
        (known.length === 0 ? ' (this App has none)' : ` (${known.join(', ')}), got "${table}"`),
    },
  ]);
}

/** The images an event name takes, as DynamoDB Streams writes them: INSERT new, MODIFY both, REMOVE old. */
export function tableChangeIssues(change: TableChange): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (change.newImage === undefined && change.oldImage === undefined)
    issues.push({ path: 'newImage', rule: 'or oldImage must be given (a change has an image)' });
  const expected = { INSERT: [true, false], MODIFY: [true, true], REMOVE: [false, true] } as const;
  if (change.eventName !== undefined && issues.length === 0) {
    const [needsNew, needsOld] = expected[change.eventName];
    if ((change.newImage !== undefined) !== needsNew)
      issues.push({ path: 'newImage', rule: `must be ${needsNew ? 'given' : 'absent'} for ${change.eventName}` });
    if ((change.oldImage !== undefined) !== needsOld)
      issues.push({ path: 'oldImage', rule: `must be ${needsOld ? 'given' : 'absent'} for ${change.eventName}` });
  }
  return issues;
}

/** Record the change on the table's embedded stream, once kept; returns where it landed. */
export async function emitTableChange(runner: AppRunner, change: TableChange): Promise<string> {
  const issues = tableChangeIssues(change);
  if (issues.length > 0) throw new ValidationError('emit request', issues);
  const stream = runner.dynamodbStream(tableStreamArnOf(runner, change.table));
  const { shardId, sequenceNumber } = stream.put({
    keys: change.keys,
    ...(change.newImage === undefined ? {} : { newImage: change.newImage }),
    ...(change.oldImage === undefined ? {} : { oldImage: change.oldImage }),
  });
  await stream.kept();
  return `${shardId} sequence ${sequenceNumber}`;
}
