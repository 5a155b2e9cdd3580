import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BaseHandler } from '../../src/app/customResource/baseHandler.js';
import { Defer, Failed, Success } from '../../src/app/customResource/results.js';
import { CDK_CREATE_FAILED_MARKER, deterministicPhysicalId } from '../../src/protocol/customResource/physicalId.js';
import { checkRequestShape, requestInstanceId } from '../../src/protocol/customResource/request.js';
import { customResourceHarness, gate, settle } from './customResourceHarness.js';
import { ScriptedHandler, v13RosCreate, v1Create, v3Update, v4CleanupDelete } from './customResourceFixtures.js';

type Harness = Awaited<ReturnType<typeof customResourceHarness>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function withHandler<P>(handler: BaseHandler<P>) {
  h = await customResourceHarness();
  h.handlers.register('h', handler);
  return h;
}
const bodyOf = (harness: Harness, token: string) =>
  JSON.parse(harness.inbox.for(token)[0]!.body) as Record<string, unknown>;

describe('custom resource test vectors', () => {
  it('V1: CloudFormation Create answers SUCCESS with a deterministic id, empty Content-Type, byte length', async () => {
    const handler = new ScriptedHandler({
      create: async () => new Success({ data: { keyThatCanBeUsedInGetAtt1: 'data for key 1' } }),
    });
    const t = await withHandler(handler);
    await t.send(v1Create);
    await t.runtime.idle();
    const [received] = t.inbox.for(v1Create.RequestId);
    expect(received?.method).toBe('PUT');
    expect(received?.headers['content-type']).toBe('');
    expect(received?.headers['content-length']).toBe(String(Buffer.byteLength(received!.body)));
    expect(received?.url).toMatch(/X-Amz-Signature=/);
    expect(JSON.parse(received!.body)).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: deterministicPhysicalId(v1Create.StackId, 'primerinvoke', v1Create.RequestId),
      StackId: v1Create.StackId,
      RequestId: v1Create.RequestId,
      LogicalResourceId: 'primerinvoke',
      Data: { keyThatCanBeUsedInGetAtt1: 'data for key 1' },
    });
  });

  it('V2: a failed Create answers FAILED with an id; its rollback Delete is SUCCESS without user code', async () => {
    const handler = new ScriptedHandler({
      create: async () => {
        throw new Error('quota exceeded for FunctionName');
      },
      delete: async () => 'ignored',
    });
    const t = await withHandler(handler);
    await t.send(v1Create);
    await t.runtime.idle();
    const failed = bodyOf(t, v1Create.RequestId);
    expect(failed).toMatchObject({ Status: 'FAILED', Reason: 'quota exceeded for FunctionName' });
    expect(typeof failed['PhysicalResourceId']).toBe('string');
    expect(failed['PhysicalResourceId']).not.toBe('');
    await t.send({
      ...v1Create,
      RequestType: 'Delete',
      RequestId: 'rollback-1',
      PhysicalResourceId: failed['PhysicalResourceId'],
    });
    await t.runtime.idle();
    expect(bodyOf(t, 'rollback-1')).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: failed['PhysicalResourceId'],
    });
    expect(handler.calls.map((c) => c.type)).toEqual(['Create']);
  });

  it('V3: an in-place Update keeps the id and expects no cleanup', async () => {
    const t = await withHandler(new ScriptedHandler({ update: async () => undefined }));
    const { instanceId } = await t.send(v3Update);
    await t.runtime.idle();
    expect(bodyOf(t, v3Update.RequestId)).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: 'Tester1',
      StackId: v3Update.StackId,
      RequestId: v3Update.RequestId,
      LogicalResourceId: 'MySeleniumTester',
    });
    expect((await t.context(instanceId)).replacedPhysicalId).toBeUndefined();
  });

  it('V4: a replacing Update answers the new id; the cleanup Delete of the old id runs user delete', async () => {
    const handler = new ScriptedHandler({ update: async () => 'Tester2', delete: async () => undefined });
    const t = await withHandler(handler);
    const { instanceId } = await t.send(v3Update);
    await t.runtime.idle();
    expect(bodyOf(t, v3Update.RequestId)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'Tester2' });
    expect((await t.context(instanceId)).replacedPhysicalId).toBe('Tester1');
    await t.send(v4CleanupDelete);
    await t.runtime.idle();
    expect(bodyOf(t, v4CleanupDelete.RequestId)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'Tester1' });
    expect(handler.calls.at(-1)?.event.PhysicalResourceId).toBe('Tester1');
    expect(handler.calls.at(-1)?.event.ResourceProperties).toEqual(v4CleanupDelete.ResourceProperties);
  });

  it('V5: a Delete answer with a different id becomes FAILED with the request id', async () => {
    const t = await withHandler(new ScriptedHandler({ delete: async () => 'Tester9' }));
    await t.send(v4CleanupDelete);
    await t.runtime.idle();
    const body = bodyOf(t, v4CleanupDelete.RequestId);
    expect(body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'Tester1' });
    expect(body['Reason']).toMatch(/Tester1.*Tester9/);
  });

  it('V6: oversized Data becomes a FAILED answer that fits; exactly 4096 bytes passes, 4097 does not', async () => {
    const base = {
      Status: 'SUCCESS',
      PhysicalResourceId: 'big',
      StackId: v1Create.StackId,
      RequestId: 'r-4096',
      LogicalResourceId: 'primerinvoke',
      Data: { pad: '' },
    };
    const padFor = (target: number) => 'x'.repeat(target - Buffer.byteLength(JSON.stringify(base)));
    const sizes: Record<string, string> = { 'r-4096': padFor(4096), 'r-4097': padFor(4097), 'r-5k': 'y'.repeat(5000) };
    const t = await withHandler(new ScriptedHandler({ create: async (e) => ['big', { pad: sizes[e.RequestId]! }] }));
    for (const id of Object.keys(sizes)) await t.send({ ...v1Create, RequestId: id });
    await t.runtime.idle();
    const exact = t.inbox.for('r-4096')[0]!;
    expect(Buffer.byteLength(exact.body)).toBe(4096);
    expect(JSON.parse(exact.body)).toMatchObject({ Status: 'SUCCESS' });
    for (const id of ['r-4097', 'r-5k']) {
      const received = t.inbox.for(id)[0]!;
      expect(Buffer.byteLength(received.body)).toBeLessThanOrEqual(4096);
      expect(JSON.parse(received.body)).toMatchObject({
        Status: 'FAILED',
        Reason: expect.stringMatching(/too long/),
        PhysicalResourceId: 'big',
      });
      expect(JSON.parse(received.body)).not.toHaveProperty('Data');
    }
  });

  it('V7: a multi-byte body is sent with its UTF-8 byte length', async () => {
    const t = await withHandler(new ScriptedHandler({ create: async () => ['p', { name: '日本語✓' }] }));
    await t.send(v1Create);
    await t.runtime.idle();
    const received = t.inbox.for(v1Create.RequestId)[0]!;
    expect(Number(received.headers['content-length'])).toBe(Buffer.byteLength(received.body, 'utf8'));
    expect(Number(received.headers['content-length'])).not.toBe(received.body.length);
    expect(JSON.parse(received.body).Data).toEqual({ name: '日本語✓' });
  });

  it('V8: stringified numbers and booleans are coerced by the schema; a bad value names its property', async () => {
    const seen: unknown[] = [];
    class Typed extends BaseHandler<{ Count: number; Enabled: boolean; Name?: string }> {
      async create(event: { ResourceProperties: { Count: number; Enabled: boolean } }) {
        seen.push(event.ResourceProperties);
        return 'typed';
      }
      async update() {
        return undefined;
      }
      async delete() {
        return undefined;
      }
    }
    const t = await withHandler(
      new Typed({
        properties: z.object({ Count: z.number().int(), Enabled: z.boolean(), Name: z.string().optional() }),
      }),
    );
    await t.send({
      ...v1Create,
      RequestId: 'ok',
      ResourceProperties: { ServiceToken: 'x', Count: '3', Enabled: 'true', Name: '14' },
    });
    await t.send({
      ...v1Create,
      RequestId: 'bad',
      ResourceProperties: { ServiceToken: 'x', Count: 'three', Enabled: 'true' },
    });
    await t.runtime.idle();
    expect(seen).toEqual([{ Count: 3, Enabled: true, Name: '14' }]);
    expect(bodyOf(t, 'ok')).toMatchObject({ Status: 'SUCCESS' });
    expect(bodyOf(t, 'bad')).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringMatching(/ResourceProperties\.Count/),
    });
  });

  it('V9: a duplicate delivered while the first runs calls the handler once; every PUT is byte-identical', async () => {
    const running = gate();
    const handler = new ScriptedHandler({
      create: async () => {
        await running.promise;
        return ['one', { A: '1' }];
      },
    });
    const t = await withHandler(handler);
    const first = await t.send(v1Create);
    await settle();
    t.clock.jump(60_000);
    const second = await t.send(v1Create, {});
    expect(second).toEqual({ instanceId: first.instanceId, duplicate: true });
    running.open();
    await t.runtime.idle();
    await t.send(v1Create);
    await t.runtime.idle();
    expect(handler.calls).toHaveLength(1);
    const bodies = t.inbox.for(v1Create.RequestId).map((r) => r.body);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toBe(bodies[0]);
    const decided = (await t.records(first.instanceId)).map(
      (r) => (r.state.context as { response?: unknown }).response !== undefined,
    );
    const decisions = decided.filter((d, i) => d && decided[i - 1] !== true);
    expect(decisions).toHaveLength(1);
  });

  it('V10: a Delete of a generated id during the Create is SUCCESS once; the Create gets one answer', async () => {
    const running = gate();
    const handler = new ScriptedHandler({
      create: async () => {
        await running.promise;
        return 'real-1';
      },
      delete: async () => undefined,
    });
    const t = await withHandler(handler);
    await t.send(v1Create);
    await settle();
    await t.send({
      ...v1Create,
      RequestType: 'Delete',
      RequestId: 'r2',
      PhysicalResourceId: 'primerinvoke-CFNGENERATED1',
    });
    await t.inbox.waitFor('r2');
    expect(t.inbox.for('r2').map((r) => JSON.parse(r.body).Status)).toEqual(['SUCCESS']);
    running.open();
    await t.runtime.idle();
    expect(t.inbox.for(v1Create.RequestId)).toHaveLength(1);
    // The late Create made real-1, which no Delete will ever name: the runtime deletes it itself.
    expect(handler.calls.map((c) => [c.type, c.event.PhysicalResourceId])).toEqual([
      ['Create', undefined],
      ['Delete', 'real-1'],
    ]);
    const create = await t.context(requestInstanceId('cloudformation', v1Create.StackId, v1Create.RequestId));
    expect(create).toMatchObject({ cancelledBy: 'r2', compensation: 'done' });
  });

  it('V11: the CDK failed-Create marker is deleted without user code', async () => {
    const handler = new ScriptedHandler({
      delete: async () => {
        throw new Error('must not run');
      },
    });
    const t = await withHandler(handler);
    await t.send({ ...v4CleanupDelete, PhysicalResourceId: CDK_CREATE_FAILED_MARKER });
    await t.runtime.idle();
    expect(bodyOf(t, v4CleanupDelete.RequestId)).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: CDK_CREATE_FAILED_MARKER,
    });
    expect(handler.calls).toHaveLength(0);
  });

  it('V12: a handler that never finishes gets one FAILED timeout answer before deadline minus margin', async () => {
    const never = gate<string>();
    const t = await withHandler(new ScriptedHandler({ create: async () => never.promise }));
    const start = t.clock.now();
    await t.send({ ...v1Create, ResourceProperties: { ...v1Create.ResourceProperties, ServiceTimeout: '60' } });
    await settle();
    t.clock.jump(53_999);
    await t.runtime.fireDue(t.clock.now());
    await settle();
    expect(t.inbox.for(v1Create.RequestId)).toHaveLength(0);
    t.clock.jump(1);
    await t.runtime.fireDue(t.clock.now());
    await t.inbox.waitFor(v1Create.RequestId);
    const received = t.inbox.for(v1Create.RequestId)[0]!;
    expect(received.at - start).toBeLessThan(60_000 - 1000);
    expect(JSON.parse(received.body)).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/timed out/) });
    never.open('late-id');
    await t.runtime.idle();
    expect(t.inbox.for(v1Create.RequestId)).toHaveLength(1);
  });

  it('V13: a ROS Create is answered with application/json, a GMT Date and the documented body', async () => {
    const t = await withHandler(
      new ScriptedHandler({ create: async () => ['my-physical-id', { keyThatCanBeUsedInGetAtt1: 'data for key 1' }] }),
    );
    await t.send(v13RosCreate, { provider: 'ros' });
    await t.runtime.idle();
    const received = t.inbox.for(v13RosCreate.RequestId)[0]!;
    expect(received.headers['content-type']).toBe('application/json');
    expect(received.headers['date']).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(received.body).toBe(
      '{"Status":"SUCCESS","PhysicalResourceId":"my-physical-id","StackId":"8acc3dcd-cf48-4fa1-863e-7c767b61fe42",' +
        '"RequestId":"B288A0BE-D927-4888-B0F7-B35EF84B6E6F","LogicalResourceId":"my-resource",' +
        '"Data":{"keyThatCanBeUsedInGetAtt1":"data for key 1"}}',
    );
  });

  it('V14: a ROS Update that changes the id is refused as FAILED with the old id', async () => {
    const t = await withHandler(new ScriptedHandler({ update: async () => 'p2' }));
    await t.send(
      { ...v13RosCreate, RequestType: 'Update', PhysicalResourceId: 'p1', OldResourceProperties: {} },
      { provider: 'ros' },
    );
    await t.runtime.idle();
    expect(bodyOf(t, v13RosCreate.RequestId)).toMatchObject({
      Status: 'FAILED',
      PhysicalResourceId: 'p1',
      Reason: expect.stringMatching(/ROS cannot replace/),
    });
  });

  it('V15: ROS sync HTTP ignores Timeout (10 s) and answers in the HTTP reply, with no callback', async () => {
    const t = await withHandler(
      new ScriptedHandler({
        create: async () => new Success({ physicalResourceId: 'sync-1', data: { Ready: 'yes' } }),
      }),
    );
    const { ResponseURL: _none, ...request } = { ...v13RosCreate, ResponseURL: undefined };
    const reply = await fetch(`${t.baseUrl}/ros/custom-resource/h?mode=sync&timeout=600`, {
      method: 'POST',
      body: JSON.stringify(request),
      headers: { 'content-type': 'application/json', 'x-statebridge-token': t.env.http.token },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(await reply.json()).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'sync-1',
      Data: { Ready: 'yes' },
    });
    const context = await t.context(requestInstanceId('ros', v13RosCreate.StackId, v13RosCreate.RequestId));
    expect(context.timeoutSeconds).toBe(10);
    expect(context.deliverBy - context.receivedAt).toBe(10_000);
    expect(t.inbox.received).toHaveLength(0);
  });

  it('V16: InnerResponseURL and IntranetResponseURL parse identically', () => {
    const { IntranetResponseURL, ...rest } = v13RosCreate;
    const a = checkRequestShape('ros', { ...rest, ResponseURL: 'http://x.invalid/r', IntranetResponseURL });
    const b = checkRequestShape('ros', {
      ...rest,
      ResponseURL: 'http://x.invalid/r',
      InnerResponseURL: IntranetResponseURL,
    });
    expect(a.ok).toBe(true);
    expect(b).toEqual(a);
  });
});

