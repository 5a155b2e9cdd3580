import { describe, expect, it } from 'vitest';
import type { Json } from '../../src/core/stepRecord.js';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { EventBridgeDestination } from '../../src/app/functions/destinations.js';
import { functionsHarness } from './functionsHarness.js';

describe('an event bus destination', () => {
  it("hands the bus's targets an event of their own: one may change it, the recorded outcome stays", async () => {
    const h = functionsHarness();
    const seen: Json[] = [];
    h.bus.putRule({
      name: 'all-results',
      eventPattern: { source: ['lambda'] },
      targets: [
        {
          id: 'tagger',
          // Targets are the user's code: as with a Lambda function's event, they may change what they get.
          deliver: async (input) => {
            const detail = (input as { detail: { responsePayload: { total: number }; seenBy?: string } }).detail;
            detail.seenBy = 'tagger';
            detail.responsePayload.total += 1;
            seen.push(input);
          },
        },
      ],
    });
    const fn = defineFunction('sum', () => ({ total: 1 }), { onSuccess: new EventBridgeDestination() });
    const { requestId } = await h.functions.invokeAsync(fn, {});
    await h.runtime.idle();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ detail: { seenBy: 'tagger', responsePayload: { total: 2 } } });
    const head = await h.store.readHead(requestId);
    expect(head?.event).toMatchObject({
      type: 'destination.delivered',
      record: { requestContext: { requestId, condition: 'Success' }, responsePayload: { total: 1 } },
    });
    expect((head?.event as unknown as { record: object }).record).not.toHaveProperty('seenBy');
  });
});
