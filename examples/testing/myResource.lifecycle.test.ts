// Copy this file next to your handler and replace `TokenBucket` with it. It runs your handler inside the
// real custom resource lifecycle, a few hundred times, under duplicates, crashes, slow and failing calls,
// failing PUTs and clock jumps, and checks every custom resource invariant after every step.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BaseHandler, Success, type HandlerEvent } from 'statebridge';
import {
  checkLifecycle,
  customResourceInvariants,
  customResourceModel,
  invariant,
  type CustomResourceWorld,
} from 'statebridge/testing';

const properties = z.object({ Name: z.string().min(1), Capacity: z.number().int().positive() });
type Props = z.infer<typeof properties>;

/** The handler under test: a rate-limit bucket with a secret token (returned NoEcho). */
class TokenBucket extends BaseHandler<Props> {
  constructor() {
    super({ properties });
  }

  async create(event: HandlerEvent<Props>) {
    // The id derives from the request only, so a re-run of the same Create returns the same id.
    const id = `bucket-${event.ResourceProperties.Name}`;
    return new Success({
      physicalResourceId: id,
      data: { Capacity: event.ResourceProperties.Capacity, Token: `tok-${event.RequestId}-secret` },
      noEcho: true,
    });
  }

  async update(event: HandlerEvent<Props>) {
    return new Success({
      physicalResourceId: event.PhysicalResourceId ?? '',
      data: { Capacity: event.ResourceProperties.Capacity, Token: `tok-${event.RequestId}-secret` },
      noEcho: true,
    });
  }

  async delete() {
    return undefined; // keeps the id it was given
  }
}

// Your own promise, checked next to the kit's: a successful answer reports the capacity asked for
// (the request carries it as a string, as CloudFormation sends it; the answer as the number it means).
const capacityReported = invariant<CustomResourceWorld>(
  'capacity reported',
  'SUCCESS carries the Capacity property',
  ({ records, world }) => {
    const asked = (records[0]?.state.context as { event?: { ResourceProperties?: { Capacity?: unknown } } } | null)
      ?.event?.ResourceProperties?.Capacity;
    return world.received
      .filter((r) => r.status < 300)
      .map((r) => JSON.parse(r.body) as { Status: string; Data?: { Capacity?: unknown } })
      .filter((b) => b.Status === 'SUCCESS' && b.Data !== undefined && b.Data.Capacity !== Number(asked))
      .map((b) => ({ message: `reported ${String(b.Data?.Capacity)}, asked ${String(asked)}` }));
  },
);

const seed = Number(process.env['FC_SEED'] ?? 4242);

describe('TokenBucket keeps the custom resource lifecycle promises', () => {
  it(`under the fault model (seed ${seed}; replay with FC_SEED=${seed})`, async () => {
    const model = customResourceModel({
      handler: new TokenBucket(),
      responders: false, // TokenBucket never defers, so no Responder ever answers for it
      // CloudFormation sends numbers as strings; the handler's schema coerces them back.
      properties: fc.record({
        Name: fc.constantFrom('alpha', 'beta'),
        Capacity: fc.integer({ min: 1, max: 500 }).map(String),
      }),
    });
    const result = await checkLifecycle(
      { ...model, invariants: [...customResourceInvariants, capacityReported] },
      { runs: 100, seed },
    );
    expect(result.runs).toBe(100);
  }, 60_000);
});
