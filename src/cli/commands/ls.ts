import { parseArgs } from 'node:util';
import { ValidationError } from '../../core/errors.js';
import type { InstanceStatus } from '../../core/stepRecord.js';
import { formatTable } from './instanceTable.js';
import type { CliCommand, CommandIo } from '../command.js';
import { openInspectionApp } from '../inspectionApp.js';
import { openChosenStore, STORE_ARGS, STORE_USAGE, type StoreChoice } from '../storeOption.js';
import { findStuck, formatStuck } from './stuckInstances.js';
import { listBySource, parseSourceOption } from './sourceListing.js';
import { parseDuration, parsePositiveInt } from '../../timeline/durationArg.js';

// `answered` is an active instance that has its answer (it still takes duplicates); `active` excludes it.
const STATUSES = ['active', 'answered', 'done', 'error'] as const;
const OUTCOMES = ['succeeded', 'failed'] as const;

function statusQuery(status: string | undefined): { status?: InstanceStatus; settled?: boolean } {
  if (status === undefined) return {};
  if (!(STATUSES as readonly string[]).includes(status))
    throw new ValidationError('--status', [
      { path: '--status', rule: `must be one of ${STATUSES.join(', ')}, got "${status}"` },
    ]);
  if (status === 'active') return { status: 'active', settled: false };
  if (status === 'answered') return { status: 'active', settled: true };
  return { status: status as InstanceStatus };
}

function outcomeQuery(outcome: string | undefined): { outcome?: (typeof OUTCOMES)[number] } {
  if (outcome === undefined) return {};
  const found = OUTCOMES.find((o) => o === outcome);
  if (found === undefined)
    throw new ValidationError('--outcome', [
      { path: '--outcome', rule: `must be one of ${OUTCOMES.join(', ')}, got "${outcome}"` },
    ]);
  return { outcome: found };
}

/** `statebridge ls`: list instances, newest first, one page at a time. */
export const lsCommand: CliCommand = {
  name: 'ls',
  summary: 'list instances by name with machine, status, outcome, current state, last change and what they wait for',
  usage:
    `statebridge ls ${STORE_USAGE} [--machine M] [--status active|answered|done|error]\n` +
    `      [--outcome failed|succeeded] [--wide] [--correlation ID] [--since 1h] [--limit N] [--cursor C] [--json]\n` +
    `      [--source KIND:NAME]   (the deliveries of one App source: sqs:jobs, s3:img, schedule:<rule>...)\n` +
    `  statebridge ls --stuck ${STORE_USAGE} [--older-than 1m] [--module FILE]... [--json]   ` +
    `(instances not moving, with the reason)`,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        ...STORE_ARGS,
        machine: { type: 'string' },
        source: { type: 'string' },
        status: { type: 'string' },
        outcome: { type: 'string' },
        wide: { type: 'boolean', default: false },
        since: { type: 'string' },
        correlation: { type: 'string' },
        limit: { type: 'string', default: '50' },
        cursor: { type: 'string' },
        json: { type: 'boolean', default: false },
        stuck: { type: 'boolean', default: false },
        'older-than': { type: 'string', default: '1m' },
        module: { type: 'string', multiple: true, default: [] },
      },
    });
    if (values.stuck)
      return listStuck(values, values.module, parseDuration(values['older-than'], '--older-than'), values.json, io);
    const filters = { ...statusQuery(values.status), ...outcomeQuery(values.outcome) };
    const selects = values.source === undefined ? undefined : parseSourceOption(values.source);
    if (selects !== undefined && values.machine !== undefined)
      throw new ValidationError('--source', [
        { path: '--source', rule: 'lists invocations only: leave out --machine' },
      ]);
    const now = Date.now();
    const store = await openChosenStore(values);
    try {
      const list = selects === undefined ? store.listInstances.bind(store) : listBySource.bind(null, store, selects);
      const page = await list({
        limit: parsePositiveInt(values.limit, '--limit'),
        ...(values.machine === undefined ? {} : { machineId: values.machine }),
        ...filters,
        ...(values.correlation === undefined ? {} : { correlationId: values.correlation }),
        ...(values.since === undefined ? {} : { updatedSince: now - parseDuration(values.since, '--since') }),
        ...(values.cursor === undefined ? {} : { cursor: values.cursor }),
      });
      if (values.json) {
        io.stdout(
          `${JSON.stringify({ items: page.items, ...(page.cursor === undefined ? {} : { cursor: page.cursor }) })}\n`,
        );
        return 0;
      }
      io.stdout(formatTable(page.items, now, values.wide));
      if (page.cursor !== undefined) io.stdout(`\nmore: statebridge ls --cursor ${page.cursor} (same filters)\n`);
      return 0;
    } finally {
      await store.close();
    }
  },
};

/** `ls --stuck`: the registry comes from the shipped app plus `--module` files, as `start` would have it. */
async function listStuck(
  store: StoreChoice,
  modules: readonly string[],
  graceMs: number,
  json: boolean,
  io: CommandIo,
): Promise<number> {
  const app = await openInspectionApp(store, modules);
  try {
    const stuck = await findStuck(app.env.store, app.env.runtime.registry, Date.now(), graceMs);
    io.stdout(json ? `${JSON.stringify({ items: stuck })}\n` : formatStuck(stuck));
    return 0;
  } finally {
    await app.close();
  }
}
