import { z } from 'zod';
import { BaseHandler, type HandlerContext, type HandlerEvent } from '../../src/app/customResource/baseHandler.js';
import type { HandlerReturn, PollReturn } from '../../src/app/customResource/results.js';

type Fn = (event: HandlerEvent<Record<string, unknown>>, context: HandlerContext) => Promise<HandlerReturn>;

/** A handler whose methods the test supplies; it records every call. */
export class ScriptedHandler extends BaseHandler<Record<string, unknown>> {
  readonly calls: { type: string; event: HandlerEvent<Record<string, unknown>> }[] = [];
  constructor(
    private readonly script: {
      create?: Fn;
      update?: Fn;
      delete?: Fn;
      isComplete?: (attempt: number) => Promise<PollReturn>;
    },
    options: Partial<ConstructorParameters<typeof BaseHandler<Record<string, unknown>>>[0]> = {},
  ) {
    super({ properties: z.record(z.string(), z.unknown()), ...options });
    if (script.isComplete !== undefined) {
      const poll = script.isComplete;
      this.isComplete = async (_e, _c, start) => poll(start.attempt);
    }
  }
  async create(event: HandlerEvent<Record<string, unknown>>, context: HandlerContext) {
    this.calls.push({ type: 'Create', event });
    return this.script.create?.(event, context);
  }
  async update(event: HandlerEvent<Record<string, unknown>>, context: HandlerContext) {
    this.calls.push({ type: 'Update', event });
    return this.script.update?.(event, context);
  }
  async delete(event: HandlerEvent<Record<string, unknown>>, context: HandlerContext) {
    this.calls.push({ type: 'Delete', event });
    return this.script.delete?.(event, context);
  }
}

/** V1's request (Lambda guide shape). */
export const v1Create = {
  RequestType: 'Create',
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:lambda-error-processor-primer-14ROR2T3JKU66',
  StackId:
    'arn:aws:cloudformation:us-east-1:123456789012:stack/lambda-error-processor/1134083a-2608-1e91-9897-022501a2c456',
  RequestId: '5d478078-13e9-baf0-464a-7ef285ecc786',
  LogicalResourceId: 'primerinvoke',
  ResourceType: 'AWS::CloudFormation::CustomResource',
  ResourceProperties: {
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:lambda-error-processor-primer-14ROR2T3JKU66',
    FunctionName: 'lambda-error-processor-randomerror-ZWUC391MQAJK',
  },
};

const seleniumNew = {
  seleniumTester: 'SeleniumTest()',
  endpoints: ['http://mysite.com', 'http://myecommercesite.com/', 'http://search.mysite.com', 'http://mynewsite.com'],
  frequencyOfTestsPerHour: ['3', '2', '4', '3'],
};
const seleniumOld = {
  seleniumTester: 'SeleniumTest()',
  endpoints: ['http://mysite.com', 'http://myecommercesite.com/', 'http://search.mysite.com'],
  frequencyOfTestsPerHour: ['3', '2', '4'],
};

/** V3's in-place Update (SNS walkthrough shape). */
export const v3Update = {
  RequestType: 'Update',
  StackId: 'arn:aws:cloudformation:us-west-2:123456789012:stack/stack-name/guid',
  RequestId: 'uniqueid for this update request',
  LogicalResourceId: 'MySeleniumTester',
  ResourceType: 'Custom::SeleniumTester',
  PhysicalResourceId: 'Tester1',
  ResourceProperties: seleniumNew,
  OldResourceProperties: seleniumOld,
};

/** V4's cleanup Delete of the old id, carrying the new properties. */
export const v4CleanupDelete = {
  RequestType: 'Delete',
  StackId: 'arn:aws:cloudformation:us-west-2:123456789012:stack/stack-name/guid',
  RequestId: 'unique id for this delete request',
  ResourceType: 'Custom::SeleniumTester',
  LogicalResourceId: 'MySeleniumTester',
  PhysicalResourceId: 'Tester1',
  ResourceProperties: seleniumNew,
};

/** V13's ROS Create (ids from a public ROS provider fixture). */
export const v13RosCreate = {
  RequestType: 'Create',
  RequestId: 'B288A0BE-D927-4888-B0F7-B35EF84B6E6F',
  IntranetResponseURL: 'http://internal.invalid/resp',
  ResourceType: 'Custom::MyCustomResourceType',
  LogicalResourceId: 'my-resource',
  StackId: '8acc3dcd-cf48-4fa1-863e-7c767b61fe42',
  StackName: 'my-stack',
  ResourceOwnerId: '123456789',
  CallerId: '987654321',
  RegionId: 'cn-hangzhou',
  ResourceProperties: { key1: 'string', key2: ['list'], key3: { key4: 'map' } },
};
