import type { EventOrigin, StepRecord } from '../core/stepRecord.js';
import type { TimerService } from '../ports/timerService.js';

/**
 * Tells a `TimerService` what each committed step did to the instance's timers: arm the ones it set,
 * cancel the ones that left the pending set without firing. Runs after the commit, like the relay; a
 * notice lost in a crash is covered by `recover()`, which fires every timer already due from the store.
 */
export class TimerNotifier {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly timers: TimerService,
    private readonly onError: (error: unknown) => void,
  ) {}

  afterCommit(head: StepRecord | undefined, record: StepRecord, origin: EventOrigin): void {
    const still = new Set(record.pending.timers.map((t) => t.key));
    const fired = origin.kind === 'timer' ? origin.timerKey : undefined;
    const gone = (head?.pending.timers ?? []).filter((t) => !still.has(t.key) && t.key !== fired);
    const notices = [
      ...record.timersSet
        .filter((t) => still.has(t.key))
        .map((t) =>
          this.timers.arm({
            streamId: record.streamId,
            timerKey: t.key,
            dueAt: t.dueAt,
            timerId: t.id,
            event: t.event,
          }),
        ),
      ...gone.map((t) => this.timers.cancel({ streamId: record.streamId, timerKey: t.key, dueAt: t.dueAt })),
    ];
    for (const notice of notices) {
      const tracked: Promise<void> = notice
        .catch((error: unknown) => this.onError(error))
        .finally(() => this.inFlight.delete(tracked));
      this.inFlight.add(tracked);
    }
  }

  /** Resolves when every notice sent so far was answered. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }
}
