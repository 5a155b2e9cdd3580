import { RemovalPolicy } from 'aws-cdk-lib';
import { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { tableDefinition } from '../adapters/dynamodb/tableSchema.js';

/** CreateTable input keys are PascalCase, CloudFormation's L1 props camelCase; the shapes are otherwise the same. */
function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key.charAt(0).toLowerCase() + key.slice(1), camelKeys(inner)]),
  );
}

/**
 * The event table exactly as the DynamoDB store creates it (keys, attributes, indexes and billing come
 * from `tableDefinition`, the one source of truth), with point-in-time recovery on. The table name is
 * left to CloudFormation so two stacks in one account do not collide.
 */
export function createEventTable(
  scope: Construct,
  id: string,
  removalPolicy: RemovalPolicy = RemovalPolicy.RETAIN,
): CfnTable {
  const { TableName: _generatedByCloudFormation, ...definition } = tableDefinition('unused');
  const props = camelKeys(definition) as Omit<
    ConstructorParameters<typeof CfnTable>[2],
    'pointInTimeRecoverySpecification'
  >;
  const table = new CfnTable(scope, id, {
    ...props,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    sseSpecification: { sseEnabled: true },
  });
  table.applyRemovalPolicy(removalPolicy);
  return table;
}
