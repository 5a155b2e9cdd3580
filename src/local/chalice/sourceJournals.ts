import type { EmbeddedQueue } from '../../adapters/queue/embeddedQueue.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { AppStreams } from './appStreams.js';
import { LoggedQueue } from './queueJournal.js';
import type { SqsMapping } from './sqsMapping.js';
import { LoggedShards } from './streamJournal.js';

/**
 * The logs an App's embedded queue and streams keep their state in when the runtime's store is durable:
 * queue messages with their receipts, stream records by shard. `restore` reads them back at start.
 */
export class SourceJournals {
  readonly queue: LoggedQueue;
  readonly shards: LoggedShards;
  private restored = false;

  constructor(runtime: Runtime, consumersOf: (queue: string) => readonly SqsMapping[]) {
    this.queue = new LoggedQueue(runtime, (queue) => consumersOf(queue).map((mapping) => mapping.consumer));
    this.shards = new LoggedShards(runtime);
  }

  /**
   * Put back what the queue and streams held when the process stopped (once): each message onto its
   * queue and into its mappings with their receive counts, each shard's records onto its stream.
   */
  async restore(parts: {
    queue: EmbeddedQueue;
    streams: AppStreams;
    mappingsOf: (queue: string) => readonly SqsMapping[];
  }): Promise<void> {
    if (this.restored) return;
    this.restored = true;
    for (const kept of await this.queue.kept()) {
      parts.queue.restore(kept.message, kept.sendOrder);
      for (const mapping of parts.mappingsOf(kept.message.queue)) mapping.restore(kept);
    }
    parts.streams.restore(await this.shards.kept());
  }
}
