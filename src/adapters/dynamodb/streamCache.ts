import type { StepRecord } from '../../core/stepRecord.js';

interface StreamEntry {
  /** Highest version known to exist. Versions are never deleted, so this only ever grows correctly. */
  known: number;
  /** The last head this process wrote or read, in snapshot mode; kept as JSON so no caller can mutate it. */
  head?: { readonly version: number; readonly json: string };
  /**
   * Every event id of the stream up to `head.version`, when this process wrote the stream from version 1
   * and saw every version since. Absent when incomplete: lookups then go to the table.
   */
  eventIds?: Map<string, number>;
}

/** Bounds of the cache: streams remembered, and event ids held across all streams. */
export interface StreamCacheLimits {
  readonly maxStreams: number;
  readonly maxEventIds: number;
}

const DEFAULT_LIMITS: StreamCacheLimits = { maxStreams: 10_000, maxEventIds: 200_000 };

/**
 * What one store instance knows about the streams it touched, least recently used streams dropped first.
 *
 * Two kinds of knowledge live here. `known` versions are facts (a version, once written, exists forever),
 * so they are always used: they let `append` trust that version N exists when writing N+1. The head and
 * the event-id set are a snapshot that may be stale if another process appends; they are used only in
 * snapshot mode, where every step still ends in a conditional put that fails on a stale snapshot, and the
 * entry is dropped on any failed or uncertain write so the retry reads the table.
 */
export class StreamCache {
  private readonly entries = new Map<string, StreamEntry>();
  private eventIdCount = 0;

  constructor(
    private readonly snapshots: boolean,
    private readonly limits: StreamCacheLimits = DEFAULT_LIMITS,
  ) {}

  /** Highest version known to exist, 0 when nothing is known. */
  knownVersion(streamId: string): number {
    return this.entries.get(streamId)?.known ?? 0;
  }

  /** A fresh copy of the cached head in snapshot mode. */
  head(streamId: string): StepRecord | undefined {
    const json = this.snapshots ? this.touch(streamId)?.head?.json : undefined;
    return json === undefined ? undefined : (JSON.parse(json) as StepRecord);
  }

  /** In snapshot mode, the version that applied `eventId` if the cached set answers it; `null` when it cannot. */
  findEvent(streamId: string, eventId: string): number | undefined | null {
    if (!this.snapshots) return null;
    const entry = this.entries.get(streamId);
    if (entry?.eventIds === undefined || entry.head === undefined) return null;
    return entry.eventIds.get(eventId);
  }

  /** Record a head read from the table, with the JSON it was parsed from. */
  observed(head: StepRecord, json: string): void {
    const entry = this.entry(head.streamId);
    if (head.version > entry.known) entry.known = head.version;
    if (!this.snapshots || (entry.head !== undefined && head.version <= entry.head.version)) return;
    // A jump past the last head means versions in between were not seen: the id set is incomplete.
    if (entry.head === undefined || head.version !== entry.head.version + 1) this.dropIds(entry);
    else this.addEventId(entry, head);
    entry.head = { version: head.version, json };
  }

  /** Record a step this process committed, with the JSON that was stored. */
  written(record: StepRecord, json: string): void {
    const entry = this.entry(record.streamId);
    if (record.version > entry.known) entry.known = record.version;
    if (!this.snapshots) return;
    if (record.version === 1) {
      this.dropIds(entry);
      entry.eventIds = new Map();
    } else if (entry.head?.version !== record.version - 1) {
      this.dropIds(entry);
    }
    this.addEventId(entry, record);
    entry.head = { version: record.version, json };
  }

  /** Record that `version` exists (a failed conditional put of it says so). */
  exists(streamId: string, version: number): void {
    const entry = this.entry(streamId);
    if (version > entry.known) entry.known = version;
  }

  /** Forget the snapshot of a stream after a conflict or an uncertain write; the version fact stays. */
  invalidate(streamId: string): void {
    const entry = this.entries.get(streamId);
    if (entry === undefined) return;
    delete entry.head;
    this.dropIds(entry);
  }

  private addEventId(entry: StreamEntry, record: StepRecord): void {
    if (entry.eventIds === undefined) return;
    entry.eventIds.set(record.eventId, record.version);
    this.eventIdCount += 1;
    // Over budget: the least recently used streams lose their id sets (and fall back to the table).
    for (const other of this.entries.values()) {
      if (this.eventIdCount <= this.limits.maxEventIds) break;
      this.dropIds(other);
    }
  }

  private dropIds(entry: StreamEntry): void {
    if (entry.eventIds === undefined) return;
    this.eventIdCount -= entry.eventIds.size;
    delete entry.eventIds;
  }

  private touch(streamId: string): StreamEntry | undefined {
    const entry = this.entries.get(streamId);
    if (entry !== undefined) {
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry;
  }

  private entry(streamId: string): StreamEntry {
    const entry = this.touch(streamId) ?? { known: 0 };
    this.entries.set(streamId, entry);
    if (this.entries.size > this.limits.maxStreams) {
      const [oldest, evicted] = this.entries.entries().next().value ?? [];
      if (oldest !== undefined && evicted !== undefined) {
        this.dropIds(evicted);
        this.entries.delete(oldest);
      }
    }
    return entry;
  }
}
