import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_SOURCE_ALIAS_PREFIX } from '../../src/aws/contract.js';
import { Statebridge } from '../../src/cdk/index.js';

// The shipped media App: one function per kind of source.
const MEDIA_APP = 'infra/mediaApp.ts';
const ARN = (service: string, resource: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:eu-west-1:123456789012:${resource}`]],
});

type Resource = { Type: string; Properties: Record<string, unknown> };
let template: Template;
let statebridge: Statebridge;
let stack: Stack;

beforeAll(() => {
  stack = new Stack(new App(), 'Media', { env: { account: '123456789012', region: 'eu-west-1' } });
  statebridge = new Statebridge(stack, 'Media', { app: MEDIA_APP });
  template = Template.fromStack(stack);
}, 180_000);

const resourcesOf = (type: string) => template.findResources(type) as Record<string, Resource>;
/** `{ Ref }` of the ingress alias named `app-<name>`: how every source names its target. */
function aliasRef(name: string): { Ref: string } {
  const entry = Object.entries(resourcesOf('AWS::Lambda::Alias')).find(
    ([, r]) => r.Properties['Name'] === `${APP_SOURCE_ALIAS_PREFIX}${name}`,
  );
  if (entry === undefined) throw new Error(`no alias for ${name}`);
  return { Ref: entry[0] };
}
const ingressId = () => stack.getLogicalId(statebridge.ingress.node.defaultChild as never);

describe('App sources: the ingress aliases', () => {
  it('gives each App function with a source one alias app-<name> on the ingress’s current version', () => {
    const names = Object.values(resourcesOf('AWS::Lambda::Alias'))
      .map((r) => String(r.Properties['Name']))
      .sort();
    expect(names).toEqual(
      [
        'auditMedia',
        'countClicks',
        'listMedia',
        'mediaObject',
        'notify',
        'onRawObject',
        'reindex',
        'resize',
        'stats',
        'tokenAuth',
        'weekdayReport',
        'work',
        'wsConnect',
        'wsDisconnect',
        'wsMessage',
      ].map((n) => `${APP_SOURCE_ALIAS_PREFIX}${n}`),
    );
    template.hasResourceProperties('AWS::Lambda::Alias', {
      Name: 'app-resize',
      FunctionName: { Ref: ingressId() },
      FunctionVersion: { 'Fn::GetAtt': [Match.stringLikeRegexp('IngressCurrentVersion'), 'Version'] },
    });
    expect([...statebridge.appSources.aliases.keys()]).not.toContain('greet');
  });
});

describe('App sources: rules on the default bus', () => {
  it('fires a schedule rule with the registration’s expression at the alias, with the deployment’s DLQ', () => {
    const rule = statebridge.appSources.rules.get('weekdayReport')!;
    template.hasResource('AWS::Events::Rule', {
      Properties: {
        ScheduleExpression: 'cron(15 10 ? * MON-FRI *)',
        Targets: [Match.objectLike({ Arn: aliasRef('weekdayReport'), DeadLetterConfig: Match.anyValue() })],
      },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'events.amazonaws.com',
      FunctionName: aliasRef('weekdayReport'),
      SourceArn: { 'Fn::GetAtt': [stack.getLogicalId(rule.node.defaultChild as never), 'Arn'] },
    });
  });

  it('keeps a pattern as written (detail-type, detail and content filters) on the default bus', () => {
    const [rule] = Object.values(resourcesOf('AWS::Events::Rule')).filter((r) =>
      JSON.stringify(r.Properties['Targets']).includes(aliasRef('onRawObject').Ref),
    );
    expect(rule!.Properties['EventPattern']).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { object: { key: [{ prefix: 'raw/' }] } },
    });
    expect(rule!.Properties['EventBusName']).toBeUndefined();
  });
});

describe('App sources: S3 and SNS', () => {
  it('adds one notification per event type to the imported bucket, with the prefix filter, to the alias', () => {
    const filter = { Key: { FilterRules: [{ Name: 'prefix', Value: 'images/' }] } };
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: 'media-uploads',
      Managed: false,
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          { Events: ['s3:ObjectCreated:*'], Filter: filter, LambdaFunctionArn: aliasRef('resize') },
          { Events: ['s3:ObjectRemoved:Delete'], Filter: filter, LambdaFunctionArn: aliasRef('resize') },
        ],
      },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 's3.amazonaws.com',
      FunctionName: aliasRef('resize'),
      SourceAccount: '123456789012',
    });
  });

  it('runs the notification custom resource from inline code: no asset to build, no Docker', () => {
    const handlers = Object.values(resourcesOf('AWS::Lambda::Function')).filter(
      (f) =>
        f.Properties['Description'] ===
        'AWS CloudFormation handler for "Custom::S3BucketNotifications" resources (@aws-cdk/aws-s3)',
    );
    expect(handlers).toHaveLength(1);
    expect(handlers[0]!.Properties['Code']).toEqual({ ZipFile: expect.any(String) });
  });

  it('subscribes the alias to the topic named, as an ARN of this stack’s account and region', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: aliasRef('notify'),
      TopicArn: ARN('sns', 'media-alerts'),
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'sns.amazonaws.com',
      FunctionName: aliasRef('notify'),
      SourceArn: ARN('sns', 'media-alerts'),
    });
  });
});

describe('App sources: event source mappings', () => {
  const aliasName = (name: string) => ({
    'Fn::Join': ['', [{ 'Fn::Select': [6, { 'Fn::Split': [':', aliasRef(name)] }] }, `:app-${name}`]],
  });
  const policyDocuments = () =>
    Object.values(resourcesOf('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties['Roles']).includes('RuntimeRole'))
      .map((p) => JSON.stringify(p.Properties['PolicyDocument']));

  it('maps the queue to the alias with the batch settings and partial batch failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: ARN('sqs', 'media-jobs'),
      FunctionName: aliasName('work'),
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('maps the Kinesis stream with starting position, retries, record age, bisection and on-failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: ARN('kinesis', 'stream/media-clicks'),
      FunctionName: aliasName('countClicks'),
      BatchSize: 200,
      StartingPosition: 'TRIM_HORIZON',
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 3600,
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: ARN('sqs', 'media-clicks-failed') } },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('maps the table stream by its ARN, leaving Lambda’s unlimited retries and age as they are', () => {
    const streamArn = 'arn:aws:dynamodb:eu-west-1:123456789012:table/media/stream/2026-01-01T00:00:00.000';
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: streamArn,
      FunctionName: aliasName('auditMedia'),
      StartingPosition: 'LATEST',
      MaximumRetryAttempts: Match.absent(),
      MaximumRecordAgeInSeconds: Match.absent(),
      DestinationConfig: { OnFailure: { Destination: ARN('sns', 'media-audit-failed') } },
    });
    expect(policyDocuments().join()).toContain(
      `"dynamodb:GetRecords","dynamodb:GetShardIterator"],"Effect":"Allow","Resource":"${streamArn}"`,
    );
  });

  it('lets the ingress’s role poll each queue and stream and send to each on-failure destination', () => {
    const policies = policyDocuments().join();
    for (const action of [
      'sqs:ReceiveMessage',
      'sqs:DeleteMessage',
      'kinesis:GetRecords',
      'sns:Publish',
      'sqs:SendMessage',
    ])
      expect(policies).toContain(`"${action}"`);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['sqs:ReceiveMessage']), Resource: ARN('sqs', 'media-jobs') }),
          Match.objectLike({
            Action: Match.arrayWith(['kinesis:GetRecords']),
            Resource: ARN('kinesis', 'stream/media-clicks'),
          }),
        ]),
      },
    });
    expect(Object.keys(resourcesOf('AWS::Lambda::EventSourceMapping'))).toHaveLength(3);
  });
});
