import { describe, expect, it } from 'vitest';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { SqsDestination } from '../../src/app/functions/destinations.js';

const work = () => 'done';

describe('defineFunction refuses settings that would fail later', () => {
  it('names an unknown setting and suggests the one meant', () => {
    expect(() => defineFunction('resize', work, { maxRetryAttempts: 1 } as never)).toThrow(
      /settings of function resize: maxRetryAttempts: is not a setting; did you mean "maximumRetryAttempts"\?/,
    );
    expect(() => defineFunction('resize', work, { colour: 'red' } as never)).toThrow(
      /colour: is not a setting \(settings: maximumRetryAttempts/,
    );
  });

  it('refuses a string or a plain object where a destination is expected', () => {
    expect(() => defineFunction('resize', work, { onSuccess: 'audit' } as never)).toThrow(
      /onSuccess: must be a destination: new LambdaDestination\(fn\).*; got the string "audit"/,
    );
    expect(() => defineFunction('resize', work, { onFailure: { queueName: 'failed' } } as never)).toThrow(
      /onFailure: must be a destination: .*; got a plain object/,
    );
    expect(() => defineFunction('resize', work, { deadLetterQueue: 'dlq' } as never)).toThrow(
      /deadLetterQueue: must be new SqsDestination\(queueName\) or new SnsDestination\(topicName\); got the string/,
    );
  });

  it('accepts destination objects and known settings', () => {
    const fn = defineFunction('resize', work, {
      maximumRetryAttempts: 1,
      onFailure: new SqsDestination('failed'),
      deadLetterQueue: new SqsDestination('dlq'),
    });
    expect(fn.config.maximumRetryAttempts).toBe(1);
    expect(fn.onFailure).toBeInstanceOf(SqsDestination);
  });
});
