import { describe, expect, it } from 'vitest';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { SqsDestination } from '../../src/app/functions/destinations.js';
import { functionsHarness } from './functionsHarness.js';

const HOUR = 3_600_000;

describe('defineFunction settings', () => {
  it('rejects out-of-range settings naming the setting and its range', () => {
    expect(() => defineFunction('f', () => 1, { maximumRetryAttempts: 3 })).toThrow(
      /maximumRetryAttempts must be an integer from 0 to 2/,
    );
    expect(() => defineFunction('f', () => 1, { maximumRetryAttempts: -1 })).toThrow(
      /maximumRetryAttempts must be an integer from 0 to 2/,
    );
    expect(() => defineFunction('f', () => 1, { maximumEventAgeInSeconds: 59 })).toThrow(
      /maximumEventAgeInSeconds must be an integer from 60 to 21600/,
    );
    expect(() => defineFunction('f', () => 1, { maximumEventAgeInSeconds: 21_601 })).toThrow(
      /maximumEventAgeInSeconds must be an integer from 60 to 21600/,
    );
    expect(() => defineFunction('f', () => 1, { maximumRetryAttempts: 1.5 })).toThrow(/maximumRetryAttempts/);
    expect(() => defineFunction('f', () => 1, { timeoutSeconds: 0 })).toThrow(
      /timeoutSeconds must be an integer from 1 to 900/,
    );
    expect(() => defineFunction('bad name!', () => 1)).toThrow(/function name/);
  });

  it('applies the service defaults', () => {
    const fn = defineFunction('f', () => 1);
    expect(fn.config).toEqual({ maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21_600, timeoutSeconds: 3 });
  });
});

describe('function-error retries on the virtual clock', () => {
  it('retries a failing function twice, 1 minute then 2 minutes apart, then reports RetriesExhausted', async () => {
    const h = functionsHarness();
    const seen: { at: number; attempt: number; requestId: string }[] = [];
    const fn = defineFunction(
      'always-fails',
      (_payload, ctx) => {
        seen.push({ at: h.clock.now() - h.t0, attempt: ctx.attempt, requestId: ctx.requestId });
        throw new TypeError('boom');
      },
      { onFailure: new SqsDestination('failures') },
    );
    const { requestId, statusCode } = await h.functions.invokeAsync(fn, { key: 'a.jpg' });
    expect(statusCode).toBe(202);
    await h.clock.advance(HOUR);
    expect(seen).toEqual([
      { at: 0, attempt: 1, requestId },
      { at: 60_000, attempt: 2, requestId },
      { at: 180_000, attempt: 3, requestId },
    ]);
    const [record] = h.queued('failures');
    expect(h.queued('failures')).toHaveLength(1);
    expect(Object.keys(record!).sort()).toEqual([
      'requestContext',
      'requestPayload',
      'responseContext',
      'responsePayload',
      'timestamp',
      'version',
    ]);
    expect(record!.version).toBe('1.0');
    expect(record!.timestamp).toBe(new Date(h.t0 + 180_000).toISOString());
    expect(record!.requestContext).toEqual({
      requestId,
      functionArn: 'arn:aws:lambda:local:000000000000:function:always-fails:$LATEST',
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    });
    expect(record!.requestPayload).toEqual({ key: 'a.jpg' });
    expect(record!.responseContext).toEqual({
      statusCode: 200,
      executedVersion: '$LATEST',
      functionError: 'Unhandled',
    });
    expect(record!.responsePayload).toMatchObject({ errorType: 'TypeError', errorMessage: 'boom' });
    const head = await h.store.readHead(requestId);
    expect(head?.stateAfter).toBe('done');
    expect(head?.state.output).toEqual({ condition: 'RetriesExhausted', approximateInvokeCount: 3 });
  });

  it('stops after one attempt with maximumRetryAttempts 0', async () => {
    const h = functionsHarness();
    let calls = 0;
    const fn = defineFunction(
      'once',
      () => {
        calls += 1;
        throw new Error('no');
      },
      { maximumRetryAttempts: 0, onFailure: new SqsDestination('failures') },
    );
    await h.functions.invokeAsync(fn, {});
    await h.clock.advance(HOUR);
    expect(calls).toBe(1);
    expect(h.queued('failures')[0]!.requestContext).toMatchObject({
      condition: 'RetriesExhausted',
      approximateInvokeCount: 1,
    });
  });

  it('succeeds on the retry after a failure and reports Success with the invoke count', async () => {
    const h = functionsHarness();
    const fn = defineFunction(
      'flaky',
      (payload: { n: number }, ctx) => {
        if (ctx.attempt === 1) throw new Error('transient');
        return { doubled: payload.n * 2 };
      },
      { onSuccess: new SqsDestination('ok') },
    );
    await h.functions.invokeAsync(fn, { n: 21 });
    await h.clock.advance(59_999);
    expect(h.queued('ok')).toHaveLength(0);
    await h.clock.advance(1);
    const record = h.queued('ok')[0]!;
    expect(record.requestContext).toMatchObject({ condition: 'Success', approximateInvokeCount: 2 });
    expect(record.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST' });
    expect(record.responsePayload).toEqual({ doubled: 42 });
  });

  it('records a handled error as functionError Handled', async () => {
    const h = functionsHarness();
    const fn = defineFunction(
      'handled',
      (_p, ctx) => {
        throw ctx.fail(new RangeError('bad input'));
      },
      { maximumRetryAttempts: 0, onFailure: new SqsDestination('failures') },
    );
    await h.functions.invokeAsync(fn, {});
    await h.clock.advance(HOUR);
    const record = h.queued('failures')[0]!;
    expect(record.responseContext?.functionError).toBe('Handled');
    expect(record.responsePayload).toEqual({ errorType: 'RangeError', errorMessage: 'bad input' });
  });

  it('treats a handler running past its timeout as an Unhandled Sandbox.Timedout error', async () => {
    const h = functionsHarness({ timeoutScale: 0.005 });
    const fn = defineFunction('slow', () => new Promise(() => undefined), {
      timeoutSeconds: 2,
      maximumRetryAttempts: 0,
      onFailure: new SqsDestination('failures'),
    });
    const { requestId } = await h.functions.invokeAsync(fn, {});
    await h.clock.advance(HOUR);
    const record = h.queued('failures')[0]!;
    expect(record.responseContext?.functionError).toBe('Unhandled');
    expect(record.responsePayload).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${requestId} Error: Task timed out after 2.00 seconds`,
    });
  });
});
