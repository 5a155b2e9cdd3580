import { SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqsQueueSender } from '../../src/adapters/sqs/index.js';
import { isStatebridgeError } from '../../src/core/errors.js';
import { deadLetterAttributes } from '../../src/protocol/invocation/deadLetter.js';
import { LOCAL_CLIENT_CONFIG } from '../support/awsProtocol/protocolServer.js';
import { startSqsServer, type SqsServer } from '../support/awsProtocol/sqsServer.js';

let server: SqsServer;
beforeEach(async () => {
  server = await startSqsServer();
});
afterEach(() => server.close());

const clientFor = (maxAttempts = 1): SQSClient =>
  new SQSClient({ endpoint: server.endpoint, ...LOCAL_CLIENT_CONFIG, maxAttempts });
const operations = (): string[] => server.requests.map((r) => r.operation);

describe('SqsQueueSender against a local SQS (AWS JSON 1.0)', () => {
  it('looks a queue URL up once and sends each message with SendMessage', async () => {
    server.createQueue('results');
    const sender = new SqsQueueSender({ client: clientFor() });
    const ids = [];
    for (const n of [1, 2, 3]) ids.push((await sender.send('results', { body: JSON.stringify({ n }) })).messageId);
    expect(operations()).toEqual(['GetQueueUrl', 'SendMessage', 'SendMessage', 'SendMessage']);
    expect(server.requests[1]?.headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
    expect(server.requests[1]?.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ QueueName: 'results' });
    expect(server.bodies('results')).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(ids).toEqual(server.messages.map((m) => m.messageId));
  });

  it('uses a queue URL given as the name, or configured, without a look-up', async () => {
    const url = server.createQueue('direct');
    const sender = new SqsQueueSender({ client: clientFor(), queueUrls: { alias: url } });
    await sender.send(url, { body: 'a' });
    await sender.send('alias', { body: 'b' });
    expect(operations()).toEqual(['SendMessage', 'SendMessage']);
    expect(server.messages.map((m) => [m.queueName, m.body])).toEqual([
      ['direct', 'a'],
      ['direct', 'b'],
    ]);
  });

  it('sends the dead-letter attributes RequestID, ErrorCode and ErrorMessage as typed message attributes', async () => {
    server.createQueue('dlq');
    await new SqsQueueSender({ client: clientFor() }).send('dlq', {
      body: '{"order":7}',
      attributes: deadLetterAttributes('req-9', 'boom'),
    });
    const wire = (JSON.parse(server.requests[1]!.body) as { MessageAttributes: unknown }).MessageAttributes;
    expect(wire).toEqual({
      RequestID: { DataType: 'String', StringValue: 'req-9' },
      ErrorCode: { DataType: 'Number', StringValue: '200' },
      ErrorMessage: { DataType: 'String', StringValue: 'boom' },
    });
    expect(server.messages[0]?.attributes).toEqual(wire);
  });

  it('refuses more than 10 attributes before sending anything', async () => {
    server.createQueue('q');
    const attributes = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String' as const, StringValue: 'x' }]),
    );
    const error = await new SqsQueueSender({ client: clientFor() })
      .send('q', { body: 'x', attributes })
      .catch((e: unknown) => e);
    expect(isStatebridgeError(error, 'VALIDATION_FAILED')).toBe(true);
    expect(server.requests).toEqual([]);
  });

  it('on a FIFO queue derives the group from the stream id, deduplication id from the idempotency key', async () => {
    server.createQueue('orders.fifo');
    const sender = new SqsQueueSender({ client: clientFor() });
    const first = await sender.send('orders.fifo', { body: 'a', deduplicationKey: 'req-1#3#0' });
    const resent = await sender.send('orders.fifo', { body: 'a', deduplicationKey: 'req-1#3#0' });
    await sender.send('orders.fifo', { body: 'b', deduplicationKey: 'läuft#4#1' });
    const sends = server.requests
      .filter((r) => r.operation === 'SendMessage')
      .map((r) => JSON.parse(r.body) as Record<string, string>);
    expect(sends[0]).toMatchObject({ MessageGroupId: 'req-1', MessageDeduplicationId: 'req-1#3#0' });
    expect(sends[2]?.MessageGroupId).toMatch(/^[0-9a-f]{64}$/);
    expect(sends[2]?.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
    expect(resent.messageId).toBe(first.messageId);
    expect(server.messages.map((m) => m.body)).toEqual(['a', 'b']);
  });

  it('sends no FIFO ids to a standard queue', async () => {
    server.createQueue('plain');
    await new SqsQueueSender({ client: clientFor() }).send('plain', { body: 'x', deduplicationKey: 'req-1#3#0' });
    expect(JSON.parse(server.requests[1]!.body)).toEqual({
      QueueUrl: `${server.endpoint}/000000000000/plain`,
      MessageBody: 'x',
    });
  });

  it('reports a missing queue as a final StatebridgeError and looks again on the next send', async () => {
    const sender = new SqsQueueSender({ client: clientFor() });
    const error = await sender.send('later', { body: 'x' }).catch((e: unknown) => e);
    expect(isStatebridgeError(error, 'COMMAND_FAILED')).toBe(true);
    expect(error).toMatchObject({
      retryable: false,
      context: { operation: 'GetQueueUrl', queue: 'later' },
      cause: { name: 'QueueDoesNotExist' },
    });
    server.createQueue('later');
    await sender.send('later', { body: 'y' });
    expect(operations()).toEqual(['GetQueueUrl', 'GetQueueUrl', 'SendMessage']);
  });

  it('lets the SDK retry a 500 and a connection reset; a throttle left to the caller is marked retryable', async () => {
    server.createQueue('q');
    await new SqsQueueSender({ client: clientFor(3) }).send('q', { body: 'x' });
    server.fail('SendMessage', { kind: 'error', status: 500, type: 'InternalError' }, { kind: 'reset' });
    await new SqsQueueSender({ client: clientFor(3) }).send('q', { body: 'y' });
    expect(server.messages.map((m) => m.body)).toEqual(['x', 'y']);
    server.fail('SendMessage', {
      kind: 'error',
      status: 400,
      type: 'RequestThrottled',
      message: 'Request is throttled.',
    });
    const error = await new SqsQueueSender({ client: clientFor(1) }).send('q', { body: 'z' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'COMMAND_FAILED', retryable: true, context: { operation: 'SendMessage' } });
  });
});
