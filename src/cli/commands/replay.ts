import { parseArgs } from 'node:util';
import { InstanceNotFoundError } from '../../core/errors.js';
import type { Divergence } from '../../core/replay.js';
import { replayStream } from '../../core/replay.js';
import type { CliCommand } from '../command.js';
import { openInspectionApp, type InspectionApp } from '../inspectionApp.js';
import { formatJson, safeText } from '../../timeline/textFormat.js';

/** The outcome of replaying one instance. */
interface InstanceReplay {
  readonly instanceId: string;
  readonly recordedWith: string;
  readonly replayedWith: string;
  readonly steps: number;
  readonly divergences: readonly Divergence[];
}

/**
 * `statebridge replay <id>`: rebuild an instance from its log with the current machine and report every
 * step whose state, context, status, output, commands or timers come out differently (`compareSteps`). Exit
 * code 1 on divergence: run it before deploying a new machine version.
 */
export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'rebuild instances from their logs with the current machine and report divergence (exit 1 when any)',
  usage: 'statebridge replay <id>... | --machine M [--status S] [--pinned] [--json] [--db PATH] [--module FILE]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        machine: { type: 'string' },
        status: { type: 'string' },
        pinned: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        module: { type: 'string', multiple: true, default: [] },
      },
    });
    if (positionals.length === 0 && values.machine === undefined) {
      io.stderr(`usage: ${this.usage}\n`);
      return 2;
    }
    const app = await openInspectionApp(values.db, values.module);
    try {
      let diverged = 0;
      let replayed = 0;
      for await (const id of instanceIds(app, positionals, values.machine, values.status)) {
        const result = await replayInstance(app, id, values.pinned);
        replayed += 1;
        if (result.divergences.length > 0) diverged += 1;
        io.stdout(values.json ? `${JSON.stringify(result)}\n` : formatReplay(result));
      }
      if (!values.json) io.stdout(`\n${replayed} instance(s) replayed, ${diverged} diverged\n`);
      return diverged > 0 ? 1 : 0;
    } finally {
      await app.close();
    }
  },
};

async function* instanceIds(
  app: InspectionApp,
  ids: readonly string[],
  machineId: string | undefined,
  status: string | undefined,
): AsyncGenerator<string> {
  yield* ids;
  if (machineId === undefined) return;
  let cursor: string | undefined;
  do {
    const page = await app.env.store.listInstances({
      machineId,
      limit: 200,
      ...(status === undefined ? {} : { status: status as 'active' | 'done' | 'error' }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const s of page.items) yield s.instanceId;
    cursor = page.cursor;
  } while (cursor !== undefined);
}

/** Replay one instance with the newest registered version of its machine (or the version it ran on, with `pinned`). */
async function replayInstance(app: InspectionApp, instanceId: string, pinned = false): Promise<InstanceReplay> {
  const head = await app.env.store.readHead(instanceId);
  if (head === undefined) throw new InstanceNotFoundError(instanceId);
  const { registry } = app.env.runtime;
  const { definition } = pinned
    ? registry.pinned(head.machine.id, head.machine.version)
    : registry.latestOf(head.machine.id);
  const report = await replayStream(definition, app.env.store.readStream(instanceId));
  return {
    instanceId,
    recordedWith: `${head.machine.id}@${head.machine.version}`,
    replayedWith: `${definition.id}@${definition.version}`,
    steps: report.steps,
    divergences: report.divergences,
  };
}

function formatReplay(r: InstanceReplay): string {
  const head =
    `${safeText(r.instanceId)}: ${r.steps} step(s) recorded ` +
    `with ${r.recordedWith}, replayed with ${r.replayedWith}: `;
  if (r.divergences.length === 0) return `${head}no divergence\n`;
  const lines = r.divergences.map(
    (d) =>
      `  step #${d.version} ${d.field}: recorded ${formatJson(d.recorded as never, 200)}, ` +
      `replayed ${formatJson(d.replayed as never, 200)}`,
  );
  return `${head}${r.divergences.length} divergence(s)\n${lines.join('\n')}\n`;
}
