import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** A Lambda function's execution role and log group, the role allowed to write to that log group only. */
interface ScopedLambdaRole {
  readonly role: Role;
  readonly logGroup: LogGroup;
}

/**
 * An execution role without the managed basic-execution policy (its `logs:CreateLogGroup` is granted on
 * every log group): logs go to an explicit log group, and the role may write there and nowhere else.
 */
export function scopedLambdaRole(scope: Construct, id: string, description: string): ScopedLambdaRole {
  const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_MONTH });
  const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description });
  role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`${logGroup.logGroupArn}`],
    }),
  );
  return { role, logGroup };
}

/**
 * ARN of a resource in this stack's partition, region and account:
 * `arn:<partition>:<service>:<region>:<account>:<resource>`.
 */
export function stackArn(scope: Construct, service: string, resource: string): string {
  const stack = Stack.of(scope);
  return `arn:${stack.partition}:${service}:${stack.region}:${stack.account}:${resource}`;
}
