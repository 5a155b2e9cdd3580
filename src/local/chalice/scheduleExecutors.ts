import { createHash } from 'node:crypto';
import { APP_SCHEDULE_MACHINE_ID } from '../../../machines/appSchedule/appSchedule.definition.js';
import type { ScheduleEvent } from '../../../machines/appSchedule/appSchedule.machine.js';
import { isStatebridgeError } from '../../core/errors.js';
import type { Command } from '../../core/stepRecord.js';
import type { Clock } from '../../ports/clock.js';
import { nextFireTime, previousFireTime } from '../../protocol/schedule/scheduleExpression.js';
import type { CommandExecutor } from '../../runtime/executor.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { FunctionsApp } from '../../app/functions/functionsApp.js';
import { invoke } from './invoke.js';
import type { App, Registration } from '../../app/chalice/app.js';
import { scheduledEventOf, type EventScope } from '../../app/chalice/serviceEvents.js';

/** Fire times folded into one late fire are counted up to this many; beyond it the count says "at least". */
const MISSED_COUNT_LIMIT = 10_000;

/** What the schedule executors need. */
export interface ScheduleHost {
  readonly app: App;
  readonly functions: FunctionsApp;
  readonly clock: Clock;
  readonly scope: EventScope;
}

/** The instance id of one schedule: the app, the function and the expression (a changed expression is a new one). */
export function scheduleInstanceId(app: App, registration: Registration): string {
  const expression = registration.source.kind === 'schedule' ? registration.source.schedule.expression : '';
  return `schedule:${app.appName}:${registration.name}:${hashHex(expression).slice(0, 8)}`;
}

/** Start every schedule's instance (idempotent: a restart finds them and fires what was missed). */
export async function startSchedules(app: App, runtime: Runtime, clock: Clock): Promise<void> {
  for (const registration of app.registrations) {
    if (registration.source.kind !== 'schedule') continue;
    const instanceId = scheduleInstanceId(app, registration);
    const input = {
      app: app.appName,
      functionName: registration.name,
      expression: registration.source.schedule.expression,
      anchorMs: clock.now(),
    };
    try {
      await runtime.start(APP_SCHEDULE_MACHINE_ID, instanceId, input, { eventId: `start:${instanceId}` });
    } catch (error) {
      if (!isStatebridgeError(error, 'INSTANCE_EXISTS')) throw error;
    }
  }
}

/** The rule name EventBridge would give the schedule (at most 64 characters). */
export function ruleNameOf(app: App, functionName: string): string {
  return `${app.appName}-${functionName}`.slice(0, 64);
}

/** A GUID derived from a key, so a fire re-run after a crash is the same invocation and the same event. */
export function guidOf(key: string): string {
  const hex = hashHex(key);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function hashHex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

type ScheduleParams = { functionName: string; expression: string; anchorMs: number; scheduledAt?: number };

function currentSchedule(host: ScheduleHost, params: ScheduleParams) {
  const registration = host.app.registration(params.functionName);
  const source = registration?.source;
  if (registration === undefined || source?.kind !== 'schedule' || source.schedule.expression !== params.expression)
    return undefined;
  return { registration, schedule: source.schedule };
}

/** Executors of the schedule machine's commands: plan the next fire, and fire. */
export function scheduleExecutors(host: ScheduleHost): Record<string, CommandExecutor> {
  const retired: ScheduleEvent = { type: 'schedule.retired', reason: 'the app no longer registers this schedule' };
  const planFire: CommandExecutor = async (command: Command): Promise<ScheduleEvent> => {
    const params = command.params as unknown as ScheduleParams;
    const current = currentSchedule(host, params);
    if (current === undefined) return retired;
    const now = host.clock.now();
    const next = nextFireTime(current.schedule, now, { anchorMs: params.anchorMs });
    if (next === undefined) return { type: 'schedule.retired', reason: 'the expression has no fire time left' };
    return { type: 'schedule.planned', nextFireAt: next, delayMs: next - now };
  };
  // Missed-fire policy: a schedule whose fire times passed while nothing ran fires once, late, for the
  // latest of them, and records how many it folded in; it never replays a backlog.
  const fireSchedule: CommandExecutor = async (command: Command, context): Promise<ScheduleEvent> => {
    const params = command.params as unknown as ScheduleParams & { scheduledAt: number };
    const current = currentSchedule(host, params);
    if (current === undefined) return retired;
    const options = { anchorMs: params.anchorMs };
    const now = host.clock.now();
    let latest = params.scheduledAt;
    let skipped = 0;
    for (let t = nextFireTime(current.schedule, latest, options); t !== undefined && t <= now;) {
      skipped += 1;
      latest = t;
      if (skipped >= MISSED_COUNT_LIMIT) {
        latest = previousFireTime(current.schedule, now + 1, options) ?? latest;
        break;
      }
      t = nextFireTime(current.schedule, t, options);
    }
    const id = guidOf(`${context.instanceId}@${latest}`);
    const rule = ruleNameOf(host.app, current.registration.name);
    await invoke(host.functions, current.registration, scheduledEventOf({ rule, at: latest, id }, host.scope), {
      requestId: id,
      trigger: { kind: 'eventSource', source: `schedule:${rule}`, rule: params.expression, eventId: id },
    });
    const next = nextFireTime(current.schedule, now, options);
    if (next === undefined) return { type: 'schedule.retired', reason: 'the expression has no fire time left' };
    return {
      type: 'schedule.fired',
      scheduledAt: latest,
      firedAt: now,
      requestId: id,
      skipped,
      nextFireAt: next,
      delayMs: next - now,
    };
  };
  return { planFire, fireSchedule };
}

export { APP_SCHEDULE_MACHINE_ID };
