import type { EmitRequest } from '../../local/chalice/emitRequest.js';
import type { AttributeMap } from '../../protocol/eventSources/attributeValue.js';

/** A flag of `statebridge emit` used wrongly: the command prints it with the usage and exits 2. */
export class EmitUsageError extends Error {
  override readonly name = 'EmitUsageError';
}

/** The flags `emit` parses, with the kind (its one positional). */
export interface EmitFlags {
  readonly kind: string;
  readonly db?: string | undefined;
  readonly url?: string | undefined;
  readonly bucket?: string | undefined;
  readonly key?: string | undefined;
  readonly body?: string | undefined;
  readonly queue?: string | undefined;
  readonly group?: string | undefined;
  readonly topic?: string | undefined;
  readonly message?: string | undefined;
  readonly subject?: string | undefined;
  readonly stream?: string | undefined;
  readonly data?: string | undefined;
  readonly 'partition-key'?: string | undefined;
  readonly source?: string | undefined;
  readonly 'detail-type'?: string | undefined;
  readonly detail?: string | undefined;
  readonly table?: string | undefined;
  readonly keys?: string | undefined;
  readonly 'new-image'?: string | undefined;
  readonly 'old-image'?: string | undefined;
  readonly 'event-name'?: string | undefined;
}

type FlagName = Exclude<keyof EmitFlags, 'kind' | 'db' | 'url'>;

/** Which flags each kind takes, required first. */
const FLAGS: Readonly<Record<string, { required: readonly FlagName[]; optional: readonly FlagName[] }>> = {
  s3: { required: ['bucket', 'key'], optional: ['body'] },
  sqs: { required: ['queue', 'body'], optional: ['group'] },
  sns: { required: ['topic', 'message'], optional: ['subject'] },
  kinesis: { required: ['stream', 'data', 'partition-key'], optional: [] },
  dynamodb: { required: ['table', 'keys'], optional: ['new-image', 'old-image', 'event-name'] },
  'cw-event': { required: ['source', 'detail-type', 'detail'], optional: [] },
};

const EVENT_NAMES = ['INSERT', 'MODIFY', 'REMOVE'] as const;

/**
 * Check the flags of one kind and build the request the running App takes: a required flag missing, a
 * flag another kind takes, or a malformed value is refused naming the flag and the rule.
 */
export function emitRequestOf(flags: EmitFlags, readBody: (path: string) => Buffer): EmitRequest {
  const spec = FLAGS[flags.kind];
  if (spec === undefined)
    throw new EmitUsageError(`<kind>: must be one of ${Object.keys(FLAGS).join(', ')}, got "${flags.kind}"`);
  for (const name of spec.required)
    if (flags[name] === undefined) throw new EmitUsageError(`--${name}: is required for emit ${flags.kind}`);
  const allowed = new Set<string>([...spec.required, ...spec.optional]);
  const stray = Object.keys(FLAGS)
    .flatMap((kind) => [...(FLAGS[kind]?.required ?? []), ...(FLAGS[kind]?.optional ?? [])])
    .find((name) => flags[name] !== undefined && !allowed.has(name));
  if (stray !== undefined) throw new EmitUsageError(`--${stray}: is not an option of emit ${flags.kind}`);
  const text = (name: FlagName): string => flags[name] ?? '';
  switch (flags.kind) {
    case 's3': {
      const body = flags.body === undefined ? Buffer.alloc(0) : readBody(flags.body);
      return { kind: 's3', bucket: text('bucket'), key: text('key'), bodyBase64: body.toString('base64') };
    }
    case 'sqs':
      return { kind: 'sqs', queue: text('queue'), body: text('body'), ...optional('group', flags.group) };
    case 'kinesis':
      return { kind: 'kinesis', stream: text('stream'), data: text('data'), partitionKey: text('partition-key') };
    case 'sns':
      return { kind: 'sns', topic: text('topic'), message: text('message'), ...optional('subject', flags.subject) };
    case 'dynamodb':
      return tableChangeOf(flags);
    default:
      return {
        kind: 'cw-event',
        source: text('source'),
        detailType: text('detail-type'),
        detail: detailOf(text('detail')),
      };
  }
}

/** The item change of `emit dynamodb`: images as DynamoDB JSON; the running App checks their attribute values. */
function tableChangeOf(flags: EmitFlags): EmitRequest {
  const eventName = flags['event-name'];
  if (eventName !== undefined && !(EVENT_NAMES as readonly string[]).includes(eventName))
    throw new EmitUsageError(`--event-name: must be one of ${EVENT_NAMES.join(', ')}, got "${eventName}"`);
  const image = (flag: 'keys' | 'new-image' | 'old-image') => {
    const value = flags[flag];
    return value === undefined ? undefined : (jsonObjectOf(`--${flag}`, value, '{"id":{"S":"o-1"}}') as AttributeMap);
  };
  const [newImage, oldImage] = [image('new-image'), image('old-image')];
  return {
    kind: 'dynamodb',
    table: flags.table ?? '',
    keys: image('keys') ?? {},
    ...(newImage === undefined ? {} : { newImage }),
    ...(oldImage === undefined ? {} : { oldImage }),
    ...(eventName === undefined ? {} : { eventName: eventName as (typeof EVENT_NAMES)[number] }),
  };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function detailOf(text: string): Record<string, unknown> {
  return jsonObjectOf('--detail', text, '{"state":"ok"}');
}

function jsonObjectOf(flag: string, text: string, example: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new EmitUsageError(`${flag}: must be a JSON object such as '${example}' (${(error as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new EmitUsageError(`${flag}: must be a JSON object such as '${example}'`);
  return value as Record<string, unknown>;
}
