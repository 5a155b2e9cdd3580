import type { EventStore } from '../ports/eventStore.js';
import { OVERDUE_METRIC } from './contract.js';

/** How late work must be to count as overdue: one sweep interval. */
export const OVERDUE_AFTER_MS = 60_000;
/** The count is read from one page of the work index; more than this reports this many. */
const OVERDUE_SCAN_LIMIT = 1_000;

/**
 * Instances whose work is late by more than a sweep interval after the sweep ran: an earliest timer past
 * due by that much, or commands decided that long ago and still unacknowledged. A healthy deployment
 * reports 0; an instance pinned to a version the deployment lacks, or a handler that keeps timing out,
 * shows here.
 */
export async function countOverdue(store: EventStore, now: number): Promise<number> {
  const limit = now - OVERDUE_AFTER_MS;
  const heads = await store.listWork({ dueBy: limit, limit: OVERDUE_SCAN_LIMIT });
  return heads.filter(
    (head) =>
      head.pending.timers.some((t) => t.dueAt <= limit) || (head.pending.commands.length > 0 && head.at <= limit),
  ).length;
}

/** One CloudWatch embedded-metric-format line: Lambda's log stream turns it into the metric, no IAM call. */
export function overdueMetricLine(tableName: string, overdue: number, now: number): string {
  return JSON.stringify({
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [
        {
          Namespace: OVERDUE_METRIC.namespace,
          Dimensions: [[OVERDUE_METRIC.dimension]],
          Metrics: [{ Name: OVERDUE_METRIC.name, Unit: 'Count' }],
        },
      ],
    },
    [OVERDUE_METRIC.dimension]: tableName,
    [OVERDUE_METRIC.name]: overdue,
  });
}
