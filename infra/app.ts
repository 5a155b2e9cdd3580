/**
 * The shipped deployment, two stacks:
 * - `Statebridge`: statebridge with the demo modules (infra/demoApp.ts). It needs nothing that exists before it:
 *   `npx cdk deploy Statebridge` deploys it as it is.
 * - `StatebridgeMedia`: the media App (infra/mediaApp.ts), one function per kind of App source. It imports a bucket,
 *   a topic, queues, a Kinesis stream and a table stream by name: create them (or edit the names) before
 *   `npx cdk deploy StatebridgeMedia`.
 * `npm run synth` writes both templates and their Lambda bundles to cdk.out/, offline (no account, no Docker).
 * Account and region come from the CDK CLI's environment when it deploys; synth alone leaves them to
 * CloudFormation.
 */
import { App, Stack } from 'aws-cdk-lib';
import { fileURLToPath } from 'node:url';
import { Statebridge } from '../src/cdk/index.js';

const app = new App({ outdir: process.env['CDK_OUTDIR'] ?? 'cdk.out' });
const account = process.env['CDK_DEFAULT_ACCOUNT'];
const region = process.env['CDK_DEFAULT_REGION'];
const env = account !== undefined && region !== undefined ? { env: { account, region } } : {};
const name = process.env['STATEBRIDGE_STACK'] ?? 'Statebridge';
const infra = (file: string) => fileURLToPath(new URL(file, import.meta.url));

const stack = new Stack(app, name, {
  description: 'statebridge: custom resources and async invocations as persisted state machines',
  ...env,
});
new Statebridge(stack, 'Lifecycles', { app: infra('./demoApp.ts') });

const mediaStack = new Stack(app, `${name}Media`, {
  description: 'statebridge: the media App, one function per kind of App source',
  ...env,
});
// Its own function-name prefix, so both stacks deploy into one account and region.
new Statebridge(mediaStack, 'Media', { app: infra('./mediaApp.ts'), functionNamePrefix: 'statebridge-media-' });

const assembly = app.synth();
if (process.env['CDK_OUTDIR'] === undefined) {
  // Run directly (npm run synth), say where the output went; the CDK CLI prints its own summary.
  console.log(`synthesized ${assembly.stacks.map((s) => s.stackName).join(', ')} to ${assembly.directory}`);
}
