import { defineMachine } from '../../src/core/machineDefinition.js';
import { customResourceExternalEvents } from './customResource.events.js';
import { describeCustomResource } from './customResource.description.js';
import { customResourceMachine } from './customResource.machine.js';

/** Machine id of custom resource request instances. */
export const CUSTOM_RESOURCE_MACHINE_ID = 'customResource';

/**
 * The custom resource request lifecycle as the runtime registers it; executors for `invokeHandler`,
 * `pollHandler` and `putResponse` come from `src/app/customResource`.
 */
export const customResourceDefinition = defineMachine({
  id: CUSTOM_RESOURCE_MACHINE_ID,
  version: 1,
  machine: customResourceMachine,
  events: customResourceExternalEvents,
  description:
    'one CloudFormation/ROS custom resource request: handler → (deferred | polling) → one decided answer → delivered',
  describe: describeCustomResource,
});
