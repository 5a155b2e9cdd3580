import { assign, setup } from 'xstate';

/** The input of one schedule instance: which function it fires and on which expression. */
export interface ScheduleInput {
  readonly app: string;
  readonly functionName: string;
  readonly expression: string;
  /** When the schedule was first started (epoch ms): rates count their periods from here. */
  readonly anchorMs: number;
}

/** The next fire time as the executor computed it from the clock (machines never read the clock). */
export type FirePlan = {
  readonly nextFireAt: number;
  readonly delayMs: number;
};

/** Events of the schedule machine. */
export type ScheduleEvent =
  | ({ type: 'schedule.planned' } & FirePlan)
  | { type: 'schedule.due'; scheduledAt: number }
  | ({
      type: 'schedule.fired';
      /** The fire time the invocation was made for (the latest one passed, when fires were missed). */
      scheduledAt: number;
      firedAt: number;
      requestId: string;
      /** Fire times passed while nothing ran, folded into this one fire (the missed-fire policy). */
      skipped: number;
    } & FirePlan)
  | { type: 'schedule.retired'; reason: string }
  | { type: 'statebridge.command.failed'; kind: string; key: string }
  | { type: 'statebridge.command.done'; kind: string; key: string };

/** What one schedule has done so far. */
export interface ScheduleContext {
  readonly input: ScheduleInput;
  readonly fires: number;
  readonly skipped: number;
  readonly nextFireAt: number | undefined;
}

const scheduleSetup = setup({
  types: {
    context: {} as ScheduleContext,
    input: {} as ScheduleInput,
    events: {} as ScheduleEvent,
  },
  actions: {
    planFire: (_, _params: { functionName: string; expression: string; anchorMs: number }) => undefined,
    fireSchedule: (_, _params: { scheduledAt: number; functionName: string; expression: string; anchorMs: number }) =>
      undefined,
  },
});

/** Arm the timer for the planned fire time; the delay comes from the plan, measured on the runtime's clock. */
const armTimer = scheduleSetup.raise(
  ({ event }) => ({ type: 'schedule.due' as const, scheduledAt: 'nextFireAt' in event ? event.nextFireAt : 0 }),
  { delay: ({ event }) => ('delayMs' in event ? Math.max(0, event.delayMs) : 0), id: 'due' },
);

/**
 * One schedule of an App: a durable timer per fire time. Each fire is a command (so it happens once per
 * step, after commit) that starts an asynchronous invocation of the function; the executor plans the
 * next fire from the clock. It retires when the app no longer registers this expression for the function.
 */
export const appScheduleMachine = scheduleSetup.createMachine({
  id: 'appSchedule',
  context: ({ input }) => ({ input, fires: 0, skipped: 0, nextFireAt: undefined }),
  initial: 'planning',
  states: {
    planning: {
      entry: {
        type: 'planFire',
        params: ({ context }) => ({
          functionName: context.input.functionName,
          expression: context.input.expression,
          anchorMs: context.input.anchorMs,
        }),
      },
      on: {
        'schedule.planned': {
          target: 'waiting',
          actions: [assign({ nextFireAt: ({ event }) => event.nextFireAt }), armTimer],
        },
        'schedule.retired': 'retired',
      },
    },
    waiting: {
      on: {
        'schedule.due': 'firing',
        'schedule.retired': 'retired',
      },
    },
    firing: {
      entry: {
        type: 'fireSchedule',
        params: ({ context, event }) => ({
          scheduledAt: event.type === 'schedule.due' ? event.scheduledAt : (context.nextFireAt ?? 0),
          functionName: context.input.functionName,
          expression: context.input.expression,
          anchorMs: context.input.anchorMs,
        }),
      },
      on: {
        'schedule.fired': {
          target: 'waiting',
          actions: [
            assign({
              fires: ({ context }) => context.fires + 1,
              skipped: ({ context, event }) => context.skipped + event.skipped,
              nextFireAt: ({ event }) => event.nextFireAt,
            }),
            armTimer,
          ],
        },
        'schedule.retired': 'retired',
        // An executor fault: wait for the next fire rather than loop on a broken one.
        'statebridge.command.failed': 'planning',
      },
    },
    retired: { type: 'final' },
  },
});
