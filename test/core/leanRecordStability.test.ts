import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeStep } from '../../src/core/leanRecord.js';
import { encodingCases } from './fixtures/leanEncodingCases.js';

/**
 * The rows the encoder wrote at commit 31d2f5d for `encodingCases()`, keyed by case name: produced by running
 * that commit's `encodeStep(record, previous, standalone)` over the same cases and writing the strings out with
 * `JSON.stringify(rows, null, 2)`. Stored rows are read back by the decoder of every later version, so the
 * encoder may get faster but must keep writing these exact bytes.
 */
const rows = JSON.parse(readFileSync(new URL('./fixtures/leanEncodingRows.json', import.meta.url), 'utf8')) as Record<
  string,
  string
>;

describe('lean encoding', () => {
  const cases = encodingCases();

  it('covers every stored row', () => {
    expect(cases.map((c) => c.name).sort()).toEqual(Object.keys(rows).sort());
  });

  it.each(cases.map((c) => [c.name, c] as const))('writes %s as before', (name, c) => {
    expect(encodeStep(c.record, c.previous, c.standalone)).toBe(rows[name]);
    // Again, now that what is learnt about settled values is kept.
    expect(encodeStep(c.record, c.previous, c.standalone)).toBe(rows[name]);
  });
});
