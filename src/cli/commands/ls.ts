import { parseArgs } from 'node:util';
import { ValidationError } from '../../core/errors.js';
import type { InstanceStatus, InstanceSummary } from '../../core/stepRecord.js';
import type { CliCommand, CommandIo } from '../command.js';
import { openInspectionApp } from '../inspectionApp.js';
import { openChosenStore, STORE_ARGS, STORE_USAGE, type StoreChoice } from '../storeOption.js';
import { findStuck, formatStuck } from './stuckInstances.js';
import { parseDuration, parsePositiveInt } from '../../timeline/durationArg.js';
import { formatDuration, formatRelative, formatTime, safeText } from '../../timeline/textFormat.js';

const STATUSES: readonly InstanceStatus[] = ['active', 'done', 'error'];

/** `statebridge ls`: list instances, newest first, one page at a time. */
export const lsCommand: CliCommand = {
  name: 'ls',
  summary: 'list instances with machine, status, current state, started, last change and what they wait for',
  usage:
    `statebridge ls ${STORE_USAGE} [--machine M] [--status active|done|error] [--correlation ID] [--since 1h] ` +
    `[--limit N] [--cursor C] [--json]\n` +
    `  statebridge ls --stuck ${STORE_USAGE} [--older-than 1m] [--module FILE]... [--json]   ` +
    `(instances not moving, with the reason)`,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        ...STORE_ARGS,
        machine: { type: 'string' },
        status: { type: 'string' },
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
    const status = values.status;
    if (status !== undefined && !STATUSES.includes(status as InstanceStatus)) {
      throw new ValidationError('--status', [
        { path: '--status', rule: `must be one of ${STATUSES.join(', ')}, got "${status}"` },
      ]);
    }
    const now = Date.now();
    const store = await openChosenStore(values);
    try {
      const page = await store.listInstances({
        limit: parsePositiveInt(values.limit, '--limit'),
        ...(values.machine === undefined ? {} : { machineId: values.machine }),
        ...(status === undefined ? {} : { status: status as InstanceStatus }),
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
      io.stdout(formatTable(page.items, now));
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

/** Render summaries as an aligned text table. */
export function formatTable(items: readonly InstanceSummary[], now: number): string {
  if (items.length === 0) return 'no instances match\n';
  const rows = [
    ['INSTANCE', 'MACHINE', 'STATUS', 'STATE', 'STARTED', 'LAST CHANGE', 'WAITING'],
    ...items.map((s) => [
      safeText(s.instanceId),
      `${safeText(s.machineId)}@${s.machineVersion}`,
      s.status,
      safeText(s.state),
      formatTime(s.startedAt),
      formatRelative(s.updatedAt, now),
      waitingCell(s, now),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return (
    rows
      .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '))
      .join('\n') + '\n'
  );
}

function waitingCell(s: InstanceSummary, now: number): string {
  if (s.status !== 'active') return '-';
  const idle = formatDuration(Math.max(0, now - s.updatedAt));
  const parts: string[] = [];
  if (s.pendingCommands > 0) parts.push(`${s.pendingCommands} command(s) for ${idle}`);
  // A timer past its due time on a running instance means nothing is firing timers: the usual "stuck".
  if (s.nextTimerAt !== undefined)
    parts.push(
      s.nextTimerAt < now
        ? `timer OVERDUE by ${formatDuration(now - s.nextTimerAt)}`
        : `timer ${formatRelative(s.nextTimerAt, now)}`,
    );
  return parts.length > 0 ? parts.join(', ') : `an event, for ${idle}`;
}
