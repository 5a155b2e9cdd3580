import type { Command, StepRecord } from '../core/stepRecord.js';
import type { EventStore } from '../ports/eventStore.js';

/** What resuming pending commands needs from the runtime. */
export interface PendingCommandHost {
  readonly store: EventStore;
  isRegistered(machine: StepRecord['machine']): boolean;
  reportUnregistered(head: StepRecord): void;
  execute(head: StepRecord, command: Command): void;
  /** Resolves when every started command has finished. */
  idle(): Promise<void>;
}

// Below any due time a store holds, so the work listing returns only streams with pending commands.
const NO_TIMERS = Number.MIN_SAFE_INTEGER;

/**
 * Start every unacknowledged command once, a page of streams at a time; the next page is read after the
 * commands of this one have finished (and so left the work index). Streams that stay in the index with
 * nothing new to start (an unregistered machine version, an outcome that would not commit) are passed
 * over, and each later page is read that much longer, so they can never fill a page and end the walk early.
 * Returns how many commands were started.
 */
export async function resumePendingCommands(host: PendingCommandHost, pageSize: number): Promise<number> {
  const started = new Set<string>();
  const passed = new Set<string>();
  for (;;) {
    const limit = pageSize + passed.size;
    const heads = await host.store.listWork({ dueBy: NO_TIMERS, limit });
    for (const head of heads) {
      if (passed.has(head.streamId)) continue;
      if (!host.isRegistered(head.machine)) {
        host.reportUnregistered(head);
        passed.add(head.streamId);
        continue;
      }
      const fresh = head.pending.commands.filter((command) => !started.has(command.key));
      if (fresh.length === 0) passed.add(head.streamId);
      for (const command of fresh) {
        started.add(command.key);
        host.execute(head, command);
      }
    }
    if (heads.length < limit) return started.size;
    await host.idle();
  }
}
