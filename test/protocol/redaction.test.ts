import { describe, expect, it } from 'vitest';
import type { Json } from '../../src/core/stepRecord.js';
import {
  containsNoEcho,
  redactCustomResource,
  redactJson,
  redactRecord,
  redactRecordNoting,
  redactUrl,
  REDACTED,
} from '../../src/protocol/redaction.js';
import { buildRecords } from '../contracts/fixtureMachine.js';

const URL_ =
  'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/arn%3Aaws%3Acloudformation%3Aeu-west-1%3A123' +
  '/stack/x?X-Amz-Algorithm=AWS4&X-Amz-Signature=deadbeef';

describe('redaction', () => {
  it('keeps origin and a path prefix of response URLs, never the query string', () => {
    const shown = redactUrl(URL_);
    expect(shown).toBe(
      'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/arn%3Aaws%3Acloudformat…redacted…',
    );
    expect(redactUrl('not a url ?sig=1')).toBe('…redacted…');
  });

  it('shortens every ResponseURL-like key at any depth', () => {
    const out = redactJson({
      a: [{ ResponseURL: URL_, InnerResponseURL: URL_, IntranetResponseURL: URL_, responseUrl: URL_ }],
    }) as { a: Record<string, string>[] };
    const row = out.a[0]!;
    for (const key of ['ResponseURL', 'InnerResponseURL', 'IntranetResponseURL', 'responseUrl'])
      expect(row[key]).not.toContain('Signature');
  });

  it('hides Data values when NoEcho is set in the same value or by the caller', () => {
    const response: Json = { Status: 'SUCCESS', NoEcho: true, Data: { Password: 'hunter2', Port: 5432 } };
    expect(containsNoEcho(response)).toBe(true);
    expect(redactJson(response)).toEqual({
      Status: 'SUCCESS',
      NoEcho: true,
      Data: { Password: REDACTED, Port: REDACTED },
    });
    const later: Json = { context: { response: { Data: { Password: 'hunter2' } } } };
    expect(JSON.stringify(redactJson(later))).toContain('hunter2');
    expect(JSON.stringify(redactJson(later, { noEcho: true }))).not.toContain('hunter2');
    expect(containsNoEcho({ NoEcho: 'false' })).toBe(false);
  });

  it('never gives an output object a prototype chosen by user data (a key named __proto__)', () => {
    const value = JSON.parse('{"a":{"__proto__":{"x":1},"b":2}}') as Json;
    const out = redactJson(value) as { a: Record<string, Json> };
    expect(Object.getPrototypeOf(out.a)).toBe(Object.prototype);
    expect(out.a['b']).toBe(2);
  });

  it('hides keys a machine declared secret and leaves the rest of a record intact', () => {
    const [record] = buildRecords('r-1', [], 1_700_000_000_000, 'secret-title');
    const out = redactRecord(record!, { secretKeys: ['title'] });
    expect(JSON.stringify(out)).not.toContain('secret-title');
    expect(out.stateAfter).toBe(record!.stateAfter);
    expect(out.version).toBe(1);
    expect(JSON.stringify(record)).toContain('secret-title'); // the input is not changed
  });

  it('shows a response URL in one form, whichever entry point redacts it', () => {
    const value: Json = { context: { responseUrl: URL_, event: { ResponseURL: URL_ } } };
    const expected = { context: { responseUrl: redactUrl(URL_), event: { ResponseURL: redactUrl(URL_) } } };
    expect(redactJson(value)).toEqual(expected);
    expect(redactCustomResource(value)).toEqual(expected);
  });

  it('reads a record once for NoEcho and once to copy it, and says whether NoEcho applied', () => {
    const [record] = buildRecords('r-2', []);
    let reads = 0;
    // Each walk over the record lists its top-level members once; count those listings.
    const counted = new Proxy(record!, {
      ownKeys: (target) => {
        reads += 1;
        return Reflect.ownKeys(target);
      },
    });
    const plain = redactRecordNoting(counted);
    expect({ reads, noEcho: plain.noEcho }).toEqual({ reads: 2, noEcho: false });
    reads = 0;
    const sticky = redactRecordNoting(counted, { noEcho: true });
    expect({ reads, noEcho: sticky.noEcho }).toEqual({ reads: 1, noEcho: true });
    const answered = { ...record!, event: { type: 'respond', answer: { NoEcho: true, Data: { Password: 'pw' } } } };
    expect(redactRecordNoting(answered)).toMatchObject({
      noEcho: true,
      record: { event: { answer: { Data: { Password: REDACTED } } } },
    });
  });
});
