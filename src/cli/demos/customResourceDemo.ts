import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeRequests } from '../../app/customResource/stackReport.js';
import { simulateStack } from '../../app/customResource/stackSimulator.js';
import type { Demo } from '../../app/environment.js';

// The package root is three folders up from src/cli/demos in a checkout, four from dist/src/cli/demos when installed.
const template = ['../../../', '../../../../']
  .map((up) => fileURLToPath(new URL(`${up}examples/custom-resources/stack.yaml`, import.meta.url)))
  .find((path) => existsSync(path))!;

/**
 * Creates and deletes a two-resource stack — one answered at once, one deferred and answered about a
 * second later by a Responder — printing CloudFormation-style stack events and each request's steps.
 */
export const customResourceDemo: Demo = {
  name: 'custom resources',
  description:
    'a CloudFormation stack with an immediate and a deferred custom ' +
    'resource: create, then delete (examples/custom-resources/stack.yaml)',
  async run(env) {
    const result = await simulateStack(env, { templatePath: template, delete: true, stackName: 'demo-stack' });
    await env.runtime.idle();
    env.log('');
    env.log('request timelines (open them on the timeline page too):');
    for (const line of await describeRequests(env.store, result.instances)) env.log(line);
    const deferred = result.instances[1];
    if (deferred !== undefined) env.log(`see one whole: statebridge timeline '${deferred}'`);
  },
};
