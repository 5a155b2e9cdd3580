/**
 * The statebridge deployment as a CDK construct, published as `statebridge/cdk`. `aws-cdk-lib`,
 * `constructs` and `esbuild` are peers (the Lambda code is bundled locally, never in Docker).
 * @example
 * import { App, Stack } from 'aws-cdk-lib';
 * import { Statebridge } from 'statebridge/cdk';
 * const stack = new Stack(new App(), 'Lifecycles');
 * new Statebridge(stack, 'Lifecycles', { app: './my-app.ts' });
 */
export { Statebridge, type StatebridgeProps } from './statebridge.js';
export type { StatebridgeAlarms } from './alarms.js';
export type { AppInventory, FunctionInventory, DestinationTarget, ResponseOnlyLink } from './appInventory.js';
export type { DeployedFunctions } from './registeredFunctions.js';
export type { DeployedAppSources } from './appSources.js';
export type { DeployedRestApi } from './appRestApis.js';
export type { DeployedWebsocketApi } from './appWebsocketApis.js';
export type { AppApiInventory, AppSourceInventory, AppSourceSpec } from './appSourceSpec.js';
export { timerStateMachineDefinition, TIMER_FIRE_STATE, TIMER_WAIT_STATE } from './timerStateMachine.js';
export { bundleLambdaCode, loadAppInventory, type LambdaBundleOptions } from './lambdaBundle.js';
