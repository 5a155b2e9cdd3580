import type { CustomResourceInput } from '../../machines/customResource/index.js';

/** The time tests of the custom-resource machine start at. */
export const CUSTOM_RESOURCE_START = Date.parse('2026-01-01T00:00:00Z');

/** A CloudFormation custom-resource request as the machine takes it; an Update or Delete names the resource. */
export const customResourceInput = (over: Partial<CustomResourceInput> = {}, type = 'Create'): CustomResourceInput => ({
  provider: 'cloudformation',
  handler: 'h',
  event: {
    RequestType: type,
    RequestId: 'r-1',
    StackId: 'arn:aws:cloudformation:us-east-1:1:stack/s/1',
    LogicalResourceId: 'Res',
    ...(type === 'Create' ? {} : { PhysicalResourceId: 'res-1' }),
  },
  delivery: 'put',
  responseUrl: 'https://responses.example.invalid/r-1?X-Amz-Signature=abc',
  receivedAt: CUSTOM_RESOURCE_START,
  timeoutSeconds: 60,
  ...over,
});
