import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvocationContext } from '../../machines/asyncInvocation/asyncInvocation.events.js';
import type { IngressResult } from '../../src/aws/ingressResult.js';
import { deliveryTriggerOf } from '../../src/local/chalice/deliverySource.js';
import { codeCommitEvent, s3Event, scheduledEvent, snsEvent } from './fixtures/appSourceEvents.js';
import { aliasContext, SOURCE_FUNCTIONS, sourcesAppModule } from './fixtures/sourcesApp.js';
import { startAwsWorld, type AwsWorld } from './awsWorld.js';

let world: AwsWorld;
beforeAll(async () => {
  world = await startAwsWorld(sourcesAppModule, SOURCE_FUNCTIONS);
});
afterAll(async () => world.close());

/** Deliver `event` to the ingress as the source of App function `name` does (through its alias). */
const deliver = (name: string, event: unknown) => world.ingress(event, aliasContext(name));

/** The instance an accepted delivery started: its trigger, and the function's answer once it ran. */
async function instanceOf(result: IngressResult) {
  expect(result.ok, JSON.stringify(result)).toBe(true);
  const head = await world.reader.readHead((result as { instanceId: string }).instanceId);
  if (head === undefined) throw new Error('no instance was started');
  const context = head.state.context as unknown as InvocationContext;
  return { trigger: deliveryTriggerOf(head), answer: context.lastResponse?.payload, condition: context.condition };
}

const invokesOf = (name: string) => world.lambda.invokes.filter((i) => i.functionName === `prod-${name}`).length;

