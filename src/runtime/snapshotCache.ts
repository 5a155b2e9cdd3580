import type { AnyMachineSnapshot } from 'xstate';
import type { MachineDefinition } from '../core/machineDefinition.js';

interface Entry {
  readonly version: number;
  readonly definition: MachineDefinition;
  readonly snapshot: AnyMachineSnapshot;
}

/**
 * The last xstate snapshot this process decided per instance, bounded (oldest evicted first). Used only
 * when the stored head has exactly the cached version, so another writer can never be shadowed.
 */
export class SnapshotCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity: number) {}

  get(streamId: string): Entry | undefined {
    return this.entries.get(streamId);
  }

  set(streamId: string, entry: Entry): void {
    // Moved to the end (a delete and an insert) only once the cache is full, when the order picks what is evicted.
    if (this.entries.size >= this.capacity) this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }
}
