import { ListTopicsCommand, type SNSClient } from '@aws-sdk/client-sns';
import { topicNotFound, topicPublishFailed } from './snsErrors.js';

/**
 * Topic name → ARN, cached per name: an ARN is used as it is; a configured ARN next; with an account id
 * the ARN is built from the client's region; otherwise `ListTopics` is paged until the name turns up.
 */
export class TopicArnResolver {
  private readonly arns = new Map<string, Promise<string>>();

  constructor(
    private readonly client: SNSClient,
    private readonly options: { readonly topicArns?: Readonly<Record<string, string>>; readonly accountId?: string },
  ) {}

  /** The ARN of a topic given by name or ARN. */
  arnFor(topic: string): Promise<string> {
    if (topic.startsWith('arn:')) return Promise.resolve(topic);
    const known = this.options.topicArns?.[topic];
    if (known !== undefined) return Promise.resolve(known);
    let arn = this.arns.get(topic);
    if (arn === undefined) {
      arn = this.resolve(topic);
      this.arns.set(topic, arn);
      // A failed resolution is not cached: the topic may exist on the next try.
      void arn.catch(() => this.forget(topic));
    }
    return arn;
  }

  /** Drop a cached ARN (the topic was deleted). */
  forget(topic: string): void {
    this.arns.delete(topic);
  }

  private async resolve(topic: string): Promise<string> {
    if (this.options.accountId !== undefined) {
      const region = await this.client.config.region();
      return `arn:${partitionOf(region)}:sns:${region}:${this.options.accountId}:${topic}`;
    }
    let nextToken: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(new ListTopicsCommand(nextToken === undefined ? {} : { NextToken: nextToken }));
      } catch (error) {
        throw topicPublishFailed('ListTopics', topic, error);
      }
      const found = page.Topics?.find((t) => t.TopicArn?.split(':').at(-1) === topic)?.TopicArn;
      if (found !== undefined) return found;
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
    throw topicNotFound(topic);
  }
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
