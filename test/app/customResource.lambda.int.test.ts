import { afterEach, describe, expect, it } from 'vitest';
import { directResponseSink, Responder } from '../../src/app/customResource/responder.js';
import { Defer } from '../../src/app/customResource/results.js';
import { customResourceHarness } from './customResourceHarness.js';
import { CDK_CREATE_FAILED_MARKER } from '../../src/protocol/customResource/physicalId.js';
import { ScriptedHandler, v13RosCreate, v1Create, v4CleanupDelete } from './customResourceFixtures.js';

type Harness = Awaited<ReturnType<typeof customResourceHarness>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('running as a Lambda function, without the runtime', () => {
  it('lambdaHandler answers directly with the same body rules and retries a 5xx', async () => {
    h = await customResourceHarness();
    h.inbox.injectFaults('status500');
    const handler = new ScriptedHandler({ create: async () => ['direct-1', { Out: 'put by the function' }] });
    await handler.lambdaHandler(
      { ...v1Create, ResponseURL: h.inbox.urlFor('lambda-1') },
      { getRemainingTimeInMillis: () => 30_000 },
    );
    const attempts = h.inbox.received.filter((r) => r.url.includes('lambda-1'));
    expect(attempts.map((r) => r.status)).toEqual([500, 200]);
    expect(attempts[1]!.body).toBe(attempts[0]!.body);
    expect(attempts[1]!.headers['content-type']).toBe('');
    expect(JSON.parse(attempts[1]!.body)).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'direct-1',
      Data: { Out: 'put by the function' },
    });
  });

  it("answers a Delete of CDK's failed-Create marker SUCCESS without calling delete, as the runtime does", async () => {
    h = await customResourceHarness();
    const handler = new ScriptedHandler({
      delete: async () => {
        throw new Error('delete must not run for the marker');
      },
    });
    const event = {
      ...v4CleanupDelete,
      PhysicalResourceId: CDK_CREATE_FAILED_MARKER,
      ResponseURL: h.inbox.urlFor('lambda-marker'),
    };
    await handler.lambdaHandler(event, { getRemainingTimeInMillis: () => 30_000 });
    expect(handler.calls).toEqual([]);
    expect(JSON.parse(h.inbox.for('lambda-marker')[0]!.body)).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: CDK_CREATE_FAILED_MARKER,
    });
  });

  it('still calls delete for the marker when the handler asks for deleteUncreated, and for any other id', async () => {
    h = await customResourceHarness();
    const handler = new ScriptedHandler({ delete: async () => undefined }, { deleteUncreated: true });
    await handler.lambdaHandler({
      ...v4CleanupDelete,
      PhysicalResourceId: CDK_CREATE_FAILED_MARKER,
      ResponseURL: h.inbox.urlFor('lambda-m2'),
    });
    const plain = new ScriptedHandler({ delete: async () => undefined });
    await plain.lambdaHandler({ ...v4CleanupDelete, ResponseURL: h.inbox.urlFor('lambda-m3') });
    expect([...handler.calls, ...plain.calls].map((c) => [c.type, c.event.PhysicalResourceId])).toEqual([
      ['Delete', CDK_CREATE_FAILED_MARKER],
      ['Delete', 'Tester1'],
    ]);
  });

  it('answers FAILED before the function runs out of time', async () => {
    h = await customResourceHarness();
    const handler = new ScriptedHandler({ create: async () => new Promise<string>(() => undefined) });
    await handler.lambdaHandler(
      { ...v1Create, ResponseURL: h.inbox.urlFor('lambda-2') },
      { getRemainingTimeInMillis: () => 1_200 },
    );
    expect(JSON.parse(h.inbox.for('lambda-2')[0]!.body)).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringMatching(/timed out/),
    });
  });

  it('a Defer leaves the answer to a direct Responder, which PUTs ROS headers for a ROS event', async () => {
    h = await customResourceHarness();
    const handler = new ScriptedHandler({ create: async () => new Defer() });
    const event = { ...v13RosCreate, ResponseURL: h.inbox.urlFor('lambda-3') };
    await handler.lambdaHandler(event);
    expect(h.inbox.for('lambda-3')).toHaveLength(0);
    await Responder.run(event, async (r) => r.success({ physicalResourceId: 'ros-direct' }), {
      sink: directResponseSink,
    });
    const received = h.inbox.for('lambda-3')[0]!;
    expect(received.headers['content-type']).toBe('application/json');
    expect(JSON.parse(received.body)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'ros-direct' });
  });
});
