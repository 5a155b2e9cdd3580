import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.js';
import { STORE_ARGS, STORE_USAGE } from '../storeOption.js';
import { openInspectionApp } from '../inspectionApp.js';

/**
 * `statebridge serve`: the timeline page over a store, read only. Unlike `start` it runs no runtime
 * work (no recovery, no timers, no demos), so pointing it at a deployment's table with `--dynamodb`
 * never competes with the deployed ingress and sweeper.
 */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the timeline page over a store without running anything (use --dynamodb for a deployed table)',
  usage: `statebridge serve ${STORE_USAGE} [--port N] [--module FILE]...`,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        ...STORE_ARGS,
        port: { type: 'string', default: '0' },
        module: { type: 'string', multiple: true, default: [] },
      },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      io.stderr(`--port: must be an integer from 0 to 65535, got "${values.port}"\n`);
      return 2;
    }
    const app = await openInspectionApp(values, values.module);
    try {
      const baseUrl = await app.env.http.listen(port);
      const source =
        values.dynamodb === undefined ? `SQLite ${values.db ?? '(default)'}` : `DynamoDB table ${values.dynamodb}`;
      io.stdout(
        `statebridge timeline page (read only) over ${source}\n  timeline: ${baseUrl}/\npress Ctrl+C to stop\n`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await app.env.http.close();
      return 0;
    } finally {
      await app.close();
    }
  },
};
