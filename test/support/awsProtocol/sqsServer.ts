import { createHash } from 'node:crypto';
import {
  jsonReply,
  requestId,
  startProtocolServer,
  type ProtocolReply,
  type ProtocolServer,
} from './protocolServer.js';

/** A message attribute on the wire (AWS JSON 1.0). */
export interface WireAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
}

/** A message the local SQS accepted. */
export interface StoredMessage {
  readonly messageId: string;
  readonly queueName: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, WireAttribute>>;
  readonly groupId?: string;
  readonly deduplicationId?: string;
}

/** A local SQS speaking the AWS JSON 1.0 protocol of the current SDK (`X-Amz-Target: AmazonSQS.SendMessage`). */
export interface SqsServer extends ProtocolServer {
  readonly messages: StoredMessage[];
  /** Create a queue (a name ending in `.fifo` makes a FIFO queue); returns its URL. */
  createQueue(name: string): string;
  /** Parsed bodies of the messages sent to one queue. */
  bodies(queueName: string): unknown[];
}

const ACCOUNT = '000000000000';

/** Start a local SQS on 127.0.0.1. Queues live in memory; FIFO queues drop a repeated deduplication id. */
export async function startSqsServer(): Promise<SqsServer> {
  const queues = new Set<string>();
  const messages: StoredMessage[] = [];
  const server = await startProtocolServer((endpoint) => {
    const urlOf = (name: string): string => `${endpoint()}/${ACCOUNT}/${name}`;
    const nameOf = (url: string): string | undefined => [...queues].find((name) => urlOf(name) === url);
    return {
      operationOf: (request) => String(request.headers['x-amz-target'] ?? '').replace(/^AmazonSQS\./, ''),
      error: sqsError,
      handle(operation, body) {
        const input = JSON.parse(body) as Record<string, unknown>;
        switch (operation) {
          case 'GetQueueUrl': {
            const name = String(input.QueueName);
            return queues.has(name) ? reply({ QueueUrl: urlOf(name) }) : nonExistentQueue();
          }
          case 'SendMessage': {
            const name = nameOf(String(input.QueueUrl));
            if (name === undefined) return nonExistentQueue();
            return send(name, input);
          }
          default:
            return sqsError(400, 'InvalidAction', `operation ${operation} is not supported here`);
        }
      },
    };
  });

  function send(queueName: string, input: Record<string, unknown>): ProtocolReply {
    const body = String(input.MessageBody);
    const fifo = queueName.endsWith('.fifo');
    const groupId = input.MessageGroupId as string | undefined;
    const deduplicationId = input.MessageDeduplicationId as string | undefined;
    if (fifo && groupId === undefined)
      return sqsError(400, 'MissingParameter', 'The request must contain the parameter MessageGroupId.');
    if (fifo && deduplicationId === undefined) {
      return sqsError(
        400,
        'InvalidParameterValue',
        'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      );
    }
    const md5 = createHash('md5').update(body).digest('hex');
    const earlier = fifo
      ? messages.find((m) => m.queueName === queueName && m.deduplicationId === deduplicationId)
      : undefined;
    if (earlier !== undefined)
      return reply({ MessageId: earlier.messageId, MD5OfMessageBody: md5, SequenceNumber: '1' });
    const message: StoredMessage = {
      messageId: requestId(),
      queueName,
      body,
      attributes: (input.MessageAttributes ?? {}) as Record<string, WireAttribute>,
      ...(groupId === undefined ? {} : { groupId }),
      ...(deduplicationId === undefined ? {} : { deduplicationId }),
    };
    messages.push(message);
    return reply({
      MessageId: message.messageId,
      MD5OfMessageBody: md5,
      ...(fifo ? { SequenceNumber: String(messages.length) } : {}),
    });
  }

  return Object.assign(server, {
    messages,
    createQueue(name: string) {
      queues.add(name);
      return `${server.endpoint}/${ACCOUNT}/${name}`;
    },
    bodies: (queueName: string) =>
      messages.filter((m) => m.queueName === queueName).map((m) => JSON.parse(m.body) as unknown),
  });
}

const AWS_JSON_1_0 = { 'content-type': 'application/x-amz-json-1.0' };

function reply(value: unknown): ProtocolReply {
  return jsonReply(200, value, AWS_JSON_1_0);
}

/** Errors as SQS sends them in JSON mode: a namespaced `__type` plus the query-compatible code header. */
function sqsError(status: number, type: string, message: string): ProtocolReply {
  const queryCode = type === 'QueueDoesNotExist' ? 'AWS.SimpleQueueService.NonExistentQueue' : type;
  return jsonReply(
    status,
    { __type: `com.amazonaws.sqs#${type}`, message },
    {
      ...AWS_JSON_1_0,
      'x-amzn-query-error': `${queryCode};${status >= 500 ? 'Receiver' : 'Sender'}`,
    },
  );
}

function nonExistentQueue(): ProtocolReply {
  return sqsError(400, 'QueueDoesNotExist', 'The specified queue does not exist.');
}
