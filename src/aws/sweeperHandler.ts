import { buildAwsRuntime, type AwsHandlerOptions, type AwsRuntime } from './awsRuntime.js';
import { AWS_ENV } from './contract.js';
import { countOverdue, overdueMetricLine } from './overdueMetric.js';
import { relayWhileTimeLeft, type LambdaContextLike } from './relayBudget.js';

/** What one sweep did. */
export interface SweepResult {
  /** Commands found pending and relayed again (at least once: their outcomes are applied once). */
  readonly commands: number;
  /** Timers found due and fired (ones whose firing was lost, or not yet delivered). */
  readonly timers: number;
  /** True when time ran out before the relay finished (the next sweep continues). */
  readonly leftPending: boolean;
  /** Instances still late by more than a sweep interval after this sweep (the `InstancesOverdue` metric). */
  readonly overdue: number;
}

/**
 * The sweeper Lambda, run every minute: `recover()` over the table, so a command left pending by an
 * ingress that died between commit and relay is resumed, and a timer whose firing was lost still fires.
 * Each sweep then logs the `InstancesOverdue` metric (embedded metric format) the deployment alarms on.
 * @example
 * import { createSweeperHandler } from 'statebridge/aws';
 * export const handler = createSweeperHandler({ app: myApp });
 */
export function createSweeperHandler(
  options: AwsHandlerOptions,
): (event?: unknown, context?: LambdaContextLike) => Promise<SweepResult> {
  let built: AwsRuntime | undefined;
  const margin = options.safetyMarginMs ?? 1500;
  return async (_event, context) => {
    built ??= buildAwsRuntime(options, context);
    const { commands, timers } = await built.runtime.recover();
    const relayed = await relayWhileTimeLeft(built.runtime, context, margin);
    const now = built.runtime.clock.now();
    const overdue = await countOverdue(built.runtime.store, now);
    built.log(overdueMetricLine((options.env ?? process.env)[AWS_ENV.table] ?? 'unknown', overdue, now));
    return { commands, timers, leftPending: !relayed, overdue };
  };
}
