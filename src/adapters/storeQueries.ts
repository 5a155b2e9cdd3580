import type { InstanceSummary, StepRecord } from '../core/stepRecord.js';
import type { DueTimerPosition, ListInstancesQuery, Page } from '../ports/eventStore.js';

/** Listing order shared by every store: most recently started first, then by id. */
export function compareSummaries(a: InstanceSummary, b: InstanceSummary): number {
  return b.startedAt - a.startedAt || a.instanceId.localeCompare(b.instanceId);
}

/** Filter, order and page summaries the same way in every store that filters in memory. */
export function filterSummaries(all: readonly InstanceSummary[], query: ListInstancesQuery): Page<InstanceSummary> {
  const matching = all
    .filter((s) => query.machineId === undefined || s.machineId === query.machineId)
    .filter((s) => query.status === undefined || s.status === query.status)
    .filter((s) => query.correlationId === undefined || s.correlationId === query.correlationId)
    .filter((s) => query.updatedSince === undefined || s.updatedAt >= query.updatedSince)
    .sort(compareSummaries);
  const offset = query.cursor === undefined ? 0 : Number(query.cursor);
  const limit = query.limit ?? 50;
  const items = matching.slice(offset, offset + limit);
  return offset + limit < matching.length ? { items, cursor: String(offset + limit) } : { items };
}

/** True when the head has commands to run or a timer due by `dueBy`. */
export function hasWork(head: StepRecord, dueBy: number): boolean {
  return head.pending.commands.length > 0 || head.pending.timers.some((t) => t.dueAt <= dueBy);
}

/** The earliest pending timer's due time of a head, or undefined when it has none. */
export function earliestDue(head: StepRecord): number | undefined {
  let due: number | undefined;
  for (const timer of head.pending.timers) if (due === undefined || timer.dueAt < due) due = timer.dueAt;
  return due;
}

/** Order of the due-timer index shared by every store: due time, then stream id. */
export function compareDue(a: DueTimerPosition, b: DueTimerPosition): number {
  return a.dueAt - b.dueAt || (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0);
}
