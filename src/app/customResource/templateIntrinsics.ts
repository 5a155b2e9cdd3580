import type { CollectionTag, ScalarTag } from 'yaml';
import { ValidationError } from '../../core/errors.js';
import type { Json } from '../../core/stepRecord.js';

type JsonObject = { readonly [key: string]: Json };

const SHORT_FORMS = ['Ref', 'GetAtt', 'Sub', 'Join', 'Select', 'Split', 'If', 'Equals', 'Not', 'And', 'Or'];
const SHORT_FORMS_MORE = ['FindInMap', 'ImportValue', 'Base64', 'GetAZs', 'Cidr', 'Condition', 'Transform'];
const longName = (name: string) => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);

/**
 * YAML tags for CloudFormation's short forms (`!Ref X`, `!GetAtt A.B`, `!Sub ...`), read as their long
 * forms. Without them a YAML parser drops the tag and `!Ref Queue` reads as the plain string "Queue".
 */
export const cloudFormationYamlTags: (ScalarTag | CollectionTag)[] = [...SHORT_FORMS, ...SHORT_FORMS_MORE].flatMap(
  (name): (ScalarTag | CollectionTag)[] => [
    {
      tag: `!${name}`,
      resolve: (text: string) => ({ [longName(name)]: name === 'GetAtt' ? splitAttribute(text) : text }),
    },
    { tag: `!${name}`, collection: 'seq', resolve: (node) => ({ [longName(name)]: node.toJSON() }) },
    { tag: `!${name}`, collection: 'map', resolve: (node) => ({ [longName(name)]: node.toJSON() }) },
  ],
);

function splitAttribute(text: string): string[] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

/** What a simulated custom resource gave back: Ref is its PhysicalResourceId, GetAtt reads its Data. */
export interface ResourceOutput {
  readonly physicalId: string;
  readonly data: { readonly [key: string]: Json };
}

/** Values `!Ref` and `Fn::Sub` can name besides resources: parameters (their Default) and pseudo parameters. */
type TemplateValues = ReadonlyMap<string, Json>;

/** The logical ids an expression refers to through Ref, Fn::GetAtt and Fn::Sub: implicit dependencies. */
export function referencedNames(value: Json | undefined): string[] {
  const out = new Set<string>();
  const walk = (v: Json | undefined): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== 'object') return;
    const [key, arg] = Object.entries(v)[0] ?? [];
    if (Object.keys(v).length === 1 && key === 'Ref' && typeof arg === 'string') out.add(arg);
    else if (Object.keys(v).length === 1 && key === 'Fn::GetAtt') out.add(attributeTarget(arg)[0]);
    else if (Object.keys(v).length === 1 && key === 'Fn::Sub') {
      const [text, vars] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
      const local = vars !== null && typeof vars === 'object' && !Array.isArray(vars) ? Object.keys(vars) : [];
      for (const name of subNames(typeof text === 'string' ? text : ''))
        if (!local.includes(name.split('.')[0]!)) out.add(name.split('.')[0]!);
      walk(vars);
    } else Object.values(v).forEach(walk);
  };
  walk(value);
  return [...out];
}

function attributeTarget(arg: Json | undefined): [string, string] {
  if (typeof arg === 'string') return splitAttribute(arg) as [string, string];
  if (Array.isArray(arg)) return [stringOf(arg[0] ?? ''), stringOf(arg[1] ?? '')];
  return ['', ''];
}

/** `${Name}` and `${Name.Attr}` in a Fn::Sub string; `${!Literal}` is an escape, not a reference. */
function subNames(text: string): string[] {
  return [...text.matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => m[1]!.trim());
}

/**
 * Evaluate Ref, Fn::GetAtt and Fn::Sub in a resource's properties against the outputs of resources
 * already created, as CloudFormation does before it sends the request. Other intrinsic functions are
 * refused, naming the property: the simulator does not guess what they would return.
 */
export function evaluateIntrinsics(
  value: Json,
  field: string,
  outputs: ReadonlyMap<string, ResourceOutput>,
  values: TemplateValues,
): Json {
  const fail = (path: string, rule: string) => new ValidationError('stack template', [{ path, rule }]);
  const lookup = (name: string, path: string): string => {
    const output = outputs.get(name);
    if (output !== undefined) return output.physicalId;
    const known = values.get(name);
    if (known !== undefined) return typeof known === 'string' ? known : JSON.stringify(known);
    throw fail(path, `refers to "${name}", which is not a custom resource simulated before this one nor a parameter`);
  };
  const attribute = (name: string, attr: string, path: string): Json => {
    const output = outputs.get(name);
    if (output === undefined)
      throw fail(path, `reads "${name}.${attr}", but "${name}" is not a simulated custom resource`);
    const found = output.data[attr];
    if (found === undefined) throw fail(path, `reads "${name}.${attr}", but ${name} returned no Data field "${attr}"`);
    return found;
  };
  const walk = (v: Json, path: string): Json => {
    if (Array.isArray(v)) return v.map((item, i) => walk(item, `${path}[${i}]`));
    if (v === null || typeof v !== 'object') return v;
    const keys = Object.keys(v);
    const key = keys[0];
    const arg = key === undefined ? undefined : v[key];
    if (keys.length === 1 && key === 'Ref' && typeof arg === 'string') return lookup(arg, path);
    if (keys.length === 1 && key === 'Fn::GetAtt') return attribute(...attributeTarget(arg), path);
    if (keys.length === 1 && key === 'Fn::Sub') {
      const [text, vars] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
      if (typeof text !== 'string') throw fail(path, 'Fn::Sub needs a string or [string, {variables}]');
      const local: JsonObject = vars !== null && typeof vars === 'object' && !Array.isArray(vars) ? vars : {};
      return text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
        if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
        const name = inner.trim();
        if (name in local) return stringOf(walk(local[name]!, `${path}.${name}`));
        const dot = name.indexOf('.');
        return dot < 0 ? lookup(name, path) : stringOf(attribute(name.slice(0, dot), name.slice(dot + 1), path));
      });
    }
    if (keys.length === 1 && key !== undefined && (key.startsWith('Fn::') || key === 'Condition'))
      throw fail(path, `${key} is not evaluated by stack simulate (only Ref, Fn::GetAtt and Fn::Sub are)`);
    return Object.fromEntries(keys.map((k) => [k, walk(v[k]!, `${path}.${k}`)]));
  };
  return walk(value, field);
}

function stringOf(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
