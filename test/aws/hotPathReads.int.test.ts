import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BaseHandler } from '../../src/app/customResource/baseHandler.js';
import type { HandlerRegistry } from '../../src/app/customResource/handlerRegistry.js';
import type { AppModule } from '../../src/app/environment.js';
import { defineFunction } from '../../src/app/functions/defineFunction.js';
import { functionsFor } from '../../src/app/functions/functionsModule.js';
import { INVOKE_REQUEST_KIND } from '../../src/aws/contract.js';
import { countAwsRequests, only, type RequestCounts } from '../support/awsProtocol/requestCounter.js';
import { INGRESS_ARN, startAwsWorld, type AwsWorld } from './awsWorld.js';

class Greeting extends BaseHandler<Record<string, unknown>> {
  async create() {
    return 'greeting-1';
  }
  async update() {
    return undefined;
  }
  async delete() {
    return undefined;
  }
}

const flaky = defineFunction('flaky', (_payload: unknown, context) => {
  if (context.attempt === 1) throw new Error('not yet');
  return 'done';
});

const app = (handlers: HandlerRegistry): AppModule => ({
  name: 'hot-path-app',
  install(env) {
    handlers.register(
      'Custom::Greeting',
      new Greeting({ properties: z.record(z.string(), z.unknown()), provider: 'cloudformation' }),
    );
    functionsFor(env).register(flaky);
  },
});

let world: AwsWorld;
let counts: RequestCounts;
beforeAll(async () => {
  world = await startAwsWorld(app, ['flaky']);
  counts = countAwsRequests({ dynamodb: world.clients.dynamodb });
});
afterAll(() => world.close());

const reads = () => Object.entries(only(counts, 'dynamodb')).filter(([operation]) => operation !== 'PutItem');

describe('DynamoDB requests on the hot path', () => {
  it('starts a custom resource and answers it with one PutItem per step and no read', async () => {
    counts.clear();
    const taken = await world.ingress({
      RequestType: 'Create',
      ServiceToken: INGRESS_ARN,
      ResponseURL: world.inbox.urlFor('hot-1'),
      StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/hot/1',
      RequestId: 'hot-1',
      LogicalResourceId: 'Greeting',
      ResourceType: 'Custom::Greeting',
      ResourceProperties: { ServiceToken: INGRESS_ARN },
    });
    expect(taken).toMatchObject({ ok: true, applied: true });
    const puts = only(counts, 'dynamodb');
    expect(reads()).toEqual([]);
    const steps = await world.reader.readHead((taken as { instanceId: string }).instanceId);
    expect(puts).toEqual({ PutItem: steps!.version });
    expect(world.inbox.for('hot-1')).toHaveLength(1);
  });

  it('takes a repeated start with one failed conditional put, then reads to find the duplicate', async () => {
    const invoke = { kind: INVOKE_REQUEST_KIND, functionName: 'flaky', payload: {}, requestId: 'hot-inv' };
    counts.clear();
    expect(await world.ingress(invoke)).toMatchObject({ ok: true, applied: true });
    expect(reads()).toEqual([]);
    const version = (await world.reader.readHead('hot-inv'))!.version;

    // A fresh container (nothing cached) gets the same request: its put of version 1 fails, then it reads.
    const cold = world.coldIngress();
    counts.clear();
    expect(await cold(invoke)).toMatchObject({ ok: true });
    expect(only(counts, 'dynamodb')).toEqual({ PutItem: 1, Query: 1, 'Query(byEvent)': 1 });
    expect((await world.reader.readHead('hot-inv'))!.version).toBe(version);
  });

  it('fires a timer in a cold container with one head read and no event-id lookup for the timer', async () => {
    const cold = world.coldIngress();
    await world.clock.advance(60_000);
    counts.clear();
    const fired = await world.sfn.completeWaits(world.clock.now(), async (input) => {
      expect(await cold(input)).toMatchObject({ ok: true, applied: true });
    });
    expect(fired).toBe(1);
    // The head once; the one byEvent lookup is the attempt's outcome, a step on a head this container did not write.
    expect(only(counts, 'dynamodb')).toEqual({ PutItem: 2, Query: 1, 'Query(byEvent)': 1 });
    expect((await world.reader.readHead('hot-inv'))!.state.status).toBe('done');
  });
});
