import { parseArgs } from 'node:util';
import { describeRequests } from '../../app/customResource/stackReport.js';
import { simulateStack } from '../../app/customResource/stackSimulator.js';
import { TimerLoop } from '../../runtime/timerLoop.js';
import { describeError, type CliCommand } from '../command.js';
import { composeApp, openStore } from '../compose.js';

/** `statebridge stack simulate`: play CloudFormation or ROS against local custom resource handlers. */
export const stackCommand: CliCommand = {
  name: 'stack',
  summary: 'simulate a CloudFormation/ROS stack of custom resources against local handler modules',
  usage:
    'statebridge stack simulate <template.json|yaml> [--update new.yaml] [--delete] ' +
    '[--provider cloudformation|ros] [--db memory|PATH] [--stack-name NAME] ' +
    '[--handler LogicalId=PATH[#export]]... [--allow-module-dir DIR]... [--quiet]',
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'simulate') {
      io.stderr(`usage: ${this.usage}\n`);
      return 2;
    }
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          update: { type: 'string' },
          delete: { type: 'boolean', default: false },
          provider: { type: 'string', default: 'cloudformation' },
          db: { type: 'string', default: 'memory' },
          'stack-name': { type: 'string' },
          quiet: { type: 'boolean', default: false },
          handler: { type: 'string', multiple: true, default: [] },
          'allow-module-dir': { type: 'string', multiple: true, default: [] },
        },
      });
    } catch (error) {
      io.stderr(`${describeError(error)}\nusage: ${this.usage}\n`);
      return 2;
    }
    const { values, positionals } = parsed;
    const template = positionals[0];
    const provider = values.provider;
    if (template === undefined || (provider !== 'cloudformation' && provider !== 'ros')) {
      const problem =
        template === undefined
          ? 'a template path is required'
          : `--provider: must be cloudformation or ros, got "${provider}"`;
      io.stderr(`${problem}\nusage: ${this.usage}\n`);
      return 2;
    }
    const handlerPaths: Record<string, string> = {};
    for (const pair of values.handler) {
      const match = /^([^=]+)=(.+)$/.exec(pair);
      if (match === null) {
        io.stderr(`--handler: must be LogicalId=PATH, got "${pair}"\nusage: ${this.usage}\n`);
        return 2;
      }
      handlerPaths[match[1] ?? ''] = match[2] ?? '';
    }
    const env = composeApp({ store: openStore(values.db), log: (line) => io.stdout(`${line}\n`) });
    const timers = new TimerLoop(env.runtime, env.clock, { pollMs: 200 });
    const stopWaking = env.runtime.onStep((record) => record.timersSet.length > 0 && timers.wake());
    await env.http.listen(0);
    timers.start();
    try {
      const result = await simulateStack(env, {
        templatePath: template,
        provider,
        delete: values.delete,
        handlerPaths,
        allowModuleDirs: values['allow-module-dir'],
        ...(values.update === undefined ? {} : { updatePath: values.update }),
        ...(values['stack-name'] === undefined ? {} : { stackName: values['stack-name'] }),
      });
      await env.runtime.idle();
      if (!values.quiet) {
        io.stdout('\nrequest timelines\n');
        for (const line of await describeRequests(env.store, result.instances)) io.stdout(`${line}\n`);
      }
      return result.ok ? 0 : 1;
    } catch (error) {
      io.stderr(`stack simulate: ${describeError(error)}\n`);
      return 1;
    } finally {
      stopWaking();
      await timers.stop();
      await env.http.close();
      await env.runtime.close();
    }
  },
};
