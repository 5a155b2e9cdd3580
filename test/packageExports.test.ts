import { describe, expect, it } from 'vitest';
import * as root from 'statebridge';
import * as dynamodb from 'statebridge/dynamodb';
import * as testing from 'statebridge/testing';

describe('package entry points', () => {
  it('resolve by package name, as users import them', () => {
    expect(typeof root.createRuntime).toBe('function');
    expect(typeof root.SqliteEventStore).toBe('function');
    expect(typeof dynamodb.DynamodbEventStore).toBe('function');
    expect(typeof testing.checkLifecycle).toBe('function');
    expect(typeof testing.VirtualClock).toBe('function');
  });
});

describe('AWS entry points', () => {
  it('resolve by package name', async () => {
    const aws = await import('statebridge/aws');
    const lambda = await import('statebridge/lambda');
    expect(typeof aws.createIngressHandler).toBe('function');
    expect(typeof aws.createSweeperHandler).toBe('function');
    expect(typeof aws.createFunctionHandler).toBe('function');
    expect(typeof lambda.LambdaFunctionInvoker).toBe('function');
  });
});
