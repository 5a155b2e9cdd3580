import { describe, expect, it } from 'vitest';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { LambdaDestination, SqsDestination } from '../../src/app/functions/destinations.js';
import { invocationInputFor, visitsAfter } from '../../src/app/functions/invocationInputs.js';
import { isSettledJson } from '../../src/core/sharedJson.js';
import { LOCAL_ARN_SCOPE, type ArnScope } from '../../src/protocol/invocation/config.js';
import { plainInvocationInput } from '../../src/protocol/invocation/plainInvocationInput.js';
import { buildInvocationRecord } from '../../src/protocol/invocation/record.js';

const audit = defineFunction('audit', () => null);
const resize = defineFunction('resize', () => null, {
  maximumRetryAttempts: 1,
  onSuccess: new LambdaDestination(audit),
  onFailure: new SqsDestination('failed-resizes'),
  deadLetterQueue: { kind: 'queue', queueName: 'resize-dlq' },
});
const OTHER_SCOPE: ArnScope = { account: '123456789012', region: 'eu-west-1', functionNamePrefix: 'prod-' };

const request = (requestId: string) => ({
  requestId,
  payload: { key: requestId },
  acceptedAt: 1_000,
  retryDelayScale: 1,
  chain: { visits: { resize: 1 }, trigger: { kind: 'invoke' as const } },
});

describe('the input of an invocation', () => {
  it('shares one frozen config among the invocations of a function, which the accepted input keeps', () => {
    const first = invocationInputFor(resize, request('r1'), LOCAL_ARN_SCOPE);
    const second = invocationInputFor(resize, request('r2'), LOCAL_ARN_SCOPE);
    expect(second.config).toBe(first.config);
    expect(isSettledJson(first.config)).toBe(true);
    expect(Object.isFrozen(first.config)).toBe(true);
    expect(plainInvocationInput(first)?.config).toBe(plainInvocationInput(second)?.config);
    expect(first.config).toEqual({
      maximumRetryAttempts: 1,
      maximumEventAgeInSeconds: 21600,
      timeoutSeconds: 3,
      onSuccess: { type: 'function', name: 'audit', arn: 'arn:aws:lambda:local:000000000000:function:audit' },
      onFailure: { type: 'queue', name: 'failed-resizes', arn: 'arn:aws:sqs:local:000000000000:failed-resizes' },
      deadLetterQueue: { type: 'queue', name: 'resize-dlq', arn: 'arn:aws:sqs:local:000000000000:resize-dlq' },
    });
  });

  it('names the ARNs of the scope it is asked for, whichever scope came first', () => {
    const local = invocationInputFor(resize, request('r1'), LOCAL_ARN_SCOPE);
    const other = invocationInputFor(resize, request('r2'), OTHER_SCOPE);
    expect(other.functionArn).toBe('arn:aws:lambda:eu-west-1:123456789012:function:prod-resize');
    expect(other.config.onSuccess?.arn).toBe('arn:aws:lambda:eu-west-1:123456789012:function:prod-audit');
    expect(invocationInputFor(resize, request('r3'), LOCAL_ARN_SCOPE).functionArn).toBe(local.functionArn);
    expect(local.functionArn).toBe('arn:aws:lambda:local:000000000000:function:resize');
  });
});

describe('the visits of a chain', () => {
  it('counts a function reached once more after the ones before it, leaving the given visits as they were', () => {
    const visits = Object.freeze({ resize: 1 });
    expect(Object.entries(visitsAfter(visits, 'audit'))).toEqual([
      ['resize', 1],
      ['audit', 1],
    ]);
    expect(visitsAfter(visitsAfter(visits, 'audit'), 'resize')).toEqual({ resize: 2, audit: 1 });
    expect(visits).toEqual({ resize: 1 });
  });

  it('keeps a function named __proto__ as a visit of its own', () => {
    const after = visitsAfter({ resize: 1 }, '__proto__');
    expect(Object.hasOwn(after, '__proto__')).toBe(true);
    expect(Object.keys(after)).toEqual(['resize', '__proto__']);
  });
});

describe('the invocation record', () => {
  it('is stamped with the moment it is written, one record after another', () => {
    const fields = {
      requestId: 'r1',
      functionArn: 'arn:aws:lambda:local:000000000000:function:resize:$LATEST',
      condition: 'Success' as const,
      approximateInvokeCount: 1,
      requestPayload: { key: 'a' },
      response: { payload: 'ok' },
    };
    const stamps = [0, 0, 60_000, 1_767_225_600_123, 0].map((at) => buildInvocationRecord(fields, at).timestamp);
    expect(stamps).toEqual([
      '1970-01-01T00:00:00.000Z',
      '1970-01-01T00:00:00.000Z',
      '1970-01-01T00:01:00.000Z',
      '2026-01-01T00:00:00.123Z',
      '1970-01-01T00:00:00.000Z',
    ]);
    expect(Object.keys(buildInvocationRecord(fields, 0))).toEqual([
      'version',
      'timestamp',
      'requestContext',
      'requestPayload',
      'responseContext',
      'responsePayload',
    ]);
  });
});
