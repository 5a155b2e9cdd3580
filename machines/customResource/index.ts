export { CUSTOM_RESOURCE_MACHINE_ID, customResourceDefinition } from './customResource.definition.js';
export { customResourceMachine } from './customResource.machine.js';
export type {
  CustomResourceContext,
  CustomResourceEvent,
  CustomResourceInput,
  HandlerOutcome,
  PollOutcome,
  DecidedBy,
  Delivery,
} from './customResource.events.js';
