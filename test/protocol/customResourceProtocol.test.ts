import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { coerceProperties, parseResourceProperties } from '../../src/protocol/customResource/coerce.js';
import { deterministicPhysicalId, physicalIdProblem } from '../../src/protocol/customResource/physicalId.js';
import { redactCustomResource, redactUrl } from '../../src/protocol/redaction.js';
import { checkRequestShape } from '../../src/protocol/customResource/request.js';
import { decideResponseBody, truncateMiddle } from '../../src/protocol/customResource/responseBody.js';
import { parseRosServiceToken } from '../../src/protocol/customResource/serviceToken.js';
import { effectiveTimeoutSeconds, putBackoffMs, requestDeadlines } from '../../src/protocol/customResource/timeouts.js';

const echo = {
  provider: 'cloudformation' as const,
  RequestType: 'Create' as const,
  StackId: 'stack-1',
  RequestId: 'r-1',
  LogicalResourceId: 'Res',
};

describe('ROS ServiceToken', () => {
  it('parses FC 2.0 and 3.0, MNS queues and topics, and web tokens with options', () => {
    expect(parseRosServiceToken('acs:fc:cn-hangzhou:123:services/svc/functions/fn')).toEqual({
      kind: 'fc',
      region: 'cn-hangzhou',
      account: '123',
      service: 'svc',
      functionName: 'fn',
    });
    expect(parseRosServiceToken('acs:fc:cn-hangzhou:123:functions/fn')).toEqual({
      kind: 'fc',
      region: 'cn-hangzhou',
      account: '123',
      functionName: 'fn',
    });
    expect(parseRosServiceToken('acs:mns:cn-hangzhou:123:queues/q1')).toMatchObject({ kind: 'mns-queue', name: 'q1' });
    expect(parseRosServiceToken('acs:mns:cn-hangzhou:123:/topics/t1')).toMatchObject({ kind: 'mns-topic', name: 't1' });
    expect(parseRosServiceToken('web[sync,idempotent]:https://example.com/hook')).toEqual({
      kind: 'http',
      url: 'https://example.com/hook',
      sync: true,
      idempotent: true,
    });
    expect(parseRosServiceToken('web:http://example.com')).toEqual({
      kind: 'http',
      url: 'http://example.com',
      sync: false,
      idempotent: false,
    });
  });

  it('names the rule a bad token breaks', () => {
    expect(() => parseRosServiceToken('web[fast]:https://x.com')).toThrow(/unknown web option\(s\) fast/);
    expect(() => parseRosServiceToken('web:ftp://x.com')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => parseRosServiceToken('acs:fc:cn-hangzhou:123:fn')).toThrow(/FC token/);
    expect(() => parseRosServiceToken(`web:https://x.com/${'a'.repeat(520)}`)).toThrow(/at most 512 characters/);
    expect(() => parseRosServiceToken('arn:aws:lambda:x')).toThrow(/ServiceToken: must start with acs:fc:/);
  });
});

describe('request shape', () => {
  const base = {
    RequestId: 'r',
    StackId: 's',
    LogicalResourceId: 'L',
    ResponseURL: 'https://x.invalid/r?sig=1',
    ResourceProperties: {},
  };
  it('requires an id on Update and Delete, forbids it on Create, and refuses unknown types and bad type names', () => {
    expect(checkRequestShape('cloudformation', { ...base, RequestType: 'Create', ResourceType: 'Custom::A' }).ok).toBe(
      true,
    );
    expect(
      checkRequestShape('cloudformation', {
        ...base,
        RequestType: 'Create',
        ResourceType: 'Custom::A',
        PhysicalResourceId: 'x',
      }),
    ).toMatchObject({ ok: false, problems: [expect.stringMatching(/carries no PhysicalResourceId/)] });
    expect(
      checkRequestShape('cloudformation', {
        ...base,
        RequestType: 'Update',
        ResourceType: 'Custom::A',
        PhysicalResourceId: 'p',
      }),
    ).toMatchObject({ ok: false, problems: [expect.stringMatching(/OldResourceProperties/)] });
    expect(checkRequestShape('cloudformation', { ...base, RequestType: 'Delete', ResourceType: 'Custom::A' }).ok).toBe(
      false,
    );
    expect(
      checkRequestShape('cloudformation', { ...base, RequestType: 'Upsert', ResourceType: 'Custom::A' }),
    ).toMatchObject({ ok: false, problems: [expect.stringMatching(/Create, Update or Delete/)] });
    expect(
      checkRequestShape('cloudformation', { ...base, RequestType: 'Create', ResourceType: 'Custom::Has Space' }).ok,
    ).toBe(false);
    expect(
      checkRequestShape('cloudformation', { ...base, RequestType: 'Create', ResourceType: `Custom::${'a'.repeat(60)}` })
        .ok,
    ).toBe(false);
    expect(
      checkRequestShape('ros', { ...base, RequestType: 'Create', ResourceType: `Custom::${'a'.repeat(60)}` }).ok,
    ).toBe(true);
  });
});

