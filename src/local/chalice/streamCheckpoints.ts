import { isStatebridgeError } from '../../core/errors.js';
import type { Runtime } from '../../runtime/runtime.js';
import { STREAM_CHECKPOINT_MACHINE_ID } from '../../../machines/streamCheckpoint/streamCheckpoint.definition.js';

/** Where a stream mapping keeps its place in each shard. */
export interface CheckpointLog {
  /** The last sequence number the mapping is done with in a shard, if it ever finished one. */
  load(shardId: string): Promise<string | undefined>;
  save(shardId: string, sequenceNumber: string, records: number): Promise<void>;
}

/**
 * Checkpoints kept in the log: one `streamCheckpoint` instance per mapping and shard, a step per advance,
 * so a process started again on the same store reads each shard on from where it stopped. The runtime
 * must have `streamCheckpointDefinition` registered (the App runner does).
 */
export class LoggedCheckpoints implements CheckpointLog {
  private readonly started = new Set<string>();

  constructor(
    private readonly runtime: Runtime,
    private readonly owner: { app: string; functionName: string; source: string },
  ) {}

  /** The instance that holds one shard's checkpoint. */
  instanceId(shardId: string): string {
    return `checkpoint:${this.owner.app}:${this.owner.functionName}:${this.owner.source}:${shardId}`;
  }

  async load(shardId: string): Promise<string | undefined> {
    const head = await this.runtime.store.readHead(this.instanceId(shardId));
    if (head === undefined) return undefined;
    this.started.add(this.instanceId(shardId));
    const event = head.event as { type: string; sequenceNumber?: string; input?: { sequenceNumber?: string } };
    return event.type === 'checkpoint.advanced' ? event.sequenceNumber : event.input?.sequenceNumber;
  }

  async save(shardId: string, sequenceNumber: string, records: number): Promise<void> {
    const id = this.instanceId(shardId);
    const eventId = `${id}@${sequenceNumber}`;
    if (!this.started.has(id)) {
      try {
        await this.runtime.start(
          STREAM_CHECKPOINT_MACHINE_ID,
          id,
          { ...this.owner, shardId, sequenceNumber },
          { eventId },
        );
        this.started.add(id);
        return;
      } catch (error) {
        if (!isStatebridgeError(error, 'INSTANCE_EXISTS')) throw error;
        this.started.add(id);
      }
    }
    await this.runtime.send(id, { type: 'checkpoint.advanced', sequenceNumber, records }, { eventId });
  }
}
