import { describe, expect, it } from 'vitest';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { newRequestId, requestIdFor } from '../../src/app/functions/requestIds.js';
import { functionsHarness } from './functionsHarness.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('makes a UUID version 7 whose first 48 bits are the millisecond it was made', () => {
    const at = Date.UTC(2026, 10, 26, 8, 0, 0, 123);
    const id = newRequestId(at);
    expect(id).toMatch(UUID_V7);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('orders ids made in later milliseconds after earlier ones, as text', () => {
    const times = [0, 1, 255, 256, 65_535, Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 1, 2 ** 48 - 1];
    const ids = times.map((at) => newRequestId(at));
    expect([...ids].sort()).toEqual(ids);
  });

  it('keeps ids made in the same millisecond apart by their random bits', () => {
    const ids = Array.from({ length: 1000 }, () => newRequestId(1_700_000_000_000));
    expect(new Set(ids).size).toBe(1000);
  });

  it('derives the same id from the same key, as before', () => {
    expect(requestIdFor('events#rule#1')).toBe(requestIdFor('events#rule#1'));
    expect(requestIdFor('events#rule#1')).not.toBe(requestIdFor('events#rule#2'));
  });

  it('gives an asynchronous invocation without a request id a time-ordered one, and keeps a given one', async () => {
    const h = functionsHarness();
    const fn = defineFunction('echo', (payload: unknown) => payload);
    const first = await h.functions.invokeAsync(fn, {});
    const second = await h.functions.invokeAsync(fn, {});
    expect(first.requestId).toMatch(UUID_V7);
    expect(second.requestId.slice(0, 13) >= first.requestId.slice(0, 13)).toBe(true);
    const given = await h.functions.invokeAsync(fn, {}, { requestId: 'caller-chosen' });
    expect(given.requestId).toBe('caller-chosen');
    await h.runtime.idle();
    expect((await h.store.readHead(first.requestId))?.streamId).toBe(first.requestId);
  });
});
