import { ValidationError } from '../core/errors.js';
import type { InstanceSummary, StepRecord } from '../core/stepRecord.js';
import type { DueTimerPosition, ListInstancesQuery, Page } from '../ports/eventStore.js';

/** Where a listing page ends: the start time and id of its last instance, so the next page seeks past it. */
export interface ListingPosition {
  readonly startedAt: number;
  readonly instanceId: string;
}

/** The opaque cursor of the page after `last`. */
export function encodeListingCursor(last: ListingPosition): string {
  return Buffer.from(JSON.stringify([last.startedAt, last.instanceId])).toString('base64url');
}

/** The position a cursor from `encodeListingCursor` stands for; a ValidationError for any other text. */
export function decodeListingCursor(cursor: string): ListingPosition {
  try {
    const [startedAt, instanceId] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown];
    if (typeof startedAt === 'number' && typeof instanceId === 'string') return { startedAt, instanceId };
  } catch {
    // fall through to the error below
  }
  throw new ValidationError('listing query', [
    { path: 'cursor', rule: `"${cursor}" is not a cursor this store returned` },
  ]);
}

/** True when `summary` passes the query's filters (everything but the cursor and the limit). */
export function summaryMatches(summary: InstanceSummary, query: ListInstancesQuery): boolean {
  return (
    (query.machineId === undefined || summary.machineId === query.machineId) &&
    (query.status === undefined || summary.status === query.status) &&
    (query.correlationId === undefined || summary.correlationId === query.correlationId) &&
    (query.updatedSince === undefined || summary.updatedAt >= query.updatedSince) &&
    (query.outcome === undefined || summary.outcome?.result === query.outcome) &&
    (query.settled === undefined || (summary.settled === true) === query.settled) &&
    (query.source === undefined || summary.source === query.source)
  );
}

/**
 * Instances kept in listing order as they start (an instance's start time never changes), so that a
 * page seeks to its cursor by binary search and reads on from there: the last page of a long listing
 * costs what the first does.
 */
export class ListingOrder {
  /**
   * Held last-listed first: the listing shows the newest instance first, and a new instance is nearly
   * always the newest, so it goes on the end of the array instead of moving every other entry along.
   */
  private readonly reversed: ListingPosition[] = [];

  /** Place a newly started instance. */
  add(position: ListingPosition): void {
    // Nearly always the newest (what the search below would find at its first probe): no search then.
    const newest = this.reversed[this.reversed.length - 1];
    if (newest === undefined || !listsBefore(newest, position)) {
      this.reversed.push(position);
      return;
    }
    const index = this.reversed.length - this.firstAfter(position);
    if (index === this.reversed.length) this.reversed.push(position);
    else this.reversed.splice(index, 0, position);
  }

  /** One page of the instances that pass the query's filters, reading each summary through `summaryOf`. */
  page(query: ListInstancesQuery, summaryOf: (instanceId: string) => InstanceSummary): Page<InstanceSummary> {
    const limit = query.limit ?? 50;
    const items: InstanceSummary[] = [];
    let i = query.cursor === undefined ? 0 : this.firstAfter(decodeListingCursor(query.cursor));
    for (; i < this.reversed.length; i += 1) {
      const summary = summaryOf(this.at(i).instanceId);
      if (!summaryMatches(summary, query)) continue;
      if (items.length === limit) return { items, cursor: encodeListingCursor(items[items.length - 1]!) };
      items.push(summary);
    }
    return { items };
  }

  /** The position listed `i`-th. */
  private at(i: number): ListingPosition {
    return this.reversed[this.reversed.length - 1 - i]!;
  }

  /** Listing index of the first position that lists after `position`. */
  private firstAfter(position: ListingPosition): number {
    let low = 0;
    let high = this.reversed.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (listsBefore(this.at(mid), position)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

function listsBefore(a: ListingPosition, b: ListingPosition): boolean {
  return a.startedAt > b.startedAt || (a.startedAt === b.startedAt && a.instanceId <= b.instanceId);
}

/** True when the head has commands to run or a timer due by `dueBy`. */
export function hasWork(head: StepRecord, dueBy: number): boolean {
  return head.pending.commands.length > 0 || head.pending.timers.some((t) => t.dueAt <= dueBy);
}

export { earliestDue } from '../core/stepRecord.js';

/** Order of the due-timer index shared by every store: due time, then stream id. */
export function compareDue(a: DueTimerPosition, b: DueTimerPosition): number {
  return a.dueAt - b.dueAt || (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0);
}
