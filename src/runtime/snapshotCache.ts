import type { AnyMachineSnapshot } from 'xstate';
import type { MachineDefinition } from '../core/machineDefinition.js';
import { setBounded } from '../core/boundedMaps.js';

interface Entry {
  version: number;
  definition: MachineDefinition;
  snapshot: AnyMachineSnapshot;
}

/**
 * The last xstate snapshot this process decided per instance, bounded (oldest evicted first). Used only
 * when the stored head has exactly the cached version, so another writer can never be shadowed.
 */
export class SnapshotCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity: number) {}

  /** The entry as it stands now: read it at once, as the next `set` of the instance changes it in place. */
  get(streamId: string): Readonly<Entry> | undefined {
    return this.entries.get(streamId);
  }

  set(streamId: string, version: number, definition: MachineDefinition, snapshot: AnyMachineSnapshot): void {
    const entry = this.entries.get(streamId);
    // An instance stepped again (the common case) keeps its entry, changed in place: no new entry per step. Once
    // the cache is full it is put anew, which moves it to the end (see `setBounded`).
    if (entry !== undefined && this.entries.size < this.capacity) {
      entry.version = version;
      entry.definition = definition;
      entry.snapshot = snapshot;
      return;
    }
    setBounded(this.entries, streamId, { version, definition, snapshot }, this.capacity);
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }
}
