import { describe, expect, it } from 'vitest';
import { App } from '../../../../src/app/chalice/app.js';
import { SqsDestination } from '../../../../src/app/functions/destinations.js';
import type { StepRecord } from '../../../../src/core/stepRecord.js';
import { HttpTestClient } from '../../../../src/testing/appHttpClient.js';
import { appHarness } from '../appHarness.js';

// Past every throttle retry an asynchronous invocation would make within its 6-hour event age.
const PAST_THROTTLE_RETRIES_MS = 7 * 3600_000;

/** Let pending promise callbacks and I/O run once. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What a finished synchronous invocation left behind: its status, the events it took, the commands it issued. */
function summary(history: readonly StepRecord[]) {
  return {
    status: history.at(-1)?.state.status,
    events: history.map((record) => record.event.type),
    commands: history.flatMap((record) => record.commands.map((command) => command.kind)),
    pendingTimers: history.at(-1)?.pending.timers.length,
  };
}

describe('a route request, a synchronous invocation', () => {
  it('answers 429 and its instance ends there: the handler never runs later', async () => {
    const app = new App('shop');
    let calls = 0;
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    app.route('/slow', { reservedConcurrency: 1 }, async function slow() {
      calls += 1;
      if (calls === 1) await gate;
      return { calls };
    });
    const h = await appHarness(app);
    const http = new HttpTestClient(h.runner);

    const first = http.get('/slow');
    while (calls === 0) await tick();
    const second = await http.get('/slow');
    expect(second.statusCode).toBe(429);
    release();
    expect((await first).statusCode).toBe(200);

    await h.clock.advance(PAST_THROTTLE_RETRIES_MS);
    await h.runtime.idle();
    expect(calls).toBe(1);
    const throttled = summary(await h.history(second.headers['x-amzn-requestid'] ?? ''));
    expect(throttled.status).toBe('done');
    expect(throttled.events.filter((type) => type.startsWith('attempt.'))).toEqual(['attempt.throttled']);
    expect(throttled.commands.filter((type) => type === 'invokeFunction')).toHaveLength(1);
    expect(throttled.pendingTimers).toBe(0);
    expect(h.errors).toEqual([]);
  });

  it('answers 429 at zero reserved concurrency and delivers no destination, as Lambda for a sync call', async () => {
    const app = new App('shop');
    let calls = 0;
    const failed = new SqsDestination('failed-orders');
    app.route('/closed', { reservedConcurrency: 0, onFailure: failed }, function closed() {
      calls += 1;
      return {};
    });
    const h = await appHarness(app);
    const response = await new HttpTestClient(h.runner).get('/closed');
    expect(response.statusCode).toBe(429);

    await h.clock.advance(PAST_THROTTLE_RETRIES_MS);
    await h.runtime.idle();
    expect(calls).toBe(0);
    const throttled = summary(await h.history(response.headers['x-amzn-requestid'] ?? ''));
    expect(throttled.status).toBe('done');
    expect(throttled.commands).not.toContain('deliverResult');
    expect(throttled.pendingTimers).toBe(0);
    expect(h.runner.queue.messages('failed-orders')).toEqual([]);
  });

  it('an answered request uses no onSuccess destination: destinations are for asynchronous calls', async () => {
    const app = new App('shop');
    let calls = 0;
    app.route('/order', { onSuccess: new SqsDestination('orders') }, function order() {
      calls += 1;
      return { ok: true };
    });
    const h = await appHarness(app);
    const response = await new HttpTestClient(h.runner).get('/order');
    expect(response.statusCode).toBe(200);

    await h.runtime.idle();
    expect(calls).toBe(1);
    const answered = summary(await h.history(response.headers['x-amzn-requestid'] ?? ''));
    expect(answered.status).toBe('done');
    expect(answered.commands).toEqual(['dequeue', 'invokeFunction']);
    expect(h.runner.queue.messages('orders')).toEqual([]);
  });
});
