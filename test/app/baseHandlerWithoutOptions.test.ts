import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  BaseHandler,
  type HandlerContext,
  type HandlerEvent,
  type RawProperties,
} from '../../src/app/customResource/baseHandler.js';

const context: HandlerContext = {
  provider: 'cloudformation',
  instanceId: 'cr:test',
  decideBy: 0,
  remainingMs: () => 0,
};
const request = (props: Record<string, unknown>) => ({
  RequestType: 'Create',
  RequestId: 'r-1',
  StackId: 'stack',
  LogicalResourceId: 'Thing',
  ResourceType: 'Custom::Thing',
  ResourceProperties: { ServiceToken: './thing.ts', ...props },
});

class Thing extends BaseHandler {
  async create(event: HandlerEvent<RawProperties>) {
    return `thing-${JSON.stringify(event.ResourceProperties)}`;
  }
  async update() {
    return undefined;
  }
  async delete() {
    return undefined;
  }
}

describe('BaseHandler without options', () => {
  it('hands properties over as CloudFormation sends them, without the ServiceToken', async () => {
    const outcome = await new Thing().dispatch(request({ Count: '3', Tags: ['a'] }), context);
    expect(outcome).toEqual({
      kind: 'answer',
      Status: 'SUCCESS',
      PhysicalResourceId: 'thing-{"Count":"3","Tags":["a"]}',
    });
  });

  it('still coerces and validates when a schema is given', async () => {
    class Typed extends BaseHandler<{ Count: number }> {
      async create(event: HandlerEvent<{ Count: number }>) {
        return `typed-${event.ResourceProperties.Count + 1}`;
      }
      async update() {
        return undefined;
      }
      async delete() {
        return undefined;
      }
    }
    const typed = new Typed({ properties: z.object({ Count: z.number() }) });
    expect(await typed.dispatch(request({ Count: '3' }), context)).toMatchObject({ PhysicalResourceId: 'typed-4' });
    expect(await typed.dispatch(request({ Count: 'x' }), context)).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringMatching(/ResourceProperties\.Count/),
    });
  });

  it('refuses options it does not know and a properties value that is not a schema, naming them', () => {
    expect(() => new Thing({ propertys: {} } as never)).toThrow(/propertys: is not an option; known: properties/);
    expect(() => new Thing({ properties: { Count: 'number' } } as never)).toThrow(/properties: must be a zod schema/);
  });
});
