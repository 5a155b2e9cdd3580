import { describe, expect, it } from 'vitest';
import { StatebridgeError } from '../../src/core/errors.js';
import type { TimerSource } from '../../src/ports/clock.js';
import { backoffMs } from '../../src/runtime/boundedConcurrency.js';
import { systemClock } from '../../src/runtime/systemClock.js';
import { TimerLoop } from '../../src/runtime/timerLoop.js';
import { gate } from './fixtures/livenessMachines.js';

describe('timer loop', () => {
  it('keeps running after failed passes, reporting each, until the source answers again', async () => {
    const failures: unknown[] = [];
    const healthy = gate();
    let calls = 0;
    const source: TimerSource = {
      nextDueAt: () => Promise.resolve(undefined),
      fireDue: () => {
        calls += 1;
        if (calls === 1)
          return Promise.reject(new StatebridgeError('STORE_UNAVAILABLE', 'database is locked', { retryable: true }));
        if (calls === 2) return Promise.reject(new Error('SQLITE_BUSY'));
        healthy.open();
        return Promise.resolve();
      },
    };
    const loop = new TimerLoop(source, systemClock, {
      pollMs: 5,
      retryBaseMs: 1,
      onError: (e) => {
        failures.push(e);
        throw new Error('a broken reporter');
      },
    });
    loop.start();
    await healthy.promise;
    expect(loop.isRunning).toBe(true);
    await loop.stop();
    expect(failures.map((e) => (e as Error).message)).toEqual(['database is locked', 'SQLITE_BUSY']);
  });

  it('also survives a failing next-due query', async () => {
    const reported = gate<unknown>();
    const recovered = gate();
    let calls = 0;
    const source: TimerSource = {
      fireDue: () => Promise.resolve(),
      nextDueAt: () => {
        calls += 1;
        if (calls === 1) return Promise.reject(new Error('store closed'));
        recovered.open();
        return Promise.resolve(undefined);
      },
    };
    const loop = new TimerLoop(source, systemClock, { pollMs: 5, retryBaseMs: 1, onError: (e) => reported.open(e) });
    loop.start();
    expect(((await reported.promise) as Error).message).toBe('store closed');
    await recovered.promise;
    await loop.stop();
  });

  it('backs off exponentially up to a cap', () => {
    expect([1, 2, 3, 4, 10, 60].map((n) => backoffMs(n, 100, 5000))).toEqual([100, 200, 400, 800, 5000, 5000]);
  });
});
