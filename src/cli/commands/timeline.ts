import { parseArgs } from 'node:util';
import type { CliCommand, CommandIo } from '../command.js';
import { ChainReader } from '../../timeline/chainReader.js';
import { parsePositiveInt } from '../../timeline/durationArg.js';
import { openInspectionApp } from '../inspectionApp.js';
import { renderTimeline } from '../../timeline/renderTimeline.js';
import { STORE_ARGS, STORE_USAGE } from '../storeOption.js';

/** `statebridge timeline <id>`: every event of an instance (or its chain, or a Step Functions execution) in order. */
export const timelineCommand: CliCommand = {
  name: 'timeline',
  summary: 'show every event of an instance with states, commands, timers, retries and links (--follow to watch)',
  usage:
    `statebridge timeline <id> ${STORE_USAGE} [--json] [--follow | --follow-chain | --chain] ` +
    `[--interval MS] [--page-size N] [--module FILE]\n` +
    '  statebridge timeline --sfn <executionArn> [--endpoint URL] [--region R] [--json]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        ...STORE_ARGS,
        json: { type: 'boolean', default: false },
        follow: { type: 'boolean', default: false },
        'follow-chain': { type: 'boolean', default: false },
        chain: { type: 'boolean', default: false },
        interval: { type: 'string', default: '500' },
        'page-size': { type: 'string', default: '500' },
        module: { type: 'string', multiple: true, default: [] },
        sfn: { type: 'string' },
      },
    });
    if (values.sfn !== undefined) {
      // Loaded only for --sfn: @aws-sdk/client-sfn is an optional peer dependency.
      const { renderSfnTimeline } = await import('../../timeline/sfnTimeline.js');
      return renderSfnTimeline(values.sfn, io, {
        json: values.json,
        ...(values.endpoint === undefined ? {} : { endpoint: values.endpoint }),
        ...(values.region === undefined ? {} : { region: values.region }),
      });
    }
    const [id] = positionals;
    if (id === undefined) {
      io.stderr(`usage: ${this.usage}\n`);
      return 2;
    }
    const chain = values.chain || values['follow-chain'];
    const follow = values.follow || values['follow-chain'];
    const app = await openInspectionApp(values, values.module);
    const stop = follow ? interruptSignal() : undefined;
    try {
      const reader = new ChainReader(app.env.store, id, {
        chain,
        pageSize: parsePositiveInt(values['page-size'], '--page-size'),
        redactionFor: app.redactionFor,
      });
      await renderTimeline(reader, writerFor(io), {
        json: values.json,
        showInstance: chain,
        follow,
        intervalMs: parsePositiveInt(values.interval, '--interval'),
        ...(stop === undefined ? {} : { signal: stop.signal }),
      });
      return 0;
    } finally {
      stop?.dispose();
      await app.close();
    }
  },
};

function writerFor(io: CommandIo): (text: string) => void {
  return (text) => io.stdout(text);
}

/** Ctrl+C ends following gracefully (the summary is still printed). */
function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', abort);
      process.off('SIGTERM', abort);
    },
  };
}
