import { SNSClient } from '@aws-sdk/client-sns';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SnsTopicPublisher } from '../../src/adapters/sns/index.js';
import { isStatebridgeError } from '../../src/core/errors.js';
import { deadLetterAttributes } from '../../src/protocol/invocation/deadLetter.js';
import { LOCAL_CLIENT_CONFIG } from '../support/awsProtocol/protocolServer.js';
import { startSnsServer, type SnsServer } from '../support/awsProtocol/snsServer.js';

let server: SnsServer;
beforeEach(async () => {
  server = await startSnsServer({ pageSize: 2 });
});
afterEach(() => server.close());

const clientFor = (maxAttempts = 1): SNSClient =>
  new SNSClient({ endpoint: server.endpoint, ...LOCAL_CLIENT_CONFIG, maxAttempts });
const operations = (): string[] => server.requests.map((r) => r.operation);

describe('SnsTopicPublisher against a local SNS (AWS Query protocol)', () => {
  it('publishes to a topic ARN as a form-encoded Publish and returns the id from the XML answer', async () => {
    const arn = server.createTopic('results');
    const { messageId } = await new SnsTopicPublisher({ client: clientFor() }).publish(arn, { message: '{"ok":true}' });
    expect(operations()).toEqual(['Publish']);
    expect(server.requests[0]?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(server.forms('Publish')).toEqual([
      { Action: 'Publish', Version: '2010-03-31', TopicArn: arn, Message: '{"ok":true}' },
    ]);
    expect(messageId).toBe(server.published[0]?.messageId);
  });

  it('finds a topic by name by paging ListTopics once, then uses the cached ARN', async () => {
    for (const name of ['a', 'b', 'c', 'd']) server.createTopic(name);
    const arn = server.createTopic('alerts');
    const publisher = new SnsTopicPublisher({ client: clientFor() });
    await publisher.publish('alerts', { message: '1' });
    await publisher.publish('alerts', { message: '2' });
    expect(operations()).toEqual(['ListTopics', 'ListTopics', 'ListTopics', 'Publish', 'Publish']);
    expect(server.forms('ListTopics').map((f) => f.NextToken)).toEqual([undefined, '2', '4']);
    expect(server.published.map((m) => [m.topicArn, m.message])).toEqual([
      [arn, '1'],
      [arn, '2'],
    ]);
  });

  it('builds the ARN from the account and the client region when the account is given', async () => {
    const arn = server.createTopic('alerts');
    expect(arn).toBe('arn:aws:sns:us-east-1:000000000000:alerts');
    await new SnsTopicPublisher({ client: clientFor(), accountId: '000000000000' }).publish('alerts', { message: 'x' });
    expect(operations()).toEqual(['Publish']);
    expect(server.published[0]?.topicArn).toBe(arn);
  });

  it('sends the dead-letter attributes as MessageAttributes.entry.N name/type/value fields', async () => {
    const arn = server.createTopic('dlq');
    await new SnsTopicPublisher({ client: clientFor() }).publish(arn, {
      message: '{"order":7}',
      attributes: deadLetterAttributes('req-9', 'boom'),
    });
    const form = server.forms('Publish')[0]!;
    const entries = Object.keys(form)
      .filter((k) => k.startsWith('MessageAttributes.entry.') && k.endsWith('.Name'))
      .map((k) => form[k]);
    expect(entries.sort()).toEqual(['ErrorCode', 'ErrorMessage', 'RequestID']);
    expect(server.published[0]?.attributes).toEqual({
      RequestID: { DataType: 'String', StringValue: 'req-9' },
      ErrorCode: { DataType: 'Number', StringValue: '200' },
      ErrorMessage: { DataType: 'String', StringValue: 'boom' },
    });
  });

  it('on a FIFO topic derives group and deduplication ids from the idempotency key; none if standard', async () => {
    const fifo = server.createTopic('orders.fifo');
    const plain = server.createTopic('plain');
    const publisher = new SnsTopicPublisher({ client: clientFor() });
    await publisher.publish(fifo, { message: 'a', deduplicationKey: 'req-1#3#0' });
    await publisher.publish(plain, { message: 'b', deduplicationKey: 'req-1#3#0' });
    expect(server.published.map((m) => [m.groupId, m.deduplicationId])).toEqual([
      ['req-1', 'req-1#3#0'],
      [undefined, undefined],
    ]);
  });

  it('reports a topic no listing holds, and a Publish to a deleted topic, as final StatebridgeErrors', async () => {
    server.createTopic('other');
    const publisher = new SnsTopicPublisher({ client: clientFor() });
    const missing = await publisher.publish('nowhere', { message: 'x' }).catch((e: unknown) => e);
    expect(isStatebridgeError(missing, 'COMMAND_FAILED')).toBe(true);
    expect(missing).toMatchObject({ retryable: false, context: { operation: 'ListTopics', topic: 'nowhere' } });
    const gone = await publisher
      .publish('arn:aws:sns:us-east-1:000000000000:gone', { message: 'x' })
      .catch((e: unknown) => e);
    expect(gone).toMatchObject({
      code: 'COMMAND_FAILED',
      retryable: false,
      context: { operation: 'Publish' },
      cause: { name: 'NotFoundException' },
    });
  });

  it('lets the SDK retry a 500 and a connection reset; a throttle left to the caller is marked retryable', async () => {
    const arn = server.createTopic('t');
    server.fail('Publish', { kind: 'error', status: 500, type: 'InternalError' }, { kind: 'reset' });
    await new SnsTopicPublisher({ client: clientFor(3) }).publish(arn, { message: 'x' });
    expect(operations()).toEqual(['Publish', 'Publish', 'Publish']);
    expect(server.published).toHaveLength(1);
    server.fail('Publish', { kind: 'error', status: 400, type: 'Throttling', message: 'Rate exceeded' });
    const error = await new SnsTopicPublisher({ client: clientFor(1) })
      .publish(arn, { message: 'y' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'COMMAND_FAILED', retryable: true, cause: { name: 'Throttling' } });
  });
});
