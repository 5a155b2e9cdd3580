import type { Json } from '../../core/stepRecord.js';
import type { CustomResourceProvider } from '../../protocol/customResource/request.js';
import { CFN_DEFAULT_TIMEOUT_S, effectiveTimeoutSeconds } from '../../protocol/customResource/timeouts.js';

/**
 * What `stack simulate` should say before it starts about a resource it plays differently than asked:
 * a resource type it does not simulate, a timeout outside the provider's range (which the request
 * handling replaces by the default instead of using).
 */
export function resourceNotes(
  provider: CustomResourceProvider,
  logicalId: string,
  type: string,
  properties: { readonly [key: string]: Json } | undefined,
  simulated: boolean,
): string[] {
  if (!simulated)
    return [`${logicalId} (${type || 'no Type'}) is not simulated: only custom resources are; Ref/GetAtt to it fail`];
  const props = properties ?? {};
  const key = provider === 'cloudformation' ? 'ServiceTimeout' : 'Timeout';
  const given = props[key];
  if (given === undefined || given === null || typeof given === 'object') return [];
  const used =
    provider === 'cloudformation'
      ? effectiveTimeoutSeconds(provider, { serviceTimeout: String(given) })
      : effectiveTimeoutSeconds(provider, { rosTimeout: String(given) });
  if (String(used) === String(given).trim()) return [];
  const range = provider === 'cloudformation' ? `1 to ${CFN_DEFAULT_TIMEOUT_S}` : '1 to 43200';
  return [
    `Resources.${logicalId}.Properties.${key} is ${JSON.stringify(given)}, outside ${range} seconds: ` +
      `${provider === 'cloudformation' ? 'CloudFormation' : 'ROS'} refuses it; this simulation uses ${used} s instead`,
  ];
}
