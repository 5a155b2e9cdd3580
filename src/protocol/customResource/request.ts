import { z } from 'zod';
import type { Json } from '../../core/stepRecord.js';

/** Which service sent a custom resource request; it decides headers, id limits and update rules. */
export type CustomResourceProvider = 'cloudformation' | 'ros';

/** The three request types both providers send. */
export type RequestType = 'Create' | 'Update' | 'Delete';

const jsonValue: z.ZodType<Json> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);
const properties = z.record(z.string(), jsonValue);
const nonEmpty = (field: string) =>
  z.string({ error: `${field} must be a string` }).min(1, `${field} must not be empty`);

/**
 * The fields needed to answer at all: where to answer and what to echo. A request that has these but
 * is otherwise malformed still gets a FAILED answer (never silence); one without them cannot be answered.
 */
export const requestEnvelopeSchema = z.looseObject({
  RequestId: nonEmpty('RequestId'),
  StackId: nonEmpty('StackId'),
  LogicalResourceId: nonEmpty('LogicalResourceId'),
  ResponseURL: z.url({ error: 'ResponseURL must be an absolute URL' }).optional(),
  PhysicalResourceId: z.string().optional(),
});

/** Custom type names: the generic type, or `Custom::` plus letters, digits and `_@-`. */
function resourceTypeSchema(provider: CustomResourceProvider): z.ZodType<string> {
  const generic = provider === 'cloudformation' ? 'AWS::CloudFormation::CustomResource' : 'ALIYUN::ROS::CustomResource';
  const max = provider === 'cloudformation' ? 60 : 68;
  return z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine(
      (t) => t === generic || /^Custom::[A-Za-z0-9_@-]+$/.test(t),
      `must be ${generic} or Custom::<letters, digits, _@->`,
    );
}

function shapeSchema(provider: CustomResourceProvider) {
  const common = {
    RequestId: nonEmpty('RequestId'),
    StackId: nonEmpty('StackId'),
    LogicalResourceId: nonEmpty('LogicalResourceId'),
    ResourceType: resourceTypeSchema(provider),
    ResponseURL: provider === 'cloudformation' ? z.url() : z.url().optional(),
    ResourceProperties: properties.default({}),
    ServiceToken: z.string().optional(),
  };
  return z.discriminatedUnion(
    'RequestType',
    [
      z.looseObject({
        ...common,
        RequestType: z.literal('Create'),
        PhysicalResourceId: z.never({ error: 'a Create request carries no PhysicalResourceId' }).optional(),
      }),
      z.looseObject({
        ...common,
        RequestType: z.literal('Update'),
        PhysicalResourceId: nonEmpty('PhysicalResourceId'),
        OldResourceProperties: properties,
      }),
      z.looseObject({
        ...common,
        RequestType: z.literal('Delete'),
        PhysicalResourceId: nonEmpty('PhysicalResourceId'),
      }),
    ],
    { error: 'RequestType must be Create, Update or Delete' },
  );
}

const cfnShape = shapeSchema('cloudformation');
const rosShape = shapeSchema('ros');

/** A validated request as handlers see it: the provider's fields, with ROS's internal URL under one name. */
export type CustomResourceEvent = z.output<typeof cfnShape> & {
  readonly IntranetResponseURL?: string;
  readonly StackName?: string;
  readonly RegionId?: string;
};

/**
 * Check a request's shape. ROS's internal URL arrives as `IntranetResponseURL` or `InnerResponseURL`
 * (the docs use both); either becomes `IntranetResponseURL`.
 */
export function checkRequestShape(
  provider: CustomResourceProvider,
  raw: Record<string, unknown>,
): { ok: true; event: CustomResourceEvent } | { ok: false; problems: string[] } {
  const input = provider === 'ros' ? normalizeRosUrls(raw) : raw;
  const result = (provider === 'cloudformation' ? cfnShape : rosShape).safeParse(input);
  if (result.success) return { ok: true, event: result.data as CustomResourceEvent };
  return { ok: false, problems: result.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`) };
}

function normalizeRosUrls(raw: Record<string, unknown>): Record<string, unknown> {
  const { InnerResponseURL: inner, ...rest } = raw;
  if (inner === undefined || rest['IntranetResponseURL'] !== undefined) return rest;
  return { ...rest, IntranetResponseURL: inner };
}

/** Instance key of one request: provider + StackId + RequestId (the documented uniqueness rule). */
export function requestInstanceId(provider: CustomResourceProvider, stackId: string, requestId: string): string {
  return `cr:${provider}:${stackId}:${requestId}`;
}

/** Correlation id shared by every request for one logical resource, so its timeline reads as one chain. */
export function resourceCorrelationId(
  provider: CustomResourceProvider,
  stackId: string,
  logicalResourceId: string,
): string {
  return `cr:${provider}:${stackId}:${logicalResourceId}`;
}
