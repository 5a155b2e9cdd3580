import { addBounded } from '../../core/boundedMaps.js';

/**
 * Streams a start of this process found already existing (its version 1 was refused), so that the start's
 * retry reads the file instead of assuming, again, that there is nothing to read (see `StepReadHint`). A
 * stream once created is never removed, so an entry never goes stale; the oldest are dropped past `capacity`,
 * which costs at most one more refused attempt.
 */
export class ExistingStreams {
  private readonly streams = new Set<string>();

  constructor(private readonly capacity: number) {}

  add(streamId: string): void {
    addBounded(this.streams, streamId, this.capacity);
  }

  has(streamId: string): boolean {
    return this.streams.has(streamId);
  }
}
