import type { StepRecord } from '../../core/stepRecord.js';
import type { DueTimerPosition, DueTimerQuery, WorkQuery } from '../../ports/eventStore.js';
import { compareDue, earliestDue } from '../storeQueries.js';

/**
 * Streams with work outstanding, kept up to date on every append: the streams with pending commands
 * (in the order they got them) and one entry per stream with timers, sorted by its earliest due time.
 * Queries touch only streams with work, never every stream ever created.
 */
export class MemoryWorkIndex {
  private readonly commands = new Set<string>();
  /** Sorted by `compareDue`; a stream appears at most once. */
  private readonly timers: DueTimerPosition[] = [];
  private readonly dueOf = new Map<string, number>();

  /** Re-index a stream after its head changed. */
  update(head: StepRecord): void {
    const id = head.streamId;
    if (head.pending.commands.length > 0) this.commands.add(id);
    else this.commands.delete(id);
    const before = this.dueOf.get(id);
    const after = earliestDue(head);
    if (before === after) return;
    if (before !== undefined) {
      this.timers.splice(this.position({ dueAt: before, streamId: id }), 1);
      this.dueOf.delete(id);
    }
    if (after !== undefined) {
      const entry = { dueAt: after, streamId: id };
      this.timers.splice(this.position(entry), 0, entry);
      this.dueOf.set(id, after);
    }
  }

  /** Streams with pending commands first, then streams with a timer due by `dueBy`, each once. */
  work(query: WorkQuery): string[] {
    const limit = query.limit ?? 100;
    const out = new Set<string>();
    for (const id of this.commands) {
      if (out.size >= limit) return [...out];
      out.add(id);
    }
    for (const entry of this.timers) {
      if (out.size >= limit || entry.dueAt > query.dueBy) break;
      out.add(entry.streamId);
    }
    return [...out];
  }

  /** Entries due by `dueBy` in due order, strictly after `query.after` when given. */
  due(query: DueTimerQuery): DueTimerPosition[] {
    const limit = query.limit ?? 100;
    let start = 0;
    if (query.after !== undefined) {
      start = this.position(query.after);
      const at = this.timers[start];
      if (at !== undefined && compareDue(at, query.after) === 0) start += 1;
    }
    const out: DueTimerPosition[] = [];
    for (let i = start; i < this.timers.length && out.length < limit; i += 1) {
      const entry = this.timers[i]!;
      if (entry.dueAt > query.dueBy) break;
      out.push(entry);
    }
    return out;
  }

  nextDue(): number | undefined {
    return this.timers[0]?.dueAt;
  }

  /** Index of the first entry not before `key` (binary search). */
  private position(key: DueTimerPosition): number {
    let low = 0;
    let high = this.timers.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareDue(this.timers[mid]!, key) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
