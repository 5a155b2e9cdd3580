import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideResponseBody,
  serializeResponseBody,
  type RequestEcho,
} from '../../src/protocol/customResource/responseBody.js';

const text = fc.string({ unit: fc.constantFrom('a', 'é', '日', '😀', '"', '\n', '\\'), maxLength: 3000 });
const echo: fc.Arbitrary<RequestEcho> = fc
  .record({
    provider: fc.constantFrom('cloudformation' as const, 'ros' as const),
    RequestType: fc.constantFrom('Create' as const, 'Update' as const, 'Delete' as const),
    StackId: fc.string({ minLength: 1, maxLength: 200 }),
    RequestId: fc.string({ minLength: 1, maxLength: 80 }),
    LogicalResourceId: fc.string({ minLength: 1, maxLength: 255 }),
    PhysicalResourceId: fc.string({ minLength: 1, maxLength: 200 }),
  })
  .map((e) => (e.RequestType === 'Create' ? { ...e, PhysicalResourceId: undefined } : e) as RequestEcho);

describe('response body rules hold for any candidate', () => {
  it('fits 4096 bytes, echoes the request, keeps ids, never empty, FAILED has a reason', () => {
    const seed = Number(process.env['FC_SEED'] ?? Date.now() % 2_147_483_647);
    console.log(`response body property seed: ${seed}`);
    fc.assert(
      fc.property(
        echo,
        fc.record({
          Status: fc.constantFrom('SUCCESS' as const, 'FAILED' as const),
          PhysicalResourceId: fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
          Reason: fc.option(text, { nil: undefined }),
          Data: fc.option(fc.dictionary(fc.string({ maxLength: 20 }), text, { maxKeys: 4 }), { nil: undefined }),
          NoEcho: fc.boolean(),
        }),
        (request, candidate) => {
          const body = decideResponseBody(request, candidate);
          const bytes = Buffer.byteLength(serializeResponseBody(body));
          expect(bytes).toBeLessThanOrEqual(4096);
          expect(body.PhysicalResourceId.length).toBeGreaterThan(0);
          expect([body.StackId, body.RequestId, body.LogicalResourceId]).toEqual([
            request.StackId,
            request.RequestId,
            request.LogicalResourceId,
          ]);
          if (body.Status === 'FAILED') expect((body.Reason ?? '').trim().length).toBeGreaterThan(0);
          if (request.RequestType === 'Delete' || (request.provider === 'ros' && request.RequestType === 'Update'))
            expect(body.PhysicalResourceId).toBe(request.PhysicalResourceId);
          if (body.Status === 'SUCCESS') expect(body.Data).toEqual(candidate.Data);
          expect(decideResponseBody(request, candidate)).toEqual(body);
        },
      ),
      { seed, numRuns: 300 },
    );
  });
});
