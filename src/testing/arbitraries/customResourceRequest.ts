import fc from 'fast-check';
import type { Json } from '../../core/stepRecord.js';
import type { CustomResourceEvent, RequestType } from '../../protocol/customResource/request.js';
import {
  accountArbitrary,
  charsArbitrary,
  hexArbitrary,
  identifierArbitrary,
  partitionOf,
  regionArbitrary,
  resourceNameArbitrary,
  textArbitrary,
} from './awsValues.js';
import { malformedArbitrary, missing, replaced, type Malformed, type Mutation } from './malformed.js';

/** Options for custom resource requests. */
export interface CustomResourceRequestOptions {
  /** Only this request type (default: any of the three). */
  readonly requestType?: RequestType;
}

const REQUEST_TYPES: readonly RequestType[] = ['Create', 'Update', 'Delete'];

/** Template properties as the providers pass them: scalars arrive as strings (`Count: 3` becomes `"3"`). */
const propertiesArbitrary = (): fc.Arbitrary<{ [key: string]: Json }> =>
  fc.dictionary(
    identifierArbitrary(),
    fc.oneof(
      textArbitrary(20),
      fc.array(textArbitrary(10), { maxLength: 3 }),
      fc.dictionary(identifierArbitrary(), textArbitrary(10), { maxKeys: 2, noNullPrototype: true }),
    ),
    { maxKeys: 4, noNullPrototype: true },
  );

/** A custom type name: the generic one or `Custom::` plus letters, digits and `_@-`, within `max` characters. */
const resourceTypeArbitrary = (generic: string, max: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(generic),
    charsArbitrary('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_@-', 1, max - 'Custom::'.length).map(
      (n) => `Custom::${n}`,
    ),
  );

/** The fields a request type adds: an id on Update and Delete, the previous properties on Update. */
function byType(type: RequestType, physicalId: string, old: { [key: string]: Json }): Record<string, Json> {
  if (type === 'Create') return {};
  return type === 'Update'
    ? { PhysicalResourceId: physicalId, OldResourceProperties: old }
    : { PhysicalResourceId: physicalId };
}

/**
 * A CloudFormation custom resource request that `checkRequestShape('cloudformation', …)` accepts:
 * ARN stack id, presigned S3 response URL, ServiceToken echoed in the properties.
 * @example
 * fc.assert(
 *   fc.property(cloudFormationRequestArbitrary({ requestType: 'Delete' }), (request) => {
 *     provider(request);
 *   }),
 * );
 */
export function cloudFormationRequestArbitrary(
  options: CustomResourceRequestOptions = {},
): fc.Arbitrary<CustomResourceEvent> {
  return fc
    .record({
      type: options.requestType === undefined ? fc.constantFrom(...REQUEST_TYPES) : fc.constant(options.requestType),
      region: regionArbitrary(),
      account: accountArbitrary(),
      stackName: resourceNameArbitrary(),
      stackUuid: fc.uuid(),
      requestId: fc.uuid(),
      fn: resourceNameArbitrary(),
      logicalId: identifierArbitrary(),
      resourceType: resourceTypeArbitrary('AWS::CloudFormation::CustomResource', 60),
      properties: propertiesArbitrary(),
      old: propertiesArbitrary(),
      physicalId: fc.oneof(
        resourceNameArbitrary(),
        fc.constant('AWSCDK::CustomResourceProviderFramework::CREATE_FAILED'),
      ),
      signature: hexArbitrary(64),
    })
    .map((f) => {
      const partition = partitionOf(f.region);
      const serviceToken = `arn:${partition}:lambda:${f.region}:${f.account}:function:${f.fn}`;
      const stackId = `arn:${partition}:cloudformation:${f.region}:${f.account}:stack/${f.stackName}/${f.stackUuid}`;
      const bucket = `cloudformation-custom-resource-response-${f.region.replace(/-/g, '')}`;
      const key = `${encodeURIComponent(stackId)}%7C${f.logicalId}%7C${f.requestId}`;
      return {
        RequestType: f.type,
        ServiceToken: serviceToken,
        ResponseURL: `https://${bucket}.s3.amazonaws.com/${key}?X-Amz-Signature=${f.signature}`,
        StackId: stackId,
        RequestId: f.requestId,
        LogicalResourceId: f.logicalId,
        ResourceType: f.resourceType,
        ResourceProperties: { ServiceToken: serviceToken, ...f.properties },
        ...byType(f.type, f.physicalId, { ServiceToken: serviceToken, ...f.old }),
      } as CustomResourceEvent;
    });
}

