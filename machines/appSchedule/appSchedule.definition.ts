import { z } from 'zod';
import { defineMachine } from '../../src/core/machineDefinition.js';
import { appScheduleMachine } from './appSchedule.machine.js';

/** Machine id of App schedules. */
export const APP_SCHEDULE_MACHINE_ID = 'appSchedule';

const scheduleInputSchema = z.object({
  app: z.string().min(1),
  functionName: z.string().min(1),
  expression: z.string().min(1),
  anchorMs: z.number().int().nonnegative(),
});

/** The schedule machine as the runtime registers it; its commands are carried out by the App runner. */
export const appScheduleDefinition = defineMachine({
  id: APP_SCHEDULE_MACHINE_ID,
  version: 1,
  machine: appScheduleMachine,
  input: scheduleInputSchema,
  description: 'one App schedule: a durable timer per fire, each fire an asynchronous invocation',
});
