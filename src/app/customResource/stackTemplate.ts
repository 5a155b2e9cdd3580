import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ValidationError } from '../../core/errors.js';
import type { Json } from '../../core/stepRecord.js';
import type { CustomResourceProvider } from '../../protocol/customResource/request.js';
import type { RosSigning } from './rosSignature.js';

/** One custom resource of a template, as the simulator plays it. */
export interface TemplateResource {
  readonly logicalId: string;
  readonly type: string;
  /** The handler module path the ServiceToken names (relative to the template). */
  readonly modulePath: string;
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
    doc = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ValidationError('stack template', [
      { path, rule: `not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message}` },
    ]);
  }
  return parseStackTemplate(doc, provider);
}

/** Pick the custom resources out of a template document and order them by DependsOn. */
export function parseStackTemplate(doc: unknown, provider: CustomResourceProvider): StackTemplate {
  const resources = (doc as { Resources?: unknown } | null)?.Resources;
  if (resources === null || typeof resources !== 'object' || Array.isArray(resources))
    throw invalid('Resources', 'must be a map of logical ids to resources');
  const out: TemplateResource[] = [];
  for (const [logicalId, raw] of Object.entries(resources as Record<string, unknown>)) {
    const r = raw as { Type?: unknown; Properties?: Record<string, Json>; DependsOn?: unknown };
    const type = typeof r.Type === 'string' ? r.Type : '';
    const custom =
      type.startsWith('Custom::') ||
      type === 'AWS::CloudFormation::CustomResource' ||
      type === 'ALIYUN::ROS::CustomResource';
    if (!custom) continue;
    const props = r.Properties ?? {};
    const token = props['ServiceToken'];
    if (typeof token !== 'string' || token === '')
      throw invalid(`Resources.${logicalId}.Properties.ServiceToken`, 'must name a handler module path');
    const web = /^web(?:\[([^\]]*)\])?:(.*)$/.exec(token);
    const options = (web?.[1] ?? '').split(',').map((o) => o.trim());
    const { ServiceToken: _t, Timeout: timeout, Parameters: parameters, HttpConfig: httpConfig, ...rest } = props;
    const signing = provider === 'ros' ? signingOf(httpConfig, logicalId) : undefined;
    const properties: { [key: string]: Json } =
      provider === 'ros'
        ? { ...((parameters ?? {}) as { [key: string]: Json }) }
        : (stringifyPrimitives({
            ServiceToken: token,
            ...rest,
            ...(parameters === undefined ? {} : { Parameters: parameters }),
          }) as { [key: string]: Json });
    out.push({
      logicalId,
      type,
      modulePath: web?.[2] ?? token,
      sync: options.includes('sync'),
      properties,
      ...(provider === 'ros' && timeout !== undefined ? { timeoutSeconds: Number(timeout) } : {}),
      ...(signing === undefined ? {} : { signing }),
      dependsOn:
        typeof r.DependsOn === 'string' ? [r.DependsOn] : Array.isArray(r.DependsOn) ? r.DependsOn.map(String) : [],
    });
  }
  return { provider, resources: orderByDependencies(out) };
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

function orderByDependencies(resources: readonly TemplateResource[]): TemplateResource[] {
  const byId = new Map(resources.map((r) => [r.logicalId, r]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const ordered: TemplateResource[] = [];
  const visit = (r: TemplateResource) => {
    if (done.has(r.logicalId)) return;
    if (visiting.has(r.logicalId)) throw invalid(`Resources.${r.logicalId}.DependsOn`, 'forms a cycle');
    visiting.add(r.logicalId);
    for (const dep of r.dependsOn) {
      const target = byId.get(dep);
      if (target !== undefined) visit(target);
    }
    visiting.delete(r.logicalId);
    done.add(r.logicalId);
    ordered.push(r);
  };
  resources.forEach(visit);
  return ordered;
}