/**
 * An Alibaba Cloud ROS custom resource request that `checkRequestShape('ros', …)` accepts: plain UUID
 * stack id, public and internal response URLs, StackName, RegionId and the owner and caller ids.
 */
export function rosRequestArbitrary(options: CustomResourceRequestOptions = {}): fc.Arbitrary<CustomResourceEvent> {
  return fc
    .record({
      type: options.requestType === undefined ? fc.constantFrom(...REQUEST_TYPES) : fc.constant(options.requestType),
      region: fc.constantFrom('cn-hangzhou', 'cn-beijing', 'cn-shanghai', 'ap-southeast-1', 'eu-central-1'),
      stackId: fc.uuid(),
      stackName: resourceNameArbitrary(),
      requestId: fc.uuid().map((id) => id.toUpperCase()),
      logicalId: identifierArbitrary(),
      resourceType: resourceTypeArbitrary('ALIYUN::ROS::CustomResource', 68),
      properties: propertiesArbitrary(),
      old: propertiesArbitrary(),
      physicalId: resourceNameArbitrary(),
      owner: charsArbitrary('0123456789', 9, 16),
      caller: charsArbitrary('0123456789', 9, 16),
      token: hexArbitrary(32),
    })
    .map(
      (f) =>
        ({
          RequestType: f.type,
          RequestId: f.requestId,
          ResponseURL: `https://ros-callback.${f.region}.aliyuncs.com/custom-resource?token=${f.token}`,
          IntranetResponseURL: `https://ros-callback-vpc.${f.region}.aliyuncs.com/custom-resource?token=${f.token}`,
          ResourceType: f.resourceType,
          LogicalResourceId: f.logicalId,
          StackId: f.stackId,
          StackName: f.stackName,
          ResourceOwnerId: f.owner,
          CallerId: f.caller,
          RegionId: f.region,
          ResourceProperties: f.properties,
          ...byType(f.type, f.physicalId, f.old),
        }) as CustomResourceEvent,
    );
}

const commonMutations: readonly Mutation[] = [
  missing('RequestId'),
  missing('StackId'),
  missing('LogicalResourceId'),
  missing('ResourceType'),
  missing('RequestType'),
  replaced('wrong-type', 42, 'RequestId'),
  replaced('out-of-range', '', 'LogicalResourceId'),
  replaced('wrong-enum', 'Upsert', 'RequestType'),
  replaced('wrong-enum', 'AWS::S3::Bucket', 'ResourceType'),
  replaced('out-of-range', `Custom::${'x'.repeat(61)}`, 'ResourceType'),
  replaced('wrong-type', 'a=b', 'ResourceProperties'),
];

/** Mutations that only break requests of one type. */
const typeMutations: Record<RequestType, readonly Mutation[]> = {
  Create: [replaced('unexpected', 'already-there', 'PhysicalResourceId')],
  Update: [missing('PhysicalResourceId'), missing('OldResourceProperties')],
  Delete: [missing('PhysicalResourceId'), replaced('out-of-range', '', 'PhysicalResourceId')],
};

function malformedRequests(
  valid: (type: RequestType) => fc.Arbitrary<CustomResourceEvent>,
  extra: readonly Mutation[],
): fc.Arbitrary<Malformed> {
  return fc.oneof(
    ...REQUEST_TYPES.map((type) =>
      malformedArbitrary(valid(type), [...commonMutations, ...extra, ...typeMutations[type]]),
    ),
  );
}

/** A CloudFormation request that `checkRequestShape('cloudformation', …)` must reject, with the field at fault. */
export function malformedCloudFormationRequestArbitrary(): fc.Arbitrary<Malformed> {
  return malformedRequests(
    (requestType) => cloudFormationRequestArbitrary({ requestType }),
    [
      missing('ResponseURL'),
      replaced('out-of-range', 'not a url', 'ResponseURL'),
      // Long enough for ROS (68), too long for CloudFormation (60).
      replaced('out-of-range', `Custom::${'x'.repeat(53)}`, 'ResourceType'),
    ],
  );
}

/** A ROS request that `checkRequestShape('ros', …)` must reject, with the field at fault. */
export function malformedRosRequestArbitrary(): fc.Arbitrary<Malformed> {
  return malformedRequests(
    (requestType) => rosRequestArbitrary({ requestType }),
    [replaced('wrong-type', 5, 'ResponseURL')],
  );
}
