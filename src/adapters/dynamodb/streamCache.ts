import type { StepRecord } from '../../core/stepRecord.js';

interface StreamEntry {
  /** Highest version known to exist. Versions are never deleted, so this only ever grows correctly. */
  known: number;
  /** The last head this process wrote or read, when snapshot caching is on; kept as JSON so no caller can mutate it. */
  head?: { readonly version: number; readonly json: string };
  /**
   * Every event id of the stream up to `head.version`, when this process wrote the stream from version 1
   * and saw every version since. Absent when incomplete: lookups then go to the table.
   */
  eventIds?: Map<string, number>;
}

/**
 * What one store instance knows about the streams it touched, bounded in streams (least recently used
 * dropped) and in event ids per stream.
 *
 * Two kinds of knowledge live here. `known` versions are facts (a version, once written, exists forever),
 * so they are always used: they let `append` trust that version N exists when writing N+1. The head and
 * the event-id set are a snapshot that may be stale if another process appends; they are used only in
 * snapshot mode, where every step still ends in a conditional put that fails on a stale snapshot, and the
 * entry is dropped on any failed or uncertain write so the retry reads the table.
 */
export class StreamCache {
  private readonly entries = new Map<string, StreamEntry>();

  constructor(
    private readonly snapshots: boolean,
    private readonly maxStreams = 10_000,
    private readonly maxEventIds = 1_000,
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
    if (!this.snapshots) return;
    if (entry.head === undefined || head.version > entry.head.version) {
      // A jump past the last head means versions in between were not seen: the id set is incomplete.
      if (entry.head === undefined || head.version !== entry.head.version + 1) delete entry.eventIds;
      else this.addEventId(entry, head);
      entry.head = { version: head.version, json };
    }
  }

  /** Record a step this process committed, with the JSON that was stored. */
  written(record: StepRecord, json: string): void {
    const entry = this.entry(record.streamId);
    if (record.version > entry.known) entry.known = record.version;
    if (!this.snapshots) return;
    if (record.version === 1) entry.eventIds = new Map();
    else if (entry.head?.version !== record.version - 1) delete entry.eventIds;
    this.addEventId(entry, record);
    entry.head = { version: record.version, json };
  }

  /** Forget the snapshot of a stream after a conflict or an uncertain write; the version fact stays. */
  invalidate(streamId: string): void {
    const entry = this.entries.get(streamId);
    if (entry === undefined) return;
    delete entry.head;
    delete entry.eventIds;
  }

  private addEventId(entry: StreamEntry, record: StepRecord): void {
    if (entry.eventIds === undefined) return;
    if (entry.eventIds.size >= this.maxEventIds) delete entry.eventIds;
    else entry.eventIds.set(record.eventId, record.version);
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
    if (this.entries.size > this.maxStreams) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return entry;
  }
}
