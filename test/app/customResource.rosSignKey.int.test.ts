import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { customResourceInstallation } from '../../src/app/customResource/module.js';
import { rosCanonicalJson, signRosRequest, type RosSigning } from '../../src/app/customResource/rosSignature.js';
import { requestInstanceId } from '../../src/protocol/customResource/request.js';
import { customResourceHarness, gate } from './customResourceHarness.js';
import { ScriptedHandler, v13RosCreate } from './customResourceFixtures.js';

type Harness = Awaited<ReturnType<typeof customResourceHarness>>;
let h: Harness | undefined;
const servers: Server[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

const SIGNING: RosSigning = { signKey: 'k3y-from-HttpConfig', headers: { 'X-Team': 'infra', 'A-First': '1' } };

async function signedHarness() {
  const harness = await customResourceHarness();
  harness.handlers.register('signed', new ScriptedHandler({ create: async () => 'signed-1' }));
  customResourceInstallation(harness.env)!.rosSigning.set('signed', SIGNING);
  return harness;
}

const post = (harness: Harness, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${harness.baseUrl}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });

describe('ROS SignKey', () => {
  it('hashes the body as ROS describes it: sorted keys, ASCII only, Python separators', () => {
    expect(rosCanonicalJson({ b: [1, 'é'], a: { d: null, c: true } })).toBe(
      '{"a": {"c": true, "d": null}, "b": [1, "\\u00e9"]}',
    );
  });

  it('takes a request whose Signature verifies, with no process token', async () => {
    h = await signedHarness();
    const url = `${h.baseUrl}/ros/custom-resource/signed`;
    const request = { ...v13RosCreate, ResponseURL: h.inbox.urlFor(v13RosCreate.RequestId) };
    const reply = await post(h, '/ros/custom-resource/signed', {
      ...request,
      Signature: signRosRequest(request, SIGNING, url, h.clock.now()),
    });
    expect(reply.status).toBe(200);
    await h.runtime.idle();
    expect(JSON.parse(h.inbox.for(v13RosCreate.RequestId)[0]!.body)).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'signed-1',
    });
  });

  it('refuses a missing, wrong, tampered or stale Signature, even with the process token', async () => {
    h = await signedHarness();
    const harness = h;
    const url = `${h.baseUrl}/ros/custom-resource/signed`;
    const request = { ...v13RosCreate, ResponseURL: h.inbox.urlFor(v13RosCreate.RequestId) };
    const good = signRosRequest(request, SIGNING, url, h.clock.now());
    const cases: [string, unknown, RegExp][] = [
      ['missing', request, /Signature: required/],
      [
        'other key',
        { ...request, Signature: signRosRequest(request, { ...SIGNING, signKey: 'guess' }, url, h.clock.now()) },
        /Signature.Value: does not match/,
      ],
      [
        'other header',
        { ...request, Signature: signRosRequest(request, { ...SIGNING, headers: {} }, url, h.clock.now()) },
        /does not match/,
      ],
      ['tampered body', { ...request, ResourceProperties: { key1: 'changed' }, Signature: good }, /does not match/],
      [
        'stale',
        { ...request, Signature: signRosRequest(request, SIGNING, url, h.clock.now() - 16 * 60_000) },
        /Signature.Date: must be within 15 minutes/,
      ],
      ['bad date', { ...request, Signature: { ...good, Date: 'yesterday' } }, /Signature.Date: must be a UTC time/],
    ];
    for (const [name, body, rule] of cases) {
      const reply = await post(harness, '/ros/custom-resource/signed', body, {
        'x-statebridge-token': harness.env.http.token,
      });
      expect(reply.status, name).toBe(401);
      expect(((await reply.json()) as { message: string }).message, name).toMatch(rule);
    }
    expect(
      await h.store.readHead(requestInstanceId('ros', v13RosCreate.StackId, v13RosCreate.RequestId)),
    ).toBeUndefined();
  });

  it('refuses a Signature for a handler that has no SignKey to check it with', async () => {
    h = await customResourceHarness();
    h.handlers.register('plain', new ScriptedHandler({ create: async () => 'p' }));
    const reply = await post(
      h,
      '/ros/custom-resource/plain',
      { ...v13RosCreate, Signature: { Date: '2026-01-01T00:00:00Z', Value: 'x' } },
      { 'x-statebridge-token': h.env.http.token },
    );
    expect(reply.status).toBe(401);
    expect(((await reply.json()) as { message: string }).message).toContain('no SignKey');
  });
});

describe('a deferred answer goes only to the request own ResponseURL', () => {
  it('a replay naming another ResponseURL is refused, and the answer is PUT to the first URL only', async () => {
    h = await customResourceHarness();
    const harness = h;
    const slow = gate<string>();
    h.handlers.register('slow', new ScriptedHandler({ create: async () => slow.promise }));
    const stolen: string[] = [];
    const attacker = createServer((req, res) => {
      stolen.push(req.url ?? '');
      res.end();
    });
    servers.push(attacker);
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
    const evilUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/collect?sig=1`;
    const token = { 'x-statebridge-token': h.env.http.token };
    const request = { ...v13RosCreate, ResponseURL: h.inbox.urlFor(v13RosCreate.RequestId) };
    expect((await post(h, '/ros/custom-resource/slow', request, token)).status).toBe(200);
    const replay = await post(harness, '/ros/custom-resource/slow', { ...request, ResponseURL: evilUrl }, token);
    expect(replay.status).toBe(409);
    expect(((await replay.json()) as { message: string }).message).toContain('ResponseURL');
    // The same request again (ROS retrying an idempotent Create) is still taken.
    expect((await post(harness, '/ros/custom-resource/slow', request, token)).status).toBe(200);
    slow.open('slow-1');
    await harness.runtime.idle();
    expect(stolen).toEqual([]);
    expect(JSON.parse(harness.inbox.for(v13RosCreate.RequestId)[0]!.body)).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'slow-1',
    });
  });
});