describe('deferred answers', () => {
  it('Defer leaves the request open until a Responder answers from a copy of the event', async () => {
    const { Responder } = await import('../../src/app/customResource/responder.js');
    let saved: string | undefined;
    const t = await withHandler(
      new ScriptedHandler({
        create: async (event) => {
          saved = JSON.stringify(event);
          return new Defer();
        },
      }),
    );
    const { instanceId } = await t.send(v1Create);
    await t.runtime.idle();
    expect((await t.store.readHead(instanceId))?.stateAfter).toBe('open.deferred');
    {
      await using r = new Responder(JSON.parse(saved!) as Record<string, unknown>);
      await r.success({ physicalResourceId: 'later-1', data: { Done: 'yes' } });
    }
    await t.runtime.idle();
    expect(bodyOf(t, v1Create.RequestId)).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'later-1',
      Data: { Done: 'yes' },
    });
  });

  it('an await-using block that throws before answering answers FAILED', async () => {
    const { Responder } = await import('../../src/app/customResource/responder.js');
    let saved: Record<string, unknown> | undefined;
    const t = await withHandler(
      new ScriptedHandler({
        create: async (event) => {
          saved = { ...event };
          return new Defer();
        },
      }),
    );
    await t.send(v1Create);
    await t.runtime.idle();
    const work = async () => {
      await using _r = new Responder(saved!);
      throw new Error('provisioning broke');
    };
    await expect(work()).rejects.toThrow('provisioning broke');
    await t.runtime.idle();
    expect(bodyOf(t, v1Create.RequestId)).toMatchObject({
      Status: 'FAILED',
      Reason: 'the deferred work ended without answering',
    });
  });

  it('Failed keeps the given id; isComplete is polled until done and its Data overlays the start Data', async () => {
    const t = await withHandler(
      new ScriptedHandler(
        {
          create: async () => ['job-1', { Started: 'yes', Phase: 'start' }],
          isComplete: async (attempt) => (attempt < 3 ? false : new Success({ data: { Phase: 'done' } })),
        },
        { poll: { intervalSeconds: 5, totalTimeoutSeconds: 60 } },
      ),
    );
    const { instanceId } = await t.send(v1Create);
    await t.clock.advance(30_000);
    expect(bodyOf(t, v1Create.RequestId)).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'job-1',
      Data: { Started: 'yes', Phase: 'done' },
    });
    const polls = (await t.records(instanceId)).filter((r) => r.event.type === 'pollResult');
    expect(polls).toHaveLength(3);
    const failing = await customResourceHarness();
    failing.handlers.register(
      'h',
      new ScriptedHandler({ create: async () => new Failed({ reason: 'nope', physicalResourceId: 'kept' }) }),
    );
    await failing.send(v1Create);
    await failing.runtime.idle();
    expect(JSON.parse(failing.inbox.for(v1Create.RequestId)[0]!.body)).toMatchObject({
      Status: 'FAILED',
      Reason: 'nope',
      PhysicalResourceId: 'kept',
    });
    await failing.close();
  });
});
