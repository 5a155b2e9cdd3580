import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { Statebridge } from '../../src/cdk/index.js';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
type Policy = { Properties: { PolicyDocument: { Statement: Statement[] }; Roles: { Ref: string }[] } };

let template: Template;

beforeAll(() => {
  const stack = new Stack(new App(), 'Lifecycles', { env: { account: '123456789012', region: 'eu-west-1' } });
  new Statebridge(stack, 'Lifecycles', { app: 'infra/demoApp.ts' });
  template = Template.fromStack(stack);
});

const statements = () =>
  (Object.values(template.findResources('AWS::IAM::Policy')) as Policy[]).flatMap((p) =>
    p.Properties.PolicyDocument.Statement.map((s) => ({ ...s, roles: p.Properties.Roles.map((r) => r.Ref) })),
  );
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resourcesOf = (s: Statement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);
const runtimeStatements = () => statements().filter((s) => s.roles.some((r) => r.startsWith('LifecyclesRuntimeRole')));

describe('Statebridge construct: IAM', () => {
  it('grants no wildcard action and no wildcard resource', () => {
    const all = statements();
    expect(all.length).toBeGreaterThan(5);
    for (const statement of all) {
      for (const action of actionsOf(statement))
        expect(action, JSON.stringify(statement)).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
      for (const resource of resourcesOf(statement)) expect(resource, JSON.stringify(statement)).not.toBe('*');
    }
  });

  it('uses no managed policy (the basic execution policy creates log groups anywhere)', () => {
    for (const role of Object.values(template.findResources('AWS::IAM::Role')) as {
      Properties: Record<string, unknown>;
    }[]) {
      expect(role.Properties['ManagedPolicyArns']).toBeUndefined();
    }
  });

  it('lets the runtime read and write the event table and its indexes, and nothing else in DynamoDB', () => {
    const dynamo = runtimeStatements().filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toHaveLength(1);
    expect(actionsOf(dynamo[0]!).sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(JSON.stringify(resourcesOf(dynamo[0]!))).toMatch(/LifecyclesEvents[0-9A-F]+","Arn"\]\},"\/index\/\*"/);
  });

  it('lets the runtime start timers on its own state machine and stop only that machine’s executions', () => {
    const start = runtimeStatements().find((s) => actionsOf(s).includes('states:StartExecution'));
    expect(JSON.stringify(start?.Resource)).toContain(':stateMachine:Lifecycles-Lifecycles-timers');
    const stop = runtimeStatements().find((s) => actionsOf(s).includes('states:StopExecution'));
    expect(JSON.stringify(stop?.Resource)).toContain(':execution:Lifecycles-Lifecycles-timers:*');
  });

  it('lets the runtime invoke each registered function by its ARN and reach its destinations by name', () => {
    const invoke = runtimeStatements().filter((s) => actionsOf(s).includes('lambda:InvokeFunction'));
    expect(invoke).toHaveLength(3);
    for (const s of invoke) expect(JSON.stringify(s.Resource)).toMatch(/Function(demo|Demo)/);
    const send = runtimeStatements().find(
      (s) => actionsOf(s).includes('sqs:SendMessage') && JSON.stringify(s.Resource).includes('demo-failed-resizes'),
    );
    expect(send).toBeDefined();
  });

  it('lets the timer state machine invoke the ingress and nothing else', () => {
    const timer = statements().filter((s) => s.roles.some((r) => r.startsWith('LifecyclesTimersRole')));
    expect(timer.flatMap(actionsOf)).toEqual(['lambda:InvokeFunction']);
    expect(JSON.stringify(timer.map((s) => s.Resource))).toContain('LifecyclesIngress');
  });
});