describe('App sources that AWS invokes asynchronously, at the ingress', () => {
  it("runs a schedule rule's function once per event id, naming the schedule as locally", async () => {
    const event = scheduledEvent('cdc73f9d-aea9-11e3-9d5a-835b769c0d9c');
    const first = await deliver('everyFive', event);
    expect(first).toMatchObject({ ok: true, applied: true });
    expect(await instanceOf(first)).toEqual({
      trigger: { source: 'schedule:media-everyFive', rule: 'rate(5 minutes)' },
      answer: { eventId: 'cdc73f9d-aea9-11e3-9d5a-835b769c0d9c', time: '2019-03-01T01:23:45Z' },
      condition: 'Success',
    });
    // Lambda retrying the ingress (a new awsRequestId, another container) with the same event starts nothing more.
    const again = await world.coldIngress()(event, aliasContext('everyFive'));
    expect(again).toMatchObject({ ok: true, applied: false, instanceId: (first as { instanceId: string }).instanceId });
    expect(invokesOf('everyFive')).toBe(1);
  });

  it("runs a pattern rule's function with the event unchanged, refusing one its pattern does not match", async () => {
    const result = await deliver('onCommit', codeCommitEvent('9d5a-1'));
    expect(await instanceOf(result)).toMatchObject({
      trigger: { source: 'events:media-onCommit', rule: 'media-onCommit' },
      answer: {
        detailType: 'CodeCommit Repository State Change',
        detail: { event: 'referenceUpdated', repositoryName: 'media', referenceName: 'main' },
      },
    });
    const other = await deliver('onCommit', codeCommitEvent('9d5a-2', 'aws.s3'));
    expect(other).toMatchObject({ ok: false, input: 'appSource' });
    expect((other as { reason: string }).reason).toContain(
      `must match the rule's pattern {"source":["aws.codecommit"]}`,
    );
    const notAnEvent = await deliver('onCommit', { hello: 'world' });
    expect((notAnEvent as { reason: string }).reason).toMatch(
      /invalid EventBridge event: version: must be the string "0"/,
    );
  });

  it('runs an S3 notification with the key decoded, once per request id and sequencer', async () => {
    const event = s3Event({
      bucket: 'img',
      key: 'images/red+flower%281%29.jpg',
      requestId: 'D82B88E5F771F645',
      sequencer: '0C0F6F405D6ED209E1',
    });
    const first = await deliver('resize', event);
    expect(await instanceOf(first)).toEqual({
      trigger: { source: 's3:img', rule: 's3:ObjectCreated:*' },
      answer: { bucket: 'img', key: 'images/red flower(1).jpg' },
      condition: 'Success',
    });
    expect(await deliver('resize', event)).toMatchObject({ ok: true, applied: false });
    // The same request with another sequencer is another event.
    const next = await deliver('resize', {
      ...s3Event({
        bucket: 'img',
        key: 'images/a.jpg',
        requestId: 'D82B88E5F771F645',
        sequencer: '0C0F6F405D6ED209E2',
      }),
    });
    expect(next).toMatchObject({ ok: true, applied: true });
    expect(invokesOf('resize')).toBe(2);
  });

  it("refuses an S3 event for another bucket or outside the notification's filter, naming field and rule", async () => {
    const other = await deliver(
      'resize',
      s3Event({ bucket: 'docs', key: 'images/a.jpg', requestId: 'A1', sequencer: '0A' }),
    );
    expect(other).toEqual({
      ok: false,
      input: 'appSource',
      reason: expect.stringContaining('invalid S3 event: Records[0].s3.bucket.name: must be bucket img, got docs'),
    });
    const filtered = await deliver(
      'resize',
      s3Event({ bucket: 'img', key: 'thumbs/a.png', requestId: 'A2', sequencer: '0B' }),
    );
    expect((filtered as { reason: string }).reason).toContain(
      'Records[0].s3.object.key: must start with images/ (decoded), got thumbs/a.png; ' +
        'Records[0].s3.object.key: must end with .jpg (decoded), got thumbs/a.png',
    );
    const unencoded = await deliver(
      'resize',
      s3Event({ bucket: 'img', key: 'images/red flower.jpg', requestId: 'A3', sequencer: '0C' }),
    );
    expect((unencoded as { reason: string }).reason).toContain('Records[0].s3.object.key: must be URL-encoded');
    expect(invokesOf('resize')).toBe(2);
  });

  it('runs an SNS message once per MessageId and refuses a message of another topic', async () => {
    const event = snsEvent({
      topic: 'alerts',
      messageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
      message: 'disk full',
      subject: 'ops',
    });
    const first = await deliver('notify', event);
    expect(await instanceOf(first)).toEqual({
      trigger: { source: 'sns:alerts' },
      answer: { subject: 'ops', message: 'disk full' },
      condition: 'Success',
    });
    expect(await deliver('notify', event)).toMatchObject({ ok: true, applied: false });
    const other = await deliver(
      'notify',
      snsEvent({ topic: 'billing', messageId: 'b1b2c3d4-ee98-5cb9-9903-4c221d41eb5e', message: 'x' }),
    );
    expect((other as { reason: string }).reason).toMatch(
      /Records\[0\]\.Sns\.TopicArn: must be topic alerts, got arn:aws:sns:.*:billing/,
    );
    expect(invokesOf('notify')).toBe(1);
  });

  it('runs every subscriber of a topic once per message, each in its own instance', async () => {
    const event = snsEvent({ topic: 'alerts', messageId: 'd1b2c3d4-ee98-5cb9-9903-4c221d41eb5e', message: 'cpu hot' });
    const notified = await deliver('notify', event);
    const paged = await deliver('page', event);
    expect(paged).toMatchObject({ ok: true, applied: true });
    expect((paged as { instanceId: string }).instanceId).not.toBe((notified as { instanceId: string }).instanceId);
    expect(await instanceOf(paged)).toEqual({
      trigger: { source: 'sns:alerts' },
      answer: { paged: 'cpu hot' },
      condition: 'Success',
    });
  });

  it('refuses an event sent through the alias of a function the App does not have', async () => {
    const result = await deliver(
      'nobody',
      snsEvent({ topic: 'alerts', messageId: 'c1b2c3d4-ee98-5cb9-9903-4c221d41eb5e', message: 'x' }),
    );
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('no App function is named "nobody"') });
  });
});
