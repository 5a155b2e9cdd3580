import { GetQueueUrlCommand, SendMessageCommand, type SendMessageRequest, type SQSClient } from '@aws-sdk/client-sqs';
import { ValidationError } from '../../core/errors.js';
import type { OutgoingQueueMessage, QueueSender } from '../../ports/queueSender.js';
import { fifoIdsFor } from './fifoMessageIds.js';
import { isQueueMissing, queueSendFailed } from './sqsErrors.js';

/** SQS's limit on message attributes per message. */
export const SQS_MAX_MESSAGE_ATTRIBUTES = 10;

/** Options of an `SqsQueueSender`. */
export interface SqsQueueSenderOptions {
  readonly client: SQSClient;
  /** Queue URLs known in advance, by name; other names are looked up once with `GetQueueUrl`. */
  readonly queueUrls?: Readonly<Record<string, string>>;
  /** Owner of queues in another account, for `GetQueueUrl`. */
  readonly queueOwnerAccountId?: string;
  /** FIFO queues: the message group (default: the sending instance's stream id, from the idempotency key). */
  readonly messageGroupId?: (queueName: string, message: OutgoingQueueMessage) => string;
}

/**
 * The `QueueSender` port over SQS `SendMessage`. A queue is named by its name (resolved to a URL with
 * `GetQueueUrl` once and cached) or by its URL. Message attributes go out as given (the dead-letter
 * `RequestID`, `ErrorCode`, `ErrorMessage`). A queue whose name ends in `.fifo` gets a message group id
 * and a deduplication id derived from the sender's idempotency key, so a re-send after a crash is
 * dropped by SQS within its five-minute window; standard queues deliver at least once.
 * @example
 * import { SQSClient } from '@aws-sdk/client-sqs';
 * const queue = new SqsQueueSender({ client: new SQSClient({}) });
 * await queue.send('failed-resizes', { body: '{"ok":false}' });
 */
export class SqsQueueSender implements QueueSender {
  private readonly urls = new Map<string, Promise<string>>();

  constructor(private readonly options: SqsQueueSenderOptions) {
    for (const [name, url] of Object.entries(options.queueUrls ?? {})) this.urls.set(name, Promise.resolve(url));
  }

  /** Send one message; throws a StatebridgeError (with the SDK error as cause) when SQS refuses it. */
  async send(queueName: string, message: OutgoingQueueMessage): Promise<{ messageId: string }> {
    const attributes = Object.entries(message.attributes ?? {});
    if (attributes.length > SQS_MAX_MESSAGE_ATTRIBUTES) {
      throw new ValidationError(`message to queue ${queueName}`, [
        {
          path: 'attributes',
          rule: `at most ${SQS_MAX_MESSAGE_ATTRIBUTES} message attributes, got ${attributes.length}`,
        },
      ]);
    }
    const queueUrl = await this.urlFor(queueName);
    const request: SendMessageRequest = {
      QueueUrl: queueUrl,
      MessageBody: message.body,
      ...(attributes.length === 0
        ? {}
        : {
            MessageAttributes: Object.fromEntries(
              attributes.map(([name, a]) => [name, { DataType: a.DataType, StringValue: a.StringValue }]),
            ),
          }),
      ...(isFifo(queueName, queueUrl) ? this.fifoIds(queueName, message) : {}),
    };
    try {
      const sent = await this.options.client.send(new SendMessageCommand(request));
      return { messageId: sent.MessageId ?? '' };
    } catch (error) {
      // A queue deleted since we looked it up: the next send looks it up again.
      if (isQueueMissing(error)) this.forget(queueName);
      throw queueSendFailed('SendMessage', queueName, error);
    }
  }

  /** The URL of a queue, looked up once per name; a URL is used as it is. */
  urlFor(queueName: string): Promise<string> {
    if (/^https?:\/\//.test(queueName)) return Promise.resolve(queueName);
    let url = this.urls.get(queueName);
    if (url === undefined) {
      url = this.lookUp(queueName);
      this.urls.set(queueName, url);
      // A failed look-up is not cached: the queue may exist on the next try.
      void url.catch(() => this.forget(queueName));
    }
    return url;
  }

  private async lookUp(queueName: string): Promise<string> {
    try {
      const owner = this.options.queueOwnerAccountId;
      const answer = await this.options.client.send(
        new GetQueueUrlCommand({
          QueueName: queueName,
          ...(owner === undefined ? {} : { QueueOwnerAWSAccountId: owner }),
        }),
      );
      if (answer.QueueUrl === undefined) throw new Error('GetQueueUrl answered without a QueueUrl');
      return answer.QueueUrl;
    } catch (error) {
      throw queueSendFailed('GetQueueUrl', queueName, error);
    }
  }

  private forget(queueName: string): void {
    if (this.options.queueUrls?.[queueName] === undefined) this.urls.delete(queueName);
  }

  private fifoIds(
    queueName: string,
    message: OutgoingQueueMessage,
  ): Pick<SendMessageRequest, 'MessageGroupId' | 'MessageDeduplicationId'> {
    const ids = fifoIdsFor(message.deduplicationKey, queueName);
    const group = this.options.messageGroupId?.(queueName, message);
    return group === undefined ? ids : { ...ids, MessageGroupId: group };
  }
}

function isFifo(queueName: string, queueUrl: string): boolean {
  return queueName.endsWith('.fifo') || queueUrl.endsWith('.fifo');
}
