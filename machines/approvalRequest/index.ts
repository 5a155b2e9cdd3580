export { APPROVAL_REQUEST_MACHINE_ID, approvalRequestDefinition } from './approvalRequest.definition.js';
export { approvalRequestMachine } from './approvalRequest.machine.js';
export type { ApprovalRequestEvent, ApprovalRequestInput } from './approvalRequest.events.js';
