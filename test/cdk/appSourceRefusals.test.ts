import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { Statebridge } from '../../src/cdk/index.js';
import { cdkEventPatternOf, checkAppSources } from '../../src/cdk/appSourceChecks.js';
import type { AppSourceInventory } from '../../src/cdk/appSourceSpec.js';

const synth = (app: string, props: Record<string, unknown> = {}) => {
  const stack = new Stack(new App(), 'Refusals', { env: { account: '123456789012', region: 'eu-west-1' } });
  new Statebridge(stack, 'Refusals', { app, ...props });
  return Template.fromStack(stack);
};

describe('App sources AWS would refuse are refused at synth time, naming the function and the rule', () => {
  it('refuses a queue whose visibility timeout is below the ingress timeout the mapping invokes', () => {
    expect(() => synth('test/cdk/fixtures/shortVisibilityApp.ts')).toThrow(
      new RegExp(
        "jobs\\.work\\.visibilityTimeoutSeconds: queue jobs's visibility timeout \\(30 s\\) " +
          'must be at least the ingress timeout \\(300 s\\)',
      ),
    );
  });

  it('takes the same queue once the ingress times out within its visibility timeout', () => {
    const template = synth('test/cdk/fixtures/shortVisibilityApp.ts', { ingressTimeout: Duration.seconds(30) });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 1 });
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.ingress', Timeout: 30 });
  }, 180_000);

  it('refuses a route guarded by a built-in authorizer of another App', () => {
    expect(() => synth('test/cdk/fixtures/foreignAuthorizerApp.ts')).toThrow(
      /authorizer: the built-in authorizer "accountsAuth" is not registered on App "shop"/,
    );
  });

  it('refuses a custom authorizer URI that is not a Lambda invocation URI', () => {
    expect(() => synth('test/cdk/fixtures/badAuthorizerUriApp.ts')).toThrow(
      /partners\.deals\.authorizer\.authorizerUri: must be a Lambda authorizer URI/,
    );
  });

  it('refuses a pattern naming a top-level detailType, which CDK would rename to detail-type', () => {
    const entry = (eventPattern: Record<string, unknown>): AppSourceInventory => ({
      app: 'ops',
      function: 'onCommit',
      timeoutSeconds: 3,
      source: { kind: 'cwEvent', eventPattern },
    });
    expect(() => checkAppSources([entry({ detailType: ['x'] })], { ingressTimeoutSeconds: 300 })).toThrow(
      /ops\.onCommit\.eventPattern\.detailType: EventBridge events have no top-level "detailType"/,
    );
    expect(() => checkAppSources([entry({ 'detail-type': ['x'] })], { ingressTimeoutSeconds: 300 })).not.toThrow();
  });
});

describe('bucket notifications S3 would refuse as overlapping', () => {
  const upload = (fn: string, events: string[], filter: { prefix?: string; suffix?: string } = {}) =>
    ({
      app: 'media',
      function: fn,
      timeoutSeconds: 3,
      source: { kind: 's3', bucket: 'img', events, ...filter },
    }) satisfies AppSourceInventory;
  const check =
    (...sources: AppSourceInventory[]) =>
    () =>
      checkAppSources(sources, { ingressTimeoutSeconds: 300 });

  it('refuses a second function on the same bucket, event type and overlapping filters, naming both', () => {
    expect(
      check(
        upload('resize', ['s3:ObjectCreated:*'], { prefix: 'images/' }),
        upload('tag', ['s3:ObjectCreated:Put'], { prefix: 'images/raw/' }),
      ),
    ).toThrow(
      /media\.tag\.events\[0\]: s3:ObjectCreated:Put on bucket img overlaps s3:ObjectCreated:\* of media\.resize/,
    );
    expect(
      check(upload('resize', ['s3:ObjectCreated:*']), upload('tag', ['s3:ObjectCreated:*'], { suffix: '.jpg' })),
    ).toThrow(/media\.tag\.events\[0\]/);
  });

  it('takes notifications told apart by event type, prefix or suffix', () => {
    expect(check(upload('resize', ['s3:ObjectCreated:*']), upload('purge', ['s3:ObjectRemoved:*']))).not.toThrow();
    expect(
      check(
        upload('a', ['s3:ObjectCreated:*'], { prefix: 'a/' }),
        upload('b', ['s3:ObjectCreated:*'], { prefix: 'b/' }),
      ),
    ).not.toThrow();
    expect(
      check(
        upload('a', ['s3:ObjectCreated:*'], { suffix: '.jpg' }),
        upload('b', ['s3:ObjectCreated:*'], { suffix: '.png' }),
      ),
    ).not.toThrow();
    expect(check(upload('a', ['s3:ObjectCreated:Put', 's3:ObjectCreated:Copy']))).not.toThrow();
    const otherBucket = {
      ...upload('b', ['s3:ObjectCreated:*']),
      source: { kind: 's3', bucket: 'docs', events: ['s3:ObjectCreated:*'] },
    };
    expect(check(upload('a', ['s3:ObjectCreated:*']), otherBucket as AppSourceInventory)).not.toThrow();
  });
});

describe('a registration’s event pattern as CDK’s EventPattern', () => {
  it('renames only detail-type and keeps every other key, nested fields and content filters as written', () => {
    const pattern = {
      source: ['aws.codecommit'],
      'detail-type': ['CodeCommit Repository State Change'],
      detail: { 'reference-type': ['branch'], size: [{ numeric: ['>', 0] }], 'detail-type': ['nested'] },
      resources: [{ prefix: 'arn:aws:codecommit:' }],
      $or: [{ account: ['1'] }, { region: [{ 'anything-but': 'us-east-1' }] }],
    };
    expect(cdkEventPatternOf(pattern)).toEqual({
      source: pattern.source,
      detailType: pattern['detail-type'],
      detail: pattern.detail,
      resources: pattern.resources,
      $or: pattern.$or,
    });
  });
});
