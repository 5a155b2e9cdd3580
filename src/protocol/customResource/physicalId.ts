import type { CustomResourceProvider } from './request.js';

/** The marker CDK's provider framework answers a failed Create with; its Delete is answered without user code. */
export const CDK_CREATE_FAILED_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

/**
 * Why a Delete of `physicalId` is answered SUCCESS without calling the handler's delete because the id
 * is CDK's failed-Create marker (nothing was created), or undefined. Used by the runtime and by a
 * handler deployed alone as a Lambda function, so both answer the same.
 */
export function failedCreateMarkerSkipReason(physicalId: unknown): string | undefined {
  return physicalId === CDK_CREATE_FAILED_MARKER
    ? 'the id is the failed-Create marker: nothing was created'
    : undefined;
}

/** Longest PhysicalResourceId in UTF-8 bytes: 1 KB for CloudFormation, 255 bytes for ROS. */
export function maxPhysicalIdBytes(provider: CustomResourceProvider): number {
  return provider === 'cloudformation' ? 1024 : 255;
}

/** UTF-8 byte length without Buffer, so protocol code stays free of node imports. */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** FNV-1a, 64 bit, as 16 hex digits: a stable fingerprint with no crypto dependency. */
function fingerprint(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * The id used when a Create's handler gives none (also on FAILED): derived from StackId,
 * LogicalResourceId and RequestId only, so a re-run of the same request yields the same id.
 * @example
 * deterministicPhysicalId('arn:aws:cloudformation:...:stack/s/1', 'Queue', 'r-1'); // 'Queue-1f0c…'
 */
export function deterministicPhysicalId(stackId: string, logicalResourceId: string, requestId: string): string {
  const prefix = logicalResourceId.slice(0, 200);
  return `${prefix}-${fingerprint(`${stackId}|${logicalResourceId}|${requestId}`)}`;
}

/** Why a proposed id is unusable, or undefined when it is fine. */
export function physicalIdProblem(provider: CustomResourceProvider, id: string): string | undefined {
  if (id.length === 0) return 'PhysicalResourceId must not be empty';
  const bytes = utf8Length(id);
  const max = maxPhysicalIdBytes(provider);
  return bytes > max ? `PhysicalResourceId is ${bytes} bytes, over the ${max}-byte limit` : undefined;
}
