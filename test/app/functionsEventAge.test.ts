import { describe, expect, it } from 'vitest';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { SqsDestination } from '../../src/app/functions/destinations.js';
import { functionsHarness } from './functionsHarness.js';

const SIX_HOURS = 6 * 3_600_000;

describe('event age and throttles on the virtual clock', () => {
  it('does not run an event older than maximumEventAgeInSeconds: EventAgeExceeded carries the last error', async () => {
    const h = functionsHarness();
    const at: number[] = [];
    const fn = defineFunction(
      'aging',
      () => {
        at.push(h.clock.now() - h.t0);
        throw new Error('still broken');
      },
      { maximumEventAgeInSeconds: 60, onFailure: new SqsDestination('failures') },
    );
    await h.functions.invokeAsync(fn, { n: 1 });
    await h.clock.advance(SIX_HOURS);
    // The retry would fall due at 60 s, when the event is 60 s old: it is not run again.
    expect(at).toEqual([0]);
    const record = h.queued('failures')[0]!;
    expect(record.requestContext).toMatchObject({ condition: 'EventAgeExceeded', approximateInvokeCount: 1 });
    expect(record.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    expect(record.responsePayload).toMatchObject({ errorMessage: 'still broken' });
    expect(record.timestamp).toBe(new Date(h.t0 + 60_000).toISOString());
  });

  it('lets a second attempt run when the age allows it, then expires before the third', async () => {
    const h = functionsHarness();
    const at: number[] = [];
    const fn = defineFunction(
      'aging2',
      () => {
        at.push(h.clock.now() - h.t0);
        throw new Error('x');
      },
      { maximumEventAgeInSeconds: 120, onFailure: new SqsDestination('failures') },
    );
    await h.functions.invokeAsync(fn, {});
    await h.clock.advance(SIX_HOURS);
    expect(at).toEqual([0, 60_000]);
    expect(h.queued('failures')[0]!.requestContext).toMatchObject({
      condition: 'EventAgeExceeded',
      approximateInvokeCount: 2,
    });
  });

  it('backs off throttles from 1 s doubling until the event age runs out; throttles are not invocations', async () => {
    const h = functionsHarness();
    const at: number[] = [];
    const fn = defineFunction(
      'busy',
      (_p, ctx) => {
        at.push(h.clock.now() - h.t0);
        throw ctx.throttle();
      },
      { maximumEventAgeInSeconds: 60, onFailure: new SqsDestination('failures') },
    );
    await h.functions.invokeAsync(fn, {});
    await h.clock.advance(SIX_HOURS);
    expect(at).toEqual([0, 1_000, 3_000, 7_000, 15_000, 31_000]);
    const record = h.queued('failures')[0]!;
    expect(record.requestContext).toMatchObject({ condition: 'EventAgeExceeded', approximateInvokeCount: 0 });
    expect(record.responseContext).toBeUndefined();
    expect(record.responsePayload).toBeUndefined();
  });

  it('caps the throttle backoff at 5 minutes over a 6-hour event age (in milliseconds of test time)', async () => {
    const h = functionsHarness();
    const at: number[] = [];
    const fn = defineFunction(
      'long-busy',
      (_p, ctx) => {
        at.push(h.clock.now() - h.t0);
        throw ctx.throttle();
      },
      { onFailure: new SqsDestination('failures') },
    );
    const started = Date.now();
    await h.functions.invokeAsync(fn, {});
    await h.clock.advance(SIX_HOURS + 1);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(gaps.slice(0, 9)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000]);
    expect(new Set(gaps.slice(9))).toEqual(new Set([300_000]));
    expect(Math.max(...at)).toBeLessThan(SIX_HOURS);
    expect(h.queued('failures')[0]!.requestContext.condition).toBe('EventAgeExceeded');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('a throttled attempt does not use up a function-error retry', async () => {
    const h = functionsHarness();
    const fn = defineFunction(
      'mixed',
      (_p, ctx) => {
        if (ctx.attempt === 1) throw ctx.throttle();
        if (ctx.attempt <= 3) throw new Error('fail');
        return 'ok';
      },
      { onSuccess: new SqsDestination('ok') },
    );
    await h.functions.invokeAsync(fn, {});
    await h.clock.advance(SIX_HOURS);
    // attempt 1 throttled, 2 and 3 fail (2 function errors), 4 is the second retry and succeeds.
    expect(h.queued('ok')[0]!.requestContext).toMatchObject({ condition: 'Success', approximateInvokeCount: 3 });
  });

  it('sends every event of a function with reserved concurrency 0 to the failure path without running it', async () => {
    const h = functionsHarness();
    let calls = 0;
    const fn = defineFunction('disabled', () => void (calls += 1), {
      reservedConcurrency: 0,
      onFailure: new SqsDestination('failures'),
    });
    await h.functions.invokeAsync(fn, { a: 1 });
    await h.runtime.idle();
    expect(calls).toBe(0);
    const record = h.queued('failures')[0]!;
    expect(record.requestContext).toMatchObject({ condition: 'ZeroReservedConcurrency', approximateInvokeCount: 0 });
    expect(record.responseContext).toBeUndefined();
  });

  it('throttles invocations beyond the reserved concurrency and runs them once a slot is free', async () => {
    const h = functionsHarness();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const order: string[] = [];
    const fn = defineFunction(
      'single',
      async (payload: { id: string }, ctx) => {
        order.push(`${payload.id}#${ctx.attempt}`);
        if (payload.id === 'first') await gate;
        return payload.id;
      },
      { reservedConcurrency: 1, onSuccess: new SqsDestination('ok') },
    );
    await h.functions.invokeAsync(fn, { id: 'first' });
    await new Promise((r) => setTimeout(r, 10));
    const second = await h.functions.invokeAsync(fn, { id: 'second' });
    await new Promise((r) => setTimeout(r, 10));
    const head = await h.store.readHead(second.requestId);
    expect(head?.stateAfter).toBe('active.throttled');
    expect(head?.event).toMatchObject({ type: 'attempt.throttled', reason: 'concurrency' });
    release();
    await h.clock.advance(1_000);
    expect(order).toEqual(['first#1', 'second#2']);
    expect(
      h
        .queued('ok')
        .map((r) => r.responsePayload)
        .sort(),
    ).toEqual(['first', 'second']);
  });
});
