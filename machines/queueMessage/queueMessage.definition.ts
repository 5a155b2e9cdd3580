import { z } from 'zod';
import { defineMachine } from '../../src/core/machineDefinition.js';
import type { PersistedState } from '../../src/core/stepRecord.js';
import { queueMessageMachine, type QueueMessageContext } from './queueMessage.machine.js';

/** Machine id of embedded queue messages. */
export const QUEUE_MESSAGE_MACHINE_ID = 'queueMessage';

const name = z.string().min(1, 'must not be empty');
const epochMs = z.number().int().nonnegative();
const batch = { consumer: name, requestId: name };

/** The message machine as the runtime registers it; it has no commands (the SQS mapping acts on it). */
export const queueMessageDefinition = defineMachine({
  id: QUEUE_MESSAGE_MACHINE_ID,
  version: 1,
  machine: queueMessageMachine,
  input: z.object({
    queue: name,
    messageId: name,
    body: z.string(),
    attributes: z.record(z.string(), z.unknown()),
    sentAt: epochMs,
    // Optional: messages kept before sends were numbered have none.
    sendOrder: z.number().int().positive().optional(),
    consumers: z.array(name),
  }),
  events: z.discriminatedUnion('type', [
    z.object({ type: z.literal('message.received'), ...batch, visibleAt: epochMs }),
    z.object({ type: z.literal('message.returned'), ...batch }),
    z.object({ type: z.literal('message.deleted'), ...batch }),
    z.object({ type: z.literal('message.redriven'), ...batch, deadLetterQueue: name }),
  ]),
  description: 'one message of an embedded queue: its receives, visibility and end (deleted or redriven)',
  describe: (state: PersistedState) => {
    const context = state.context as unknown as QueueMessageContext;
    return { title: `message ${context.input.messageId} on ${context.input.queue}`, settled: state.status === 'done' };
  },
});
