import type { CustomResourceProvider } from '../../protocol/customResource/request.js';
import type { AppEnvironment } from '../environment.js';
import type { HandlerModulePolicy } from './handlerModuleLocation.js';
import { customResourceInstallation } from './module.js';
import { StackSimulation } from './stackSimulation.js';

/** What a simulation did: stack events printed, and the instance of every request sent. */
interface SimulationResult {
  readonly ok: boolean;
  readonly instances: readonly string[];
}

/** Options of `stack simulate`. */
interface SimulateOptions extends HandlerModulePolicy {
  readonly templatePath: string;
  readonly updatePath?: string;
  readonly delete?: boolean;
  readonly provider?: CustomResourceProvider;
  readonly stackName?: string;
}

/**
 * Play the provider side of CloudFormation (or ROS) for a template on this runtime: Create each custom
 * resource, optionally Update to a second template and Delete, rolling back as the provider does
 * (Delete with the FAILED answer's id after a failed Create; swapped-property Update after a failed
 * Update), printing stack events as they happen.
 */
export async function simulateStack(env: AppEnvironment, options: SimulateOptions): Promise<SimulationResult> {
  const installed = customResourceInstallation(env);
  if (installed === undefined) throw new Error('the custom resource module is not installed');
  const provider = options.provider ?? 'cloudformation';
  const stack = new StackSimulation(env, installed, provider, options.stackName ?? 'simulated-stack', options);
  // Both templates are read and every handler loaded before anything is created.
  await stack.load(options.templatePath);
  if (options.updatePath !== undefined) await stack.load(options.updatePath);
  if (!(await stack.create(options.templatePath))) return { ok: false, instances: stack.instances };
  let ok = true;
  if (options.updatePath !== undefined) ok = await stack.update(options.updatePath);
  if (options.delete === true) ok = await stack.delete(options.updatePath ?? options.templatePath, ok);
  return { ok, instances: stack.instances };
}
