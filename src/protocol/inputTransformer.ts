import type { ValidationIssue } from '../core/errors.js';
import type { Json } from '../core/stepRecord.js';
import type { EventBridgeEnvelope } from './eventBridgeEnvelope.js';
import { selectInputPath } from './inputPath.js';

/** EventBridge's `InputTransformer`: named JSONPaths into the event, and a template that places them. */
export interface InputTransformer {
  /** Variable name → JSONPath (`$.detail.state`); at most 100; names may not start with `aws.`. */
  readonly inputPathsMap?: Readonly<Record<string, string>>;
  /** Text or JSON with `<variable>` placeholders. */
  readonly inputTemplate: string;
}

/** What the predefined `aws.events.*` variables are filled from. */
interface TransformContext {
  readonly ruleName: string;
  readonly ruleArn: string;
  /** ISO 8601 time the bus received the event. */
  readonly ingestionTime: string;
}

/** EventBridge's limits on an input transformer. */
const INPUT_TRANSFORMER_LIMITS = { maxPaths: 100, maxTemplateLength: 8192 } as const;

/** The raw JSON variables: they are inserted unescaped, so EventBridge allows them only as JSON values. */
const RAW_JSON_VARIABLES = new Set(['aws.events.event', 'aws.events.event.json']);
const PLACEHOLDER = /<([A-Za-z0-9_.-]+)>/g;

/**
 * Every reason EventBridge would reject `transformer` in PutTargets, naming the field and the rule.
 */
export function inputTransformerIssues(transformer: InputTransformer): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const paths = Object.entries(transformer.inputPathsMap ?? {});
  if (paths.length > INPUT_TRANSFORMER_LIMITS.maxPaths) {
    issues.push({ path: 'inputPathsMap', rule: `at most ${INPUT_TRANSFORMER_LIMITS.maxPaths} variables` });
  }
  for (const [name, path] of paths) {
    if (name.startsWith('aws.'))
      issues.push({ path: `inputPathsMap.${name}`, rule: 'names starting with "aws." are reserved' });
    if (!/^[A-Za-z0-9_.-]+$/.test(name))
      issues.push({ path: `inputPathsMap.${name}`, rule: 'a name may hold only letters, digits, "_", "-" and "."' });
    if (!/^\$(\.[^.[\]]+|\[\d+\])*$/.test(path))
      issues.push({ path: `inputPathsMap.${name}`, rule: `"${path}" must be a JSONPath such as $.detail.state` });
  }
  const template = transformer.inputTemplate;
  if (template.length === 0 || template.length > INPUT_TRANSFORMER_LIMITS.maxTemplateLength) {
    issues.push({ path: 'inputTemplate', rule: `must be 1-${INPUT_TRANSFORMER_LIMITS.maxTemplateLength} characters` });
  }
  for (const slot of placeholders(template)) {
    if (slot.asKey) issues.push({ path: 'inputTemplate', rule: `<${slot.name}> cannot be used as an object key` });
    if (slot.quoted && RAW_JSON_VARIABLES.has(slot.name)) {
      issues.push({
        path: 'inputTemplate',
        rule: `<${slot.name}> is inserted unescaped, so it may only be a JSON value, not part of a string`,
      });
    }
  }
  return issues;
}

/**
 * Fill the template for one event. A value placed inside a quoted string is inserted as text (strings
 * without their quotes, escaped for JSON); outside quotes a JSON template (one starting with `{` or
 * `[`) gets the value as JSON and a free-text template gets it as plain text. A path that selects
 * nothing becomes `null` as JSON and empty text otherwise. The result is parsed
 * as JSON when it is JSON (a template `"<a> is <b>"` yields a JSON string), and otherwise delivered as
 * plain text, as EventBridge does for free-text templates.
 * @example
 * applyInputTransformer(
 *   {
 *     inputPathsMap: { state: '$.detail.state' },
 *     inputTemplate: '{"state": <state>, "rule": "<aws.events.rule-name>"}',
 *   },
 *   envelope,
 *   { ruleName: 'orders', ruleArn: 'arn:aws:events:local:000000000000:rule/orders', ingestionTime: envelope.time },
 * );
 */
export function applyInputTransformer(
  transformer: InputTransformer,
  envelope: EventBridgeEnvelope,
  context: TransformContext,
): Json {
  const event = envelope as unknown as Json;
  const variables = new Map<string, Json | undefined>(
    Object.entries(transformer.inputPathsMap ?? {}).map(([name, path]) => [name, selectInputPath(path, event)]),
  );
  const { detail: _detail, ...withoutDetail } = envelope;
  variables.set('aws.events.rule-name', context.ruleName);
  variables.set('aws.events.rule-arn', context.ruleArn);
  variables.set('aws.events.event.ingestion-time', context.ingestionTime);
  variables.set('aws.events.event', withoutDetail as unknown as Json);
  variables.set('aws.events.event.json', event);

  // Outside quotes a JSON template takes JSON; free text takes the value as plain text.
  const jsonTemplate = /^\s*[{[]/.test(transformer.inputTemplate);
  let output = '';
  let last = 0;
  for (const slot of placeholders(transformer.inputTemplate)) {
    if (!variables.has(slot.name)) continue; // not a variable: `<b>` in free text stays as written
    const value = variables.get(slot.name);
    const filled = slot.quoted
      ? escapeForString(asText(value))
      : jsonTemplate
        ? JSON.stringify(value ?? null)
        : asText(value);
    output += transformer.inputTemplate.slice(last, slot.start) + filled;
    last = slot.end;
  }
  output += transformer.inputTemplate.slice(last);
  try {
    return JSON.parse(output) as Json;
  } catch {
    return output;
  }
}

/** A value as text: strings as they are, anything else as its JSON; nothing for a missing path. */
function asText(value: Json | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Escape text for a place inside a JSON string, so quotes in event values cannot break the output. */
function escapeForString(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

interface Placeholder {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  /** Inside a double-quoted string of the template. */
  readonly quoted: boolean;
  /** The whole quoted string is `"<name>"` followed by `:`, i.e. an object key. */
  readonly asKey: boolean;
}

/** Placeholders in template order, with whether each sits inside a quoted string. */
function placeholders(template: string): Placeholder[] {
  const quotedAt = quoteMap(template);
  return [...template.matchAll(PLACEHOLDER)].map((match) => {
    const start = match.index;
    const end = start + match[0].length;
    const quoted = quotedAt[start] ?? false;
    const asKey =
      quoted && template[start - 1] === '"' && template[end] === '"' && /^\s*:/.test(template.slice(end + 1));
    return { name: match[1] ?? '', start, end, quoted, asKey };
  });
}

/** For each character, whether it lies inside a double-quoted string (backslash escapes honoured). */
function quoteMap(template: string): boolean[] {
  const inside: boolean[] = [];
  let quoted = false;
  for (let i = 0; i < template.length; i++) {
    inside[i] = quoted;
    if (template[i] === '\\' && quoted) {
      inside[++i] = quoted;
    } else if (template[i] === '"') {
      quoted = !quoted;
    }
  }
  return inside;
}
