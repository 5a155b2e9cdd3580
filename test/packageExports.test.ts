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
