import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryTriggerOf } from '../../src/local/chalice/deliverySource.js';
import { dynamodbEvent, kinesisEvent, sqsEvent, STREAM_ARN } from './fixtures/appSourceEvents.js';
import { aliasContext, SOURCE_FUNCTIONS, sourcesAppModule } from './fixtures/sourcesApp.js';
import { startAwsWorld, type AwsWorld } from './awsWorld.js';

let world: AwsWorld;
beforeAll(async () => {
  world = await startAwsWorld(sourcesAppModule, SOURCE_FUNCTIONS);
});
afterAll(async () => world.close());

/** Invoke the ingress as an event source mapping does: synchronously, through the function's alias. */
const deliver = (name: string, event: unknown) => world.ingress(event, aliasContext(name)) as Promise<unknown>;

/** The invocation instance of the last Invoke of `name`'s Lambda: its trigger and how it ended. */
async function lastInstanceOf(name: string) {
  const invoke = world.lambda.invokes.filter((i) => i.functionName === `prod-${name}`).at(-1);
  const requestId = (invoke?.clientContext as { custom?: { requestId?: string } } | undefined)?.custom?.requestId;
  const head = requestId === undefined ? undefined : await world.reader.readHead(requestId);
  if (head === undefined) throw new Error(`no instance of ${name} was started`);
  return { trigger: deliveryTriggerOf(head), invocationType: invoke?.invocationType, status: head.state.status };
}

const base64 = (text: string) => Buffer.from(text).toString('base64');
const guid = (n: number) => `059f36b4-87a3-44ab-83d2-66197583${String(n).padStart(4, '0')}`;

describe('App queue and stream sources at the ingress (event source mappings, invoked synchronously)', () => {
  it("answers an SQS batch with the function's batchItemFailures, recorded as an sqs delivery", async () => {
    const batch = sqsEvent('jobs', [
      { messageId: guid(1), body: 'resize a' },
      { messageId: guid(2), body: 'fail' },
      { messageId: guid(3), body: 'resize b' },
    ]);
    expect(await deliver('work', batch)).toEqual({ batchItemFailures: [{ itemIdentifier: guid(2) }] });
    expect(await lastInstanceOf('work')).toEqual({
      trigger: { source: 'sqs:jobs', rule: 'batch of 3' },
      invocationType: 'RequestResponse',
      status: 'done',
    });
  });

  it('fails the invoke when the handler throws, so the mapping retries the batch', async () => {
    const batch = sqsEvent('jobs', [{ messageId: guid(4), body: 'crash' }]);
    await expect(deliver('work', batch)).rejects.toThrow(
      'work failed (RetriesExhausted): Error: worker crashed on a message',
    );
    // A RequestResponse instance ends with its attempt: the mapping retries, not the invocation machine.
    const before = world.lambda.invokes.length;
    await world.clock.advance(10 * 60_000);
    await world.fireTimers();
    await world.sweep();
    expect(world.lambda.invokes.length).toBe(before);
  });

  it('refuses a batch of another queue or with a malformed record, naming the field and the rule', async () => {
    const invokes = world.lambda.invokes.length;
    await expect(deliver('work', sqsEvent('other', [{ messageId: guid(5), body: 'x' }]))).rejects.toThrow(
      /invalid batch for app\.onSqsMessage at .*: Records\[0\]\.eventSourceARN: must be the ARN of queue jobs, got .*:other$/,
    );
    const malformed = sqsEvent('jobs', [{ messageId: guid(6), body: 'x' }]);
    delete (malformed.Records[0] as { receiptHandle?: string }).receiptHandle;
    await expect(deliver('work', malformed)).rejects.toThrow(/invalid SQS event: Records\[0\]\.receiptHandle: /);
    expect(world.lambda.invokes.length).toBe(invokes);
  });

  it('answers a Kinesis batch, naming shard and sequence range as the local mapping does', async () => {
    const batch = kinesisEvent('clicks', [
      { sequenceNumber: '49590338271490256608559692538361571095921575989136588898', data: base64('home') },
      { sequenceNumber: '49590338271490256608559692538361571095921575989136588899', data: base64('fail') },
    ]);
    expect(await deliver('count', batch)).toEqual({
      batchItemFailures: [{ itemIdentifier: '49590338271490256608559692538361571095921575989136588899' }],
    });
    const { trigger } = await lastInstanceOf('count');
    expect(trigger).toEqual({
      source: 'kinesis:clicks',
      rule:
        'shardId-000000000006 49590338271490256608559692538361571095921575989136588898-' +
        '49590338271490256608559692538361571095921575989136588899',
    });
    const crash = kinesisEvent('clicks', [{ sequenceNumber: '7', data: base64('crash') }]);
    await expect(deliver('count', crash)).rejects.toThrow(
      'count failed (RetriesExhausted): TypeError: click without a page',
    );
    const otherStream = kinesisEvent('views', [{ sequenceNumber: '8', data: base64('home') }]);
    await expect(deliver('count', otherStream)).rejects.toThrow(
      /Records\[0\]\.eventSourceARN: must be the ARN of stream clicks/,
    );
  });

  it('answers a DynamoDB stream batch with what the function returned', async () => {
    const batch = dynamodbEvent([
      { sequenceNumber: '111', id: 'a' },
      { sequenceNumber: '112', id: 'b' },
    ]);
    expect(await deliver('audit', batch)).toEqual({ audited: [{ S: 'a' }, { S: 'b' }] });
    expect((await lastInstanceOf('audit')).trigger).toEqual({ source: `dynamodb:${STREAM_ARN}`, rule: '111-112' });
    const notAStreamEvent = { Records: [{ eventName: 'INSERT' }] };
    await expect(deliver('audit', notAStreamEvent)).rejects.toThrow(/invalid DynamoDB stream event: Records\[0\]\./);
  });

  it("fails the invoke when the function's Lambda is throttled", async () => {
    world.lambda.deploy('prod-audit', { code: () => ({}), reservedConcurrency: 0 });
    await expect(deliver('audit', dynamodbEvent([{ sequenceNumber: '113', id: 'c' }]))).rejects.toThrow(
      'audit failed (RetriesExhausted): the invocation was throttled',
    );
  });
});
