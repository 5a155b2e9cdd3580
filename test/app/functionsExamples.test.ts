import { describe, expect, it } from 'vitest';
import { main } from '../../examples/functions/resizeWithDestinations.js';

describe('examples/functions', () => {
  it('resizeWithDestinations runs: retries on the virtual clock, responseOnly chain, failure queue', async () => {
    const lines = await main(() => undefined);
    expect(lines.filter((l) => l.startsWith('resize attempt') && l.includes('b.gif'))).toHaveLength(3);
    expect(lines).toContain('audit received only the response: {"key":"a.jpg","width":256}');
    expect(lines).toContain('failed-resizes got RetriesExhausted after 3 invocations');
    expect(lines).toContain('chain: resize (Success) → audit (Success)');
  });
});
