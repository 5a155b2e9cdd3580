import { afterEach, describe, expect, it } from 'vitest';
import { requestInstanceId } from '../../src/protocol/customResource/request.js';
import { customResourceHarness, gate, settle } from './customResourceHarness.js';
import { ScriptedHandler, v13RosCreate } from './customResourceFixtures.js';

type Harness = Awaited<ReturnType<typeof customResourceHarness>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const post = (harness: Harness, path: string, body: unknown) =>
  fetch(`${harness.baseUrl}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', 'x-statebridge-token': harness.env.http.token },
  });

describe('ROS web: endpoint', () => {
  it('async mode accepts at once and answers via ResponseURL, taking InnerResponseURL and extra fields', async () => {
    h = await customResourceHarness();
    h.handlers.register(
      'bucket',
      new ScriptedHandler({ create: async () => ['bucket-1', { Arn: 'acs:oss:bucket-1' }] }),
    );
    const { IntranetResponseURL, ...rest } = v13RosCreate;
    const reply = await post(h, '/ros/custom-resource/bucket', {
      ...rest,
      InnerResponseURL: IntranetResponseURL,
      ResponseURL: h.inbox.urlFor(v13RosCreate.RequestId),
      Extra: 'kept',
    });
    expect(reply.status).toBe(200);
    await h.runtime.idle();
    const received = h.inbox.for(v13RosCreate.RequestId)[0]!;
    expect(received.headers['content-type']).toBe('application/json');
    expect(JSON.parse(received.body)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'bucket-1' });
    const context = await h.context(requestInstanceId('ros', v13RosCreate.StackId, v13RosCreate.RequestId));
    expect(context.event).toMatchObject({ IntranetResponseURL, Extra: 'kept', RegionId: 'cn-hangzhou' });
    expect(context.event).not.toHaveProperty('InnerResponseURL');
    expect(context.timeoutSeconds).toBe(60);
  });

  it('an idempotent Create retried by ROS (after a 500 or a dropped connection) creates once, one answer', async () => {
    h = await customResourceHarness();
    let created = 0;
    h.handlers.register('queue', new ScriptedHandler({ create: async () => `queue-${++created}` }));
    const request = { ...v13RosCreate, ResponseURL: h.inbox.urlFor(v13RosCreate.RequestId) };
    await post(h, '/ros/custom-resource/queue', request);
    await h.runtime.idle();
    await post(h, '/ros/custom-resource/queue', request);
    await h.runtime.idle();
    expect(created).toBe(1);
    const bodies = h.inbox.for(v13RosCreate.RequestId).map((r) => r.body);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toBe(bodies[0]);
  });

  it('sync mode answers FAILED with a timeout in the HTTP reply when the handler outlives 10 s - margin', async () => {
    h = await customResourceHarness();
    const slow = gate<string>();
    h.handlers.register('slow', new ScriptedHandler({ create: async () => slow.promise }));
    const harness = h;
    const reply = post(harness, '/ros/custom-resource/slow?mode=sync', v13RosCreate);
    for (
      let i = 0;
      i < 50 &&
      (await harness.store.readHead(requestInstanceId('ros', v13RosCreate.StackId, v13RosCreate.RequestId))) ===
        undefined;
      i += 1
    )
      await settle();
    harness.clock.jump(9_000);
    await harness.runtime.fireDue(harness.clock.now());
    const response = await reply;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/timed out.*10 s/) });
    slow.open('too-late');
    await harness.runtime.idle();
    expect(harness.inbox.received).toHaveLength(0);
  });

  it('refuses what cannot be answered with 400 naming the field', async () => {
    h = await customResourceHarness();
    const reply = await post(h, '/ros/custom-resource/none', { RequestType: 'Create', StackId: 's' });
    expect(reply.status).toBe(400);
    expect((await reply.json()).message).toMatch(/RequestId/);
    const noUrl = await post(h, '/ros/custom-resource/none', { ...v13RosCreate });
    expect(noUrl.status).toBe(400);
    expect((await noUrl.json()).message).toMatch(/ResponseURL: required/);
  });

  it('an unknown handler is answered FAILED rather than left silent', async () => {
    h = await customResourceHarness();
    await post(h, '/ros/custom-resource/missing', {
      ...v13RosCreate,
      ResponseURL: h.inbox.urlFor(v13RosCreate.RequestId),
    });
    await h.runtime.idle();
    expect(JSON.parse(h.inbox.for(v13RosCreate.RequestId)[0]!.body)).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringMatching(/no handler is registered as "missing"/),
    });
  });
});
