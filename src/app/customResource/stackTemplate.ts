import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ValidationError } from '../../core/errors.js';
import type { Json } from '../../core/stepRecord.js';
import type { CustomResourceProvider } from '../../protocol/customResource/request.js';
import type { RosSigning } from './rosSignature.js';
import { readServiceToken } from './serviceToken.js';
import { orderByDependencies } from './templateDependencies.js';
import { cloudFormationYamlTags } from './templateIntrinsics.js';
import { resourceNotes } from './templateNotes.js';

/** One custom resource of a template, as the simulator plays it. */
export interface TemplateResource {
  readonly logicalId: string;
  readonly type: string;
  /** The handler module path the ServiceToken names (relative to the template); empty when `notLocal`. */
  readonly modulePath: string;
  /** The module export the ServiceToken names (`./handlers.mjs#ok`). */
  readonly exportName?: string;
  /** Why the ServiceToken names no local module (an ARN, `!GetAtt`): `--handler` must map the resource. */
  readonly notLocal?: string;
  /** ROS `web[sync]` tokens are answered in the HTTP reply. */
  readonly sync: boolean;
  /** What the provider sends as ResourceProperties (CloudFormation stringifies primitives). */
  readonly properties: { readonly [key: string]: Json };
  /** ROS Timeout property, seconds. */
  readonly timeoutSeconds?: number;
  /** ROS `HttpConfig` with a SignKey: the simulator signs its requests as ROS does. */
  readonly signing?: RosSigning;
  readonly dependsOn: readonly string[];
}

/** A parsed template: its custom resources in creation order. */
export interface StackTemplate {
  readonly provider: CustomResourceProvider;
  readonly resources: readonly TemplateResource[];
  /** What the simulation plays differently than the template asks (unsimulated resources, clamped timeouts). */
  readonly warnings: readonly string[];
  /** Parameter defaults, for Ref and Fn::Sub. */
  readonly parameters: ReadonlyMap<string, Json>;
}

const invalid = (path: string, rule: string) => new ValidationError('stack template', [{ path, rule }]);

/** CloudFormation hands every primitive property to the provider as a string. */
export function stringifyPrimitives(value: Json): Json {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(stringifyPrimitives);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringifyPrimitives(v)]));
  return value;
}

/** Read a JSON or YAML template file. */
export async function loadStackTemplate(path: string, provider: CustomResourceProvider): Promise<StackTemplate> {
  const text = await readFile(path, 'utf8');
  let doc: unknown;
  try {
    doc = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { customTags: cloudFormationYamlTags });
  } catch (error) {
    throw new ValidationError('stack template', [
      { path, rule: `not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message}` },
    ]);
  }
  return parseStackTemplate(doc, provider);
}

/** Pick the custom resources out of a template document and order them by their dependencies. */
function parseStackTemplate(doc: unknown, provider: CustomResourceProvider): StackTemplate {
  const resources = (doc as { Resources?: unknown } | null)?.Resources;
  if (resources === null || typeof resources !== 'object' || Array.isArray(resources))
    throw invalid('Resources', 'must be a map of logical ids to resources');
  const entries = Object.entries(resources as Record<string, unknown>).map(([logicalId, raw]) => {
    const r = (raw ?? {}) as { Type?: unknown; Properties?: Record<string, Json>; DependsOn?: unknown };
    return { logicalId, r, type: typeof r.Type === 'string' ? r.Type : '' };
  });
  const out = new Map<string, TemplateResource>();
  const warnings: string[] = [];
  for (const { logicalId, r, type } of entries) {
    const custom =
      type.startsWith('Custom::') ||
      type === 'AWS::CloudFormation::CustomResource' ||
      type === 'ALIYUN::ROS::CustomResource';
    warnings.push(...resourceNotes(provider, logicalId, type, r.Properties, custom));
    if (!custom) continue;
    const props = r.Properties ?? {};
    const token = readServiceToken(props['ServiceToken'], logicalId);
    const { ServiceToken: _t, Timeout: timeout, Parameters: parameters, HttpConfig: httpConfig, ...rest } = props;
    const signing = provider === 'ros' ? signingOf(httpConfig, logicalId) : undefined;
    // A token that is an ARN or an intrinsic function reaches the handler as a plain string.
    const sentToken = typeof props['ServiceToken'] === 'string' ? props['ServiceToken'] : `local:${logicalId}`;
    const properties: { [key: string]: Json } =
      provider === 'ros'
        ? { ...((parameters ?? {}) as { [key: string]: Json }) }
        : (stringifyPrimitives({
            ServiceToken: sentToken,
            ...rest,
            ...(parameters === undefined ? {} : { Parameters: parameters }),
          }) as { [key: string]: Json });
    out.set(logicalId, {
      logicalId,
      type,
      modulePath: token.modulePath,
      ...(token.exportName === undefined ? {} : { exportName: token.exportName }),
      ...(token.notLocal === undefined ? {} : { notLocal: token.notLocal }),
      sync: token.sync,
      properties,
      ...(provider === 'ros' && timeout !== undefined ? { timeoutSeconds: Number(timeout) } : {}),
      ...(signing === undefined ? {} : { signing }),
      dependsOn:
        typeof r.DependsOn === 'string' ? [r.DependsOn] : Array.isArray(r.DependsOn) ? r.DependsOn.map(String) : [],
    });
  }
  const order = orderByDependencies(
    entries.map(({ logicalId, r }) => ({ logicalId, dependsOn: r.DependsOn, properties: r.Properties })),
  );
  return {
    provider,
    resources: order.flatMap((id) => out.get(id) ?? []),
    warnings,
    parameters: parameterDefaults(doc),
  };
}

function parameterDefaults(doc: unknown): Map<string, Json> {
  const params = (doc as { Parameters?: unknown }).Parameters;
  const out = new Map<string, Json>();
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return out;
  for (const [name, spec] of Object.entries(params as Record<string, { Default?: Json } | null>))
    if (spec?.Default !== undefined) out.set(name, stringifyPrimitives(spec.Default));
  return out;
}

function signingOf(httpConfig: Json | undefined, logicalId: string): RosSigning | undefined {
  if (httpConfig === undefined || httpConfig === null || typeof httpConfig !== 'object' || Array.isArray(httpConfig))
    return undefined;
  const key = httpConfig['SignKey'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || key.length < 1 || key.length > 128)
    throw invalid(`Resources.${logicalId}.Properties.HttpConfig.SignKey`, 'must be a string of 1 to 128 characters');
  const type = httpConfig['ContentType'];
  const headers = httpConfig['Headers'];
  return {
    signKey: key,
    ...(typeof type === 'string' ? { contentType: type } : {}),
    ...(headers !== null && typeof headers === 'object' && !Array.isArray(headers)
      ? {
          headers: Object.fromEntries(
            Object.entries(headers).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
          ),
        }
      : {}),
  };
}
