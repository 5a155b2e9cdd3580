import { defineMachine } from '../../src/core/machineDefinition.js';
import { approvalRequestExternalEvents, approvalRequestInputSchema } from './approvalRequest.events.js';
import { approvalRequestMachine } from './approvalRequest.machine.js';

/** Machine id of the timeline tour's requests. */
export const APPROVAL_REQUEST_MACHINE_ID = 'approvalRequest';

/** The demo machine, pinned. */
export const approvalRequestDefinition = defineMachine({
  id: APPROVAL_REQUEST_MACHINE_ID,
  version: 1,
  machine: approvalRequestMachine,
  description: 'timeline tour: a backend call with retries, then a wait for approval',
  input: approvalRequestInputSchema,
  events: approvalRequestExternalEvents,
});
