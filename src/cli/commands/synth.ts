import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ValidationError } from '../../core/errors.js';
import type { CliCommand } from '../command.js';

/**
 * `statebridge synth --app FILE`: the CloudFormation template and Lambda bundle of a deployment of your
 * app, offline (no account, no Docker), without writing a CDK app. Deploy the output with
 * `npx aws-cdk@2 deploy --app <out>`.
 */
export const synthCommand: CliCommand = {
  name: 'synth',
  summary: 'write the CloudFormation template and Lambda bundle of a statebridge deployment of your app (offline)',
  usage: 'statebridge synth --app FILE [--out DIR] [--stack NAME] [--index-shards N] [--function-prefix P]',
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        app: { type: 'string' },
        out: { type: 'string', default: 'cdk.out' },
        stack: { type: 'string', default: 'Statebridge' },
        'index-shards': { type: 'string' },
        'function-prefix': { type: 'string' },
      },
    });
    if (values.app === undefined)
      throw new ValidationError('synth', [
        { path: '--app', rule: 'is required: the module exporting your AppModule(s)' },
      ]);
    const shards = values['index-shards'] === undefined ? undefined : Number(values['index-shards']);
    // Loaded only here: aws-cdk-lib, constructs and esbuild are optional peers.
    const [{ App, Stack }, { Statebridge }] = await Promise.all([import('aws-cdk-lib'), import('../../cdk/index.js')]);
    const app = new App({ outdir: resolve(values.out) });
    const stack = new Stack(app, values.stack);
    new Statebridge(stack, 'Lifecycles', {
      app: resolve(values.app),
      ...(shards === undefined ? {} : { indexShards: shards }),
      ...(values['function-prefix'] === undefined ? {} : { functionNamePrefix: values['function-prefix'] }),
    });
    const assembly = app.synth();
    io.stdout(
      `synthesized ${values.stack} to ${assembly.directory}\n` +
        `deploy: npx aws-cdk@2 deploy --app ${assembly.directory}\n`,
    );
    return 0;
  },
};
