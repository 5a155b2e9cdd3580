import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RESEND_POLICY, resendDelay, splitIntoCalls } from '../../src/adapters/eventbridge/index.js';
import { PUT_EVENTS_MAX_BYTES, PUT_EVENTS_MAX_ENTRIES } from '../../src/protocol/eventBridgeEnvelope.js';

const seed = Number(process.env['FC_SEED'] ?? Date.now() % 2_147_483_647);

describe(`PutEvents call planning (seed ${seed}, replay with FC_SEED=${seed})`, () => {
  it('splits entries into calls within both limits, in order, none lost, each as full as the next entry allows', () => {
    const sizes = fc.array(fc.integer({ min: 1, max: PUT_EVENTS_MAX_BYTES }), { maxLength: 60 });
    fc.assert(
      fc.property(sizes, (entrySizes) => {
        const indexes = entrySizes.map((_, i) => i);
        const calls = splitIntoCalls(indexes, (i) => entrySizes[i]!);
        const bytes = (call: number[]) => call.reduce((sum, i) => sum + entrySizes[i]!, 0);
        expect(calls.flat()).toEqual(indexes);
        for (const call of calls) {
          expect(call.length).toBeGreaterThan(0);
          expect(call.length).toBeLessThanOrEqual(PUT_EVENTS_MAX_ENTRIES);
          expect(bytes(call)).toBeLessThanOrEqual(PUT_EVENTS_MAX_BYTES);
        }
        calls.slice(0, -1).forEach((call, n) => {
          const next = calls[n + 1]![0]!;
          expect(call.length === PUT_EVENTS_MAX_ENTRIES || bytes(call) + entrySizes[next]! > PUT_EVENTS_MAX_BYTES).toBe(
            true,
          );
        });
      }),
      { seed },
    );
  });

  it('waits between half and all of a doubling delay that never exceeds the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 1, noNaN: true }), (resend, r) => {
        const ceiling = Math.min(
          DEFAULT_RESEND_POLICY.maxDelayMs,
          DEFAULT_RESEND_POLICY.baseDelayMs * 2 ** (resend - 1),
        );
        const delay = resendDelay(DEFAULT_RESEND_POLICY, resend, () => r);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
        expect(delay).toBeLessThanOrEqual(ceiling);
      }),
      { seed },
    );
  });
});
