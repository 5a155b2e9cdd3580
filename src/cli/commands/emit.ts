import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { TOKEN_HEADER } from '../../adapters/http/requestGuard.js';
import { EMIT_PATH, type EmitResult } from '../../local/chalice/emitRequest.js';
import type { CliCommand, CommandIo } from '../command.js';
import { defaultDatabasePath } from '../compose.js';
import { readEndpointFile } from '../localEndpointFile.js';
import { readLocalToken } from '../localToken.js';
import { memoryStoreFiles } from '../memoryStoreFiles.js';
import { safeText } from '../../timeline/textFormat.js';
import { emitRequestOf, EmitUsageError, type EmitFlags } from './emitFlags.js';

/** `statebridge emit <kind>`: feed a running `start --app` through its local endpoint. */
export const emitCommand: CliCommand = {
  name: 'emit',
  summary: 'raise an event in the App a running "statebridge start --app" serves, and print what it started',
  usage:
    'statebridge emit s3 --bucket B --key K [--body FILE|-] | sqs --queue Q --body TEXT [--group ID]\n' +
    '      | sns --topic T --message TEXT [--subject S] | cw-event --source S --detail-type T --detail JSON\n' +
    '      | kinesis --stream S --data TEXT --partition-key K\n' +
    '      | dynamodb --table T --keys JSON [--new-image JSON] [--old-image JSON]\n' +
    '               [--event-name INSERT|MODIFY|REMOVE]\n' +
    '      [--db PATH] [--url URL]',
  async run(args, io) {
    let request: ReturnType<typeof emitRequestOf>;
    let values: EmitFlags;
    try {
      ({ values } = parseFlags(args));
      request = emitRequestOf(values, readBodyFile);
    } catch (error) {
      if (!(error instanceof EmitUsageError || error instanceof TypeError)) throw error;
      io.stderr(`statebridge emit: ${error.message}\nusage: ${this.usage}\n`);
      return 2;
    }
    const db = values.db ?? defaultDatabasePath();
    const files = db === 'memory' ? memoryStoreFiles({ create: false }) : db;
    const base = values.url ?? (files === undefined ? undefined : readEndpointFile(files));
    const token = files === undefined ? undefined : readLocalToken(files);
    if (base === undefined || token === undefined) {
      io.stderr(`statebridge emit: no running "statebridge start --app" found for ${db} (start one, or pass --db)\n`);
      return 1;
    }
    return post(base, token, request, io);
  },
};

function parseFlags(args: readonly string[]): { values: EmitFlags } {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      url: { type: 'string' },
      bucket: { type: 'string' },
      key: { type: 'string' },
      body: { type: 'string' },
      queue: { type: 'string' },
      group: { type: 'string' },
      topic: { type: 'string' },
      message: { type: 'string' },
      subject: { type: 'string' },
      stream: { type: 'string' },
      data: { type: 'string' },
      'partition-key': { type: 'string' },
      source: { type: 'string' },
      'detail-type': { type: 'string' },
      detail: { type: 'string' },
      table: { type: 'string' },
      keys: { type: 'string' },
      'new-image': { type: 'string' },
      'old-image': { type: 'string' },
      'event-name': { type: 'string' },
    },
  });
  if (positionals.length !== 1)
    throw new EmitUsageError('<kind>: give exactly one of s3, sqs, sns, kinesis, dynamodb, cw-event');
  return { values: { ...values, kind: positionals[0] ?? '' } };
}

/** `--body FILE` reads the file, `--body -` standard input. */
function readBodyFile(path: string): Buffer {
  try {
    return readFileSync(path === '-' ? 0 : path);
  } catch (error) {
    throw new EmitUsageError(`--body: must name a readable file or - for standard input (${(error as Error).message})`);
  }
}

async function post(base: string, token: string, request: unknown, io: CommandIo): Promise<number> {
  let response: Response;
  try {
    response = await fetch(`${base}${EMIT_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
      body: JSON.stringify(request),
    });
  } catch (error) {
    io.stderr(
      `statebridge emit: nothing answers at ${base} (is "statebridge start --app" running?): ${String(error)}\n`,
    );
    return 1;
  }
  const answer = (await response.json().catch(() => ({}))) as Partial<EmitResult> & { message?: string };
  if (response.status === 404) {
    io.stderr(`statebridge emit: the runtime at ${base} serves no App: start it with --app FILE\n`);
    return 1;
  }
  if (!response.ok) {
    io.stderr(`statebridge emit: ${response.status} ${safeText(answer.message ?? response.statusText)}\n`);
    return response.status === 400 ? 2 : 1;
  }
  io.stdout(`raised ${safeText(answer.source ?? '?')}: ${safeText(answer.raised ?? '?')}\n`);
  for (const started of answer.invocations ?? [])
    io.stdout(`  started ${safeText(started.functionName)} ${safeText(started.requestId)}\n`);
  if ((answer.invocations ?? []).length === 0)
    io.stdout(
      `  no invocation began during the call (a queue or stream batch begins on its window: see ls --source)\n`,
    );
  return 0;
}
