import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '../../src/adapters/dynamodb/tableSchema.js';
import { AWS_ENV, INGRESS_EVENT_PATTERN, OVERDUE_METRIC, RESPONSE_ONLY_ALIAS_PREFIX } from '../../src/aws/contract.js';
import { Statebridge } from '../../src/cdk/index.js';

const DEMO_APP = 'infra/demoApp.ts';

type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

let template: Template;
let statebridge: Statebridge;

function synth(props: Partial<ConstructorParameters<typeof Statebridge>[2]> = {}) {
  const stack = new Stack(new App(), 'Lifecycles', { env: { account: '123456789012', region: 'eu-west-1' } });
  const construct = new Statebridge(stack, 'Lifecycles', { app: DEMO_APP, ...props });
  return { construct, template: Template.fromStack(stack) };
}

beforeAll(() => {
  ({ construct: statebridge, template } = synth());
});

const resourcesOf = (type: string) => Object.values(template.findResources(type)) as Resource[];

describe('Statebridge construct: the event table', () => {
  it('has exactly the keys, attributes and indexes of the store schema', () => {
    const schema = tableDefinition('x');
    const [table] = resourcesOf('AWS::DynamoDB::Table');
    expect(resourcesOf('AWS::DynamoDB::Table')).toHaveLength(1);
    const props = table!.Properties as Record<
      string,
      { AttributeName: string; AttributeType?: string; KeyType?: string }[]
    > &
      Record<string, unknown>;
    expect(props['BillingMode']).toBe(schema.BillingMode);
    expect(props['KeySchema']).toEqual(schema.KeySchema);
    expect(props['AttributeDefinitions']).toEqual(schema.AttributeDefinitions);
    expect(props['LocalSecondaryIndexes']).toEqual(schema.LocalSecondaryIndexes);
    expect(props['GlobalSecondaryIndexes']).toEqual(schema.GlobalSecondaryIndexes);
    expect(props['TableName']).toBeUndefined();
  });

  it('keeps point-in-time recovery on and the table retained by default', () => {
    const [table] = resourcesOf('AWS::DynamoDB::Table');
    expect(table!.Properties['PointInTimeRecoverySpecification']).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table!.DeletionPolicy).toBe('Retain');
    expect(table!.UpdateReplacePolicy).toBe('Retain');
  });

  it('honours another removal policy, shard count and function prefix when asked', () => {
    const other = synth({
      tableRemovalPolicy: RemovalPolicy.DESTROY,
      indexShards: 4,
      functionNamePrefix: 'orders-',
    }).template;
    const [table] = Object.values(other.findResources('AWS::DynamoDB::Table')) as Resource[];
    expect(table!.DeletionPolicy).toBe('Delete');
    other.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.ingress',
      Environment: {
        Variables: Match.objectLike({ [AWS_ENV.indexShards]: '4', [AWS_ENV.functionNamePrefix]: 'orders-' }),
      },
    });
    other.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'orders-demo-upload' });
  });
});

describe('Statebridge construct: functions', () => {
  it('runs every Lambda function on Node.js 22 from the locally bundled asset', () => {
    const functions = resourcesOf('AWS::Lambda::Function');
    // ingress, sweeper and the demo's three registered functions
    expect(functions).toHaveLength(5);
    for (const fn of functions) expect(fn.Properties['Runtime']).toBe('nodejs22.x');
    expect(functions.map((f) => f.Properties['Handler']).sort()).toEqual([
      'index.ingress',
      'index.invokeFunction',
      'index.invokeFunction',
      'index.invokeFunction',
      'index.sweeper',
    ]);
  });

  it('gives the ingress and the sweeper the contract environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.ingress',
      Environment: {
        Variables: Match.objectLike({
          [AWS_ENV.table]: { Ref: Match.stringLikeRegexp('Events') },
          [AWS_ENV.bus]: { Ref: Match.stringLikeRegexp('Bus') },
          [AWS_ENV.timerStateMachineArn]: Match.anyValue(),
          [AWS_ENV.indexShards]: '16',
          [AWS_ENV.functionNamePrefix]: 'statebridge-',
        }),
      },
      DeadLetterConfig: { TargetArn: Match.anyValue() },
    });
  });

  it('deploys each registered function under the prefix, with its timeout and name', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'statebridge-demo-resize',
      Handler: 'index.invokeFunction',
      Timeout: 3,
      Environment: { Variables: Match.objectLike({ [AWS_ENV.functionName]: 'demo-resize' }) },
    });
    expect([...statebridge.functions.byName.keys()].sort()).toEqual(['demo-audit-log', 'demo-resize', 'demo-upload']);
  });

  it('outputs the ingress ARN as the ServiceToken', () => {
    template.hasOutput('*', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('Ingress'), 'Arn'] },
      Description: Match.stringLikeRegexp('ServiceToken'),
    });
  });
});

describe('Statebridge construct: rules', () => {
  it('routes statebridge events on its own bus to the ingress', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: Match.stringLikeRegexp('Bus') },
      EventPattern: INGRESS_EVENT_PATTERN,
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Ingress'), 'Arn'] },
          DeadLetterConfig: Match.anyValue(),
        }),
      ],
    });
  });

  it('runs the sweeper every minute', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Sweeper'), 'Arn'] } })],
    });
  });

  it('writes a responseOnly rule as CDK does: default bus, source results, InputPath $.detail.responsePayload', () => {
    const rules = resourcesOf('AWS::Events::Rule').filter(
      (r) => r.Properties['Targets'] !== undefined && JSON.stringify(r.Properties).includes('responsePayload'),
    );
    expect(rules).toHaveLength(1);
    const [rule] = rules;
    expect(rule!.Properties['EventBusName']).toBe('default');
    const pattern = rule!.Properties['EventPattern'] as Record<string, unknown>;
    expect(pattern['source']).toEqual(['lambda']);
    expect(pattern['detail-type']).toEqual(['Lambda Function Invocation Result - Success']);
    expect(JSON.stringify(pattern['resources'])).toContain('function:statebridge-demo-upload:$LATEST');
    const [target] = rule!.Properties['Targets'] as { InputPath: string; Arn: unknown }[];
    expect(target!.InputPath).toBe('$.detail.responsePayload');
    expect(JSON.stringify(target!.Arn)).toContain('ResponseOnly');
    template.hasResourceProperties('AWS::Lambda::Alias', {
      Name: `${RESPONSE_ONLY_ALIAS_PREFIX}demo-resize`,
      FunctionName: { Ref: Match.stringLikeRegexp('Ingress') },
    });
  });
});

describe('Statebridge construct: timers, DLQ, alarms', () => {
  it('deploys the timer state machine as a Standard machine invoking the ingress', () => {
    const [machine] = resourcesOf('AWS::StepFunctions::StateMachine');
    expect(machine!.Properties['StateMachineType']).toBe('STANDARD');
    const definition = JSON.stringify(machine!.Properties['DefinitionString']);
    expect(definition).toContain('TimestampPath');
    expect(definition).toContain('$.dueAt');
    expect(definition).toMatch(/Ingress[0-9A-F]*\\",\s*\\"Arn|Ingress[0-9A-F]*","Arn/);
  });

  it('has a dead-letter queue and alarms on ingress errors, DLQ depth and overdue instances', () => {
    expect(resourcesOf('AWS::SQS::Queue')).toHaveLength(1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('Ingress') } }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: OVERDUE_METRIC.name,
      Namespace: OVERDUE_METRIC.namespace,
      Dimensions: [{ Name: OVERDUE_METRIC.dimension, Value: { Ref: Match.stringLikeRegexp('Events') } }],
    });
  });
});
