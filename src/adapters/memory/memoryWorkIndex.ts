import type { StepRecord } from '../../core/stepRecord.js';
import type { DueTimerPosition, DueTimerQuery, WorkQuery } from '../../ports/eventStore.js';
import { compareDue, earliestDue } from '../storeQueries.js';

/**
 * Streams with work outstanding, kept up to date on every append: the streams with pending commands
 * (in the order they got them) and one entry per stream with timers, sorted by its earliest due time.
 * Queries touch only streams with work, never every stream ever created.
 *
 * A stream whose earliest due time changes leaves its old entry in place, no longer live (its due time is
 * not the one `dueOf` holds); dead entries are skipped, dropped from the front as it advances, and swept
 * out once they outnumber the live ones. Firing many due timers in order then costs no array shifting.
 */
export class MemoryWorkIndex {
  private readonly commands = new Set<string>();
  /** Sorted by `compareDue`, each key at most once; entries before `start` are all dead. */
  private timers: DueTimerPosition[] = [];
  private start = 0;
  private dead = 0;
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
      this.dueOf.delete(id);
      this.dead += 1;
    }
    if (after !== undefined) {
      const entry = { dueAt: after, streamId: id };
      const at = this.position(entry);
      const there = this.timers[at];
      // The same key left dead earlier becomes live again rather than appearing twice.
      if (there !== undefined && compareDue(there, entry) === 0) this.dead -= 1;
      else this.timers.splice(at, 0, entry);
      this.dueOf.set(id, after);
    }
    if (this.dead > 64 && this.dead > this.timers.length - this.start - this.dead) this.sweep();
  }

  /** Streams with pending commands first, then streams with a timer due by `dueBy`, each once. */
  work(query: WorkQuery): string[] {
    const limit = query.limit ?? 100;
    const out = new Set<string>();
    for (const id of this.commands) {
      if (out.size >= limit) return [...out];
      out.add(id);
    }
    for (let i = this.start; i < this.timers.length; i += 1) {
      const entry = this.timers[i]!;
      if (out.size >= limit || entry.dueAt > query.dueBy) break;
      if (this.live(entry)) out.add(entry.streamId);
    }
    return [...out];
  }

  /** Entries due by `dueBy` in due order, strictly after `query.after` when given. */
  due(query: DueTimerQuery): DueTimerPosition[] {
    const limit = query.limit ?? 100;
    let from = this.firstLive();
    if (query.after !== undefined) {
      from = Math.max(from, this.position(query.after));
      const at = this.timers[from];
      if (at !== undefined && compareDue(at, query.after) === 0) from += 1;
    }
    const out: DueTimerPosition[] = [];
    for (let i = from; i < this.timers.length && out.length < limit; i += 1) {
      const entry = this.timers[i]!;
      if (entry.dueAt > query.dueBy) break;
      if (this.live(entry)) out.push(entry);
    }
    return out;
  }

  nextDue(): number | undefined {
    return this.timers[this.firstLive()]?.dueAt;
  }

  private live(entry: DueTimerPosition): boolean {
    return this.dueOf.get(entry.streamId) === entry.dueAt;
  }

  /** Drop dead entries from the front, so the earliest live entry is at `start`. */
  private firstLive(): number {
    while (this.start < this.timers.length && !this.live(this.timers[this.start]!)) {
      this.start += 1;
      this.dead -= 1;
    }
    return this.start;
  }

  private sweep(): void {
    this.timers = this.timers.slice(this.start).filter((entry) => this.live(entry));
    this.start = 0;
    this.dead = 0;
  }

  /** Index of the first entry not before `key` (binary search over live and dead entries alike). */
  private position(key: DueTimerPosition): number {
    let low = this.start;
    let high = this.timers.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareDue(this.timers[mid]!, key) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