describe('deadlines', () => {
  it('reads ServiceTimeout and ROS Timeout within their ranges, and fixes 10 s for ROS sync', () => {
    expect(effectiveTimeoutSeconds('cloudformation', {})).toBe(3600);
    expect(effectiveTimeoutSeconds('cloudformation', { serviceTimeout: '60' })).toBe(60);
    expect(effectiveTimeoutSeconds('cloudformation', { serviceTimeout: '9999' })).toBe(3600);
    expect(effectiveTimeoutSeconds('ros', {})).toBe(60);
    expect(effectiveTimeoutSeconds('ros', { rosTimeout: 43_200 })).toBe(43_200);
    expect(effectiveTimeoutSeconds('ros', { rosTimeout: 600, rosSync: true })).toBe(10);
    expect(requestDeadlines(1000, 60)).toEqual({ timeoutMs: 60_000, decideBy: 1000 + 54_000, deliverBy: 61_000 });
    expect(requestDeadlines(0, 10).decideBy).toBe(9_000);
    expect([1, 2, 3, 6, 10].map(putBackoffMs)).toEqual([1000, 2000, 4000, 30_000, 30_000]);
  });
});

describe('response body rules', () => {
  it('gives a deterministic, non-empty id on Create and keeps the request id on Delete', () => {
    const a = decideResponseBody(echo, { Status: 'FAILED', Reason: 'x' });
    expect(a.PhysicalResourceId).toBe(deterministicPhysicalId('stack-1', 'Res', 'r-1'));
    expect(deterministicPhysicalId('stack-1', 'Res', 'r-2')).not.toBe(a.PhysicalResourceId);
    expect(
      decideResponseBody({ ...echo, RequestType: 'Delete', PhysicalResourceId: 'keep' }, { Status: 'SUCCESS' })
        .PhysicalResourceId,
    ).toBe('keep');
    expect(decideResponseBody(echo, { Status: 'SUCCESS', PhysicalResourceId: '' })).toMatchObject({
      Status: 'FAILED',
      Reason: /must not be empty/,
    });
    expect(physicalIdProblem('ros', 'x'.repeat(256))).toMatch(/255-byte/);
  });

  it('fills a missing FAILED reason and drops Data from FAILED answers', () => {
    expect(decideResponseBody(echo, { Status: 'FAILED', Data: { a: 'b' } })).toEqual({
      Status: 'FAILED',
      Reason: 'the handler reported a failure without a reason',
      PhysicalResourceId: deterministicPhysicalId('stack-1', 'Res', 'r-1'),
      StackId: 'stack-1',
      RequestId: 'r-1',
      LogicalResourceId: 'Res',
    });
  });

  it('truncates a long Reason keeping head and tail within 4096 bytes', () => {
    const reason = `HEAD-${'é'.repeat(5000)}-TAIL`;
    const body = decideResponseBody(echo, { Status: 'FAILED', Reason: reason });
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThanOrEqual(4096);
    expect(body.Reason).toMatch(/^HEAD-é+ … \[\d+ bytes cut\] … é+-TAIL$/);
  });

  it('truncateMiddle never splits a character and respects tiny budgets', () => {
    expect(truncateMiddle('short', 10)).toBe('short');
    const cut = truncateMiddle('😀'.repeat(100), 60);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(60);
    expect(cut).not.toMatch(/\uFFFD/);
    expect(Buffer.byteLength(truncateMiddle('abcdefghij'.repeat(10), 5))).toBeLessThanOrEqual(5);
  });
});

describe('property coercion', () => {
  const schema = z.object({
    Count: z.number().int(),
    Enabled: z.boolean(),
    Label: z.string(),
    Ports: z.array(z.number()),
    Nested: z.object({ On: z.boolean() }).optional(),
    Mode: z.union([z.literal(1), z.literal('auto')]),
  });
  it('turns stringified numbers and booleans into what the schema asks for and leaves strings alone', () => {
    expect(
      coerceProperties(schema, {
        Count: '14',
        Enabled: 'false',
        Label: '14',
        Ports: ['80', '443'],
        Nested: { On: 'true' },
        Mode: '1',
      }),
    ).toEqual({ Count: 14, Enabled: false, Label: '14', Ports: [80, 443], Nested: { On: true }, Mode: 1 });
    expect(
      parseResourceProperties(schema, { Count: 'x', Enabled: 'true', Label: 'a', Ports: [], Mode: 'auto' }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/ResourceProperties\.Count: /) });
  });
});

describe('redaction', () => {
  it('hides the ResponseURL signature always and Data values under NoEcho', () => {
    expect(redactUrl('https://bucket.s3.amazonaws.com/arn%3Aaws/abc?X-Amz-Signature=secret')).not.toMatch(/secret/);
    const record = {
      context: {
        responseUrl: 'https://h/x?sig=secret',
        event: { ResponseURL: 'https://h/x?sig=secret' },
        response: { NoEcho: true, Data: { Password: 'hunter2-secret' } },
      },
    };
    const shown = JSON.stringify(redactCustomResource(record));
    expect(shown).not.toMatch(/secret/);
    expect(shown).toMatch(/"Password":"\*\*\*\*"/);
    expect(JSON.stringify(redactCustomResource({ Data: { Visible: 'yes' } }))).toMatch(/Visible":"yes/);
  });
});
