import { GetExecutionHistoryCommand, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import { awsCallFailed } from '../awsCallError.js';

/** Where to read a Step Functions execution history from. */
export interface SfnHistoryOptions {
  /** Custom endpoint (a local emulator, a recorded-history server in tests). */
  readonly endpoint?: string;
  /** Default: `AWS_REGION`, else the region in the execution ARN. */
  readonly region?: string;
  /** Events per page, at most 1000. */
  readonly pageSize?: number;
}

/**
 * Stream the events of one execution, oldest first, page by page through `GetExecutionHistory`
 * (following `nextToken`), so a long history is never held in memory at once.
 * @example
 * for await (const event of readSfnHistory(arn, { region: 'eu-west-1' })) console.log(event.type);
 */
export async function* readSfnHistory(
  executionArn: string,
  options: SfnHistoryOptions = {},
): AsyncGenerator<HistoryEvent> {
  const client = new SFNClient({
    region: options.region ?? process.env['AWS_REGION'] ?? regionOf(executionArn),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    // A local endpoint needs no account; real AWS uses the normal credential chain.
    ...(options.endpoint !== undefined && process.env['AWS_ACCESS_KEY_ID'] === undefined
      ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  try {
    let nextToken: string | undefined;
    do {
      let page;
      try {
        page = await client.send(
          new GetExecutionHistoryCommand({
            executionArn,
            maxResults: options.pageSize ?? 1000,
            ...(nextToken === undefined ? {} : { nextToken }),
          }),
        );
      } catch (error) {
        throw awsCallFailed({
          service: 'Step Functions',
          operation: 'GetExecutionHistory',
          target: executionArn,
          targetKey: 'executionArn',
          error,
          code: 'STORE_UNAVAILABLE',
        });
      }
      for (const event of page.events ?? []) yield event;
      nextToken = page.nextToken;
    } while (nextToken !== undefined && nextToken !== '');
  } finally {
    client.destroy();
  }
}

/** The region field of an ARN (`arn:aws:states:REGION:...`), or us-east-1 when it has none. */
function regionOf(arn: string): string {
  const region = arn.split(':')[3];
  return region === undefined || region === '' ? 'us-east-1' : region;
}
