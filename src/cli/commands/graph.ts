import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultDatabasePath } from '../compose.js';
import type { CliCommand } from '../command.js';
import { machineDiagram } from '../../timeline/instanceGraph.js';
import { openInspectionApp } from '../inspectionApp.js';
import { STORE_ARGS, STORE_USAGE } from '../storeOption.js';

/** `statebridge graph <machine>`: the machine as a Mermaid state diagram. */
export const graphCommand: CliCommand = {
  name: 'graph',
  summary: 'print a machine as a Mermaid stateDiagram-v2 (states an instance visited highlighted with --instance)',
  usage: `statebridge graph <machine> [--instance ID] ${STORE_USAGE} [--module FILE]`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { ...STORE_ARGS, instance: { type: 'string' }, module: { type: 'string', multiple: true, default: [] } },
    });
    const [machineId] = positionals;
    // Drawing a machine needs no store; only an instance's visited states do.
    const noStore = values.instance === undefined && values.db === undefined && values.dynamodb === undefined;
    const store = noStore && !existsSync(defaultDatabasePath()) ? { ...values, db: 'memory' } : values;
    if (machineId === undefined) {
      const app = await openInspectionApp(store, values.module);
      try {
        io.stderr(
          `usage: ${this.usage}\nmachines: ${
            app.env.runtime.registry
              .list()
              .map((r) => `${r.definition.id}@${r.definition.version}`)
              .join(', ') || '(none)'
          }\n`,
        );
      } finally {
        await app.close();
      }
      return 2;
    }
    const app = await openInspectionApp(store, values.module);
    try {
      io.stdout(await machineDiagram(app.env.runtime.registry, app.env.store, machineId, values.instance));
      return 0;
    } finally {
      await app.close();
    }
  },
};
