import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import {
  cancelAsOperator,
  retryAsOperator,
  sendAsOperator,
  type ActionResult,
  type OperatorActor,
} from '../../app/operator/operatorActions.js';
import { ValidationError } from '../../core/errors.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { CliCommand, CommandIo } from '../command.js';
import { STORE_ARGS, STORE_USAGE } from '../storeOption.js';
import { openInspectionApp } from '../inspectionApp.js';
import { safeText } from '../../timeline/textFormat.js';

/** The operator behind a CLI action: `STATEBRIDGE_USER`, else the login name. */
function cliActor(env: NodeJS.ProcessEnv = process.env): OperatorActor {
  const user = env['STATEBRIDGE_USER'] ?? env['USER'] ?? safeUserName();
  return user === undefined || user === '' ? { actor: 'cli' } : { actor: 'cli', user };
}

function safeUserName(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined; // no passwd entry (some containers): the action is still recorded, as "cli"
  }
}

/** One line per written step: what changed, and how the instance stands now. */
function formatActionResult(result: ActionResult): string {
  const r = result.record;
  if (!result.applied) return `${safeText(r.streamId)}: nothing written (this event was applied before)\n`;
  const outcome = r.about?.outcome === undefined ? '' : `, outcome ${r.about.outcome.label}`;
  const detail = r.about?.outcome?.detail === undefined ? '' : ` (${r.about.outcome.detail})`;
  return (
    `${safeText(r.streamId)} #${r.version} ${safeText(String(r.event.type))}: ` +
    `${safeText(r.stateBefore ?? '∅')} → ${safeText(r.stateAfter)} (${r.state.status}${outcome})${safeText(detail)}\n`
  );
}

/**
 * Open the store with every shipped machine plus `--module` files, run one action, wait for the commands
 * it set going (run here, as `start` would run them), and print the step.
 */
async function runAction(
  args: readonly string[],
  io: CommandIo,
  arity: number,
  usage: string,
  act: (runtime: Runtime, positionals: string[]) => Promise<ActionResult>,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { ...STORE_ARGS, module: { type: 'string', multiple: true, default: [] } },
  });
  if (positionals.length !== arity) {
    io.stderr(`usage: ${usage}\n`);
    return 2;
  }
  const app = await openInspectionApp(values, values.module);
  try {
    const result = await act(app.env.runtime, positionals);
    io.stdout(formatActionResult(result));
    await app.env.runtime.idle();
    const head = await app.env.store.readHead(result.record.streamId);
    if (head !== undefined && head.version !== result.record.version)
      io.stdout(`now: ${safeText(head.stateAfter)} (${head.state.status}) after #${head.version}\n`);
    return 0;
  } finally {
    await app.close();
  }
}

function parseEvent(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError('event', [
      {
        path: '<event-json>',
        rule: `must be a JSON object such as '{"type":"APPROVE"}' (${(error as Error).message})`,
      },
    ]);
  }
}

/** `statebridge send <id> <event-json>`. */
export const sendCommand: CliCommand = {
  name: 'send',
  summary: 'send an event to an instance as an operator (recorded as sent by cli and your user name)',
  usage: `statebridge send <id> <event-json> ${STORE_USAGE} [--module FILE]...`,
  run(args, io) {
    return runAction(args, io, 2, this.usage, (runtime, [id, event]) =>
      sendAsOperator(runtime, id!, parseEvent(event!), cliActor()),
    );
  },
};

/** `statebridge cancel <id>`. */
export const cancelCommand: CliCommand = {
  name: 'cancel',
  summary: 'end a running instance where it stands: its timers are cancelled, its outcome becomes Cancelled',
  usage: `statebridge cancel <id> ${STORE_USAGE} [--module FILE]...`,
  run(args, io) {
    return runAction(args, io, 1, this.usage, (runtime, [id]) => cancelAsOperator(runtime, id!, cliActor()));
  },
};

/** `statebridge retry <id>`. */
export const retryCommand: CliCommand = {
  name: 'retry',
  summary:
    'start a failed invocation again as a new linked invocation, or re-deliver an undelivered custom resource answer',
  usage: `statebridge retry <id> ${STORE_USAGE} [--module FILE]...`,
  run(args, io) {
    return runAction(args, io, 1, this.usage, (runtime, [id]) => retryAsOperator(runtime, id!, cliActor()));
  },
};
