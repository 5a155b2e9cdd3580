import { afterEach, describe, expect, it } from 'vitest';
import { customResourceHarness } from './customResourceHarness.js';
import { ScriptedHandler, v1Create } from './customResourceFixtures.js';

type Harness = Awaited<ReturnType<typeof customResourceHarness>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function started(faults: Parameters<Harness['inbox']['injectFaults']>) {
  h = await customResourceHarness();
  h.handlers.register('h', new ScriptedHandler({ create: async () => ['kept', { A: 'b' }] }));
  h.inbox.injectFaults(...faults);
  return { h, ...(await h.send(v1Create)) };
}

describe('delivering the answer over real HTTP', () => {
  it('retries a dropped connection and a 500 with backoff, keeping the query string, then stops', async () => {
    const { h, instanceId } = await started(['reset', 'status500']);
    await h.runtime.idle();
    expect((await h.store.readHead(instanceId))?.stateAfter).toBe('backoff');
    await h.clock.advance(1_000);
    expect((await h.store.readHead(instanceId))?.stateAfter).toBe('backoff');
    await h.clock.advance(2_000);
    const head = await h.store.readHead(instanceId);
    expect(head?.stateAfter).toBe('answered');
    expect((await h.context(instanceId)).putAttempts).toBe(3);
    const seen = h.inbox.received.filter((r) => r.url.includes(encodeURIComponent(v1Create.RequestId)));
    expect(seen.map((r) => r.status)).toEqual([500, 200]);
    expect(seen.every((r) => /\?X-Amz-Expires=7200&X-Amz-Signature=/.test(r.url))).toBe(true);
    expect(seen[0]!.body).toBe(seen[1]!.body);
  });

  it('does not retry a 403 (expired or wrong URL); a redelivery of the request sends the same body again', async () => {
    const { h, instanceId } = await started(['status403']);
    await h.runtime.idle();
    const context = await h.context(instanceId);
    expect((await h.store.readHead(instanceId))?.stateAfter).toBe('undelivered');
    expect(context.lastPutError).toBe('HTTP 403');
    await h.clock.advance(60_000);
    expect(h.inbox.received).toHaveLength(1);
    await h.send(v1Create);
    await h.runtime.idle();
    expect((await h.store.readHead(instanceId))?.stateAfter).toBe('answered');
    expect(h.inbox.received.map((r) => r.status)).toEqual([403, 200]);
    expect(h.inbox.received[1]!.body).toBe(h.inbox.received[0]!.body);
  });

  it('gives up at the provider deadline when the endpoint keeps failing', async () => {
    const { h, instanceId } = await started(Array.from({ length: 200 }, () => 'status500' as const));
    await h.clock.advance(2 * 3_600_000);
    const context = await h.context(instanceId);
    expect((await h.store.readHead(instanceId))?.stateAfter).toBe('undelivered');
    const last = h.inbox.received.at(-1)!;
    expect(last.at).toBeLessThan(context.deliverBy);
    // 1, 2, 4, 8, 16 s, then every 30 s until the hour is over.
    expect(context.putAttempts).toBe(6 + Math.floor((3_600_000 - 31_000) / 30_000));
  });
});
