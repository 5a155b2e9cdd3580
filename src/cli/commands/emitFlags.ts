import type { EmitRequest } from '../../local/chalice/emitRequest.js';

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
}

type FlagName = Exclude<keyof EmitFlags, 'kind' | 'db' | 'url'>;

/** Which flags each kind takes, required first. */
const FLAGS: Readonly<Record<string, { required: readonly FlagName[]; optional: readonly FlagName[] }>> = {
  s3: { required: ['bucket', 'key'], optional: ['body'] },
  sqs: { required: ['queue', 'body'], optional: ['group'] },
  sns: { required: ['topic', 'message'], optional: ['subject'] },
  kinesis: { required: ['stream', 'data', 'partition-key'], optional: [] },
  'cw-event': { required: ['source', 'detail-type', 'detail'], optional: [] },
};

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
    default:
      return {
        kind: 'cw-event',
        source: text('source'),
        detailType: text('detail-type'),
        detail: detailOf(text('detail')),
      };
  }
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function detailOf(text: string): Record<string, unknown> {
  let detail: unknown;
  try {
    detail = JSON.parse(text);
  } catch (error) {
    throw new EmitUsageError(`--detail: must be a JSON object such as '{"state":"ok"}' (${(error as Error).message})`);
  }
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail))
    throw new EmitUsageError(`--detail: must be a JSON object such as '{"state":"ok"}'`);
  return detail as Record<string, unknown>;
}
