/**
 * The shipped deployment: statebridge with the demo modules (infra/demoApp.ts) and the media App
 * (infra/mediaApp.ts) in one stack. The media App imports a bucket, a topic, a queue, a Kinesis stream and a
 * table stream by name: create them (or edit the names) before `npx cdk deploy`.
 * `npm run synth` writes the CloudFormation template and the Lambda bundle to cdk.out/, offline (no
 * account, no Docker); `npx cdk deploy` (the AWS CDK CLI, with credentials) deploys it. Account and
 * region come from the CDK CLI's environment when it deploys; synth alone leaves them to CloudFormation.
 */
import { App, Stack } from 'aws-cdk-lib';
import { fileURLToPath } from 'node:url';
import { Statebridge } from '../src/cdk/index.js';

const app = new App({ outdir: process.env['CDK_OUTDIR'] ?? 'cdk.out' });
const account = process.env['CDK_DEFAULT_ACCOUNT'];
const region = process.env['CDK_DEFAULT_REGION'];
const stack = new Stack(app, process.env['STATEBRIDGE_STACK'] ?? 'Statebridge', {
  description: 'statebridge: custom resources and async invocations as persisted state machines',
  ...(account !== undefined && region !== undefined ? { env: { account, region } } : {}),
});
new Statebridge(stack, 'Lifecycles', { app: fileURLToPath(new URL('./shippedApp.ts', import.meta.url)) });
const assembly = app.synth();
if (process.env['CDK_OUTDIR'] === undefined) {
  // Run directly (npm run synth), say where the output went; the CDK CLI prints its own summary.
  console.log(`synthesized ${assembly.stacks.map((s) => s.stackName).join(', ')} to ${assembly.directory}`);
}
