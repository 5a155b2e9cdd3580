import { assign, setup } from 'xstate';

/** A message as it was sent to an embedded queue, and the mappings that each receive it. */
export interface QueueMessageInput {
  readonly queue: string;
  readonly messageId: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly sentAt: number;
  /** Its place among the queue's sends, so a restart restores messages sent in one millisecond in order. */
  readonly sendOrder?: number;
  /** The functions mapped to the queue when the message arrived; none: it waits to be read (a dead-letter queue). */
  readonly consumers: readonly string[];
}

/** Where one consumer stands with the message, as an SQS receipt would say. */
export interface Receipt {
  readonly receiveCount: number;
  /** Epoch ms the message is visible again from, after its last receive. */
  readonly visibleAt: number;
  /** The request id of the batch holding it now, if a batch does. */
  readonly batch?: string;
  readonly done?: 'deleted' | 'redriven';
}

/** The message's life: received in a batch, back after a failure, deleted, moved to a dead-letter queue. */
export type QueueMessageEvent =
  | { type: 'message.received'; consumer: string; requestId: string; visibleAt: number }
  | { type: 'message.returned'; consumer: string; requestId: string }
  | { type: 'message.deleted'; consumer: string; requestId: string }
  | { type: 'message.redriven'; consumer: string; requestId: string; deadLetterQueue: string };

/** The message and each consumer's receipt. */
export interface QueueMessageContext {
  readonly input: QueueMessageInput;
  readonly receipts: Readonly<Record<string, Receipt>>;
}

type Settled = Extract<QueueMessageEvent, { requestId: string }>;

/** The consumer's receipt after `event`, when the event is about the batch that holds the message now. */
function afterSettling(context: QueueMessageContext, event: Settled): Record<string, Receipt> {
  const receipt = context.receipts[event.consumer];
  if (receipt?.batch !== event.requestId) return { ...context.receipts };
  const { batch: _batch, ...rest } = receipt;
  const done =
    event.type === 'message.deleted' ? 'deleted' : event.type === 'message.redriven' ? 'redriven' : undefined;
  return { ...context.receipts, [event.consumer]: done === undefined ? rest : { ...rest, done } };
}

/**
 * One message of an embedded queue kept in the log, so a restart finds it: each receive counts and sets
 * when it is visible again, each batch outcome deletes it, returns it or moves it to the dead-letter
 * queue. An outcome for a batch that no longer holds the message (a receipt handle gone stale) changes
 * nothing. It ends when every consumer is done with it; on a queue nobody maps it waits.
 */
export const queueMessageMachine = setup({
  types: {
    context: {} as QueueMessageContext,
    input: {} as QueueMessageInput,
    events: {} as QueueMessageEvent,
  },
  guards: {
    everyConsumerDone: ({ context }) =>
      context.input.consumers.length > 0 &&
      context.input.consumers.every((name) => context.receipts[name]?.done !== undefined),
    mapsConsumer: ({ context, event }) => 'consumer' in event && context.input.consumers.includes(event.consumer),
  },
}).createMachine({
  id: 'queueMessage',
  context: ({ input }) => ({ input, receipts: {} }),
  initial: 'queued',
  states: {
    queued: {
      always: { guard: 'everyConsumerDone', target: 'consumed' },
      on: {
        'message.received': {
          guard: 'mapsConsumer',
          actions: assign({
            receipts: ({ context, event }) => {
              const before = context.receipts[event.consumer];
              if (before?.done !== undefined) return { ...context.receipts };
              const receiveCount = (before?.receiveCount ?? 0) + 1;
              const receipt = { receiveCount, visibleAt: event.visibleAt, batch: event.requestId };
              return { ...context.receipts, [event.consumer]: receipt };
            },
          }),
        },
        'message.returned': {
          guard: 'mapsConsumer',
          actions: assign({ receipts: ({ context, event }) => afterSettling(context, event) }),
        },
        'message.deleted': {
          guard: 'mapsConsumer',
          actions: assign({ receipts: ({ context, event }) => afterSettling(context, event) }),
        },
        'message.redriven': {
          guard: 'mapsConsumer',
          actions: assign({ receipts: ({ context, event }) => afterSettling(context, event) }),
        },
      },
    },
    consumed: { type: 'final' },
  },
});
