import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BaseHandler } from '../../src/app/customResource/baseHandler.js';
import type { HandlerRegistry } from '../../src/app/customResource/handlerRegistry.js';
import type { AppModule } from '../../src/app/environment.js';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { functionsFor } from '../../src/app/functions/functionsModule.js';
import { startAwsWorld, type AwsWorld } from './awsWorld.js';

class Noop extends BaseHandler<Record<string, unknown>> {
  async create() {
    return 'made';
  }
  async update() {
    return undefined;
  }
  async delete() {
    return undefined;
  }
}

const app = (handlers: HandlerRegistry): AppModule => ({
  name: 'bad-input-app',
  install(env) {
    handlers.register(
      'Custom::Known',
      new Noop({ properties: z.record(z.string(), z.unknown()), provider: 'cloudformation' }),
    );
    functionsFor(env).register(defineFunction('echo', (payload: unknown) => payload));
  },
});

let world: AwsWorld;
beforeAll(async () => {
  world = await startAwsWorld(app, ['echo']);
});
afterAll(() => world.close());

async function itemCount(): Promise<number> {
  const scan = await world.clients.dynamodb.send(new ScanCommand({ TableName: world.tableName, Select: 'COUNT' }));
  return scan.Count ?? 0;
}

const request = (token: string, extra: Record<string, unknown> = {}) => ({
  RequestType: 'Create',
  ResponseURL: world.inbox.urlFor(token),
  StackId: 'arn:aws:cloudformation:us-east-1:000000000000:stack/shop/1',
  RequestId: `req-${token}`,
  LogicalResourceId: 'Thing',
  ResourceType: 'Custom::Known',
  ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:ingress',
  ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:000000000000:function:ingress' },
  ...extra,
});

describe('bad input at the ingress', () => {
  it.each([
    ['a string', 'hello', /\(input\): must be a JSON object/],
    ['an unrecognised object', { hello: 'world' }, /not a CloudFormation\/ROS request \(RequestType\)/],
    [
      'an event from another source',
      { source: 'aws.s3', 'detail-type': 'Object Created', detail: {} },
      /source: must be "statebridge"/,
    ],
    [
      'a send without an instance id',
      { source: 'statebridge', 'detail-type': 'statebridge.send', detail: { event: { type: 'x' }, eventId: 'e' } },
      /statebridge.send detail.instanceId: must be a non-empty string/,
    ],
    [
      'a send to an instance that does not exist',
      {
        source: 'statebridge',
        'detail-type': 'statebridge.send',
        detail: { instanceId: 'nobody', event: { type: 'x' }, eventId: 'e' },
      },
      /nobody/,
    ],
    [
      'a timer firing without a due time',
      { kind: 'statebridge.timer', streamId: 's', timerKey: 'k' },
      /timer firing dueAt: must be a non-empty string/,
    ],
    [
      'an invoke of an unknown function',
      { kind: 'statebridge.invoke', functionName: 'ghost', payload: {} },
      /functionName: no function is registered as "ghost"/,
    ],
    [
      'an invoke payload over the asynchronous limit',
      { kind: 'statebridge.invoke', functionName: 'echo', payload: { blob: 'x'.repeat(1100 * 1024) } },
      /payload: must be at most \d+ bytes/,
    ],
    [
      'an invoke payload too large for one DynamoDB item',
      { kind: 'statebridge.invoke', functionName: 'echo', payload: { blob: 'x'.repeat(500 * 1024) } },
      /\d+ bytes/,
    ],
  ])('refuses %s with a reason naming the field and rule, and writes nothing', async (_what, input, reason) => {
    const before = await itemCount();
    const result = await world.ingress(input);
    expect(result.ok).toBe(false);
    expect(result.ok === false ? result.reason : '').toMatch(reason);
    expect(await itemCount()).toBe(before);
  });

  it.each([
    [
      'names no registered handler',
      () => request('unknown-handler', { ResourceType: 'Custom::Unknown' }),
      /no custom resource handler is registered as "Custom::Unknown"/,
    ],
    ['has a bad RequestType', () => request('bad-type', { RequestType: 'Upsert' }), /RequestType/],
    [
      'is too large to record',
      () => request('too-large', { ResourceProperties: { ServiceToken: 'x', Blob: 'y'.repeat(420 * 1024) } }),
      /bytes|too large|exceeds/i,
    ],
  ])('answers FAILED, without writing, a CloudFormation request that %s', async (_what, build, reason) => {
    const input = build();
    const before = await itemCount();
    const result = await world.ingress(input);
    expect(result).toMatchObject({ ok: false, input: 'customResource', answeredFailed: true });
    expect(result.ok === false ? result.reason : '').toMatch(reason);
    const token = decodeURIComponent(new URL(input.ResponseURL).pathname.split('/').pop()!);
    const answers = world.inbox.for(token);
    expect(answers).toHaveLength(1);
    expect(JSON.parse(answers[0]!.body)).toMatchObject({
      Status: 'FAILED',
      RequestId: input.RequestId,
      Reason: expect.stringMatching(reason),
    });
    expect(await itemCount()).toBe(before);
  });

  it('takes a good request after all that, so the refusals were not a broken ingress', async () => {
    const result = await world.ingress(request('good'));
    expect(result).toMatchObject({ ok: true, applied: true });
    expect(JSON.parse(world.inbox.for('good')[0]!.body)).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'made',
    });
    expect(await itemCount()).toBeGreaterThan(0);
  });
});
