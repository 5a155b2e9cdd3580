import { isInjectedStoreFault } from './faultyEventStore.js';

/** The name of the invariant a handler that never returns breaks. */
export const HANDLERS_RETURN = 'every handler returns';

/** Thrown by a run when executions stopped moving for longer than the bound: each hanging call, named. */
export class HangingHandlersError extends Error {
  constructor(
    readonly hanging: readonly string[],
    afterMs: number,
  ) {
    super(
      `${hanging.length} handler call(s) did not return within ${afterMs} ` +
        `ms of real time while nothing else moved: ${hanging.join(', ')}`,
    );
    this.name = 'HangingHandlersError';
  }
}

/**
 * Watches one run's command executions on real time. A handler's own work is not on the virtual clock
 * (a scripted timeout is a real, unref'd timer), so a run waits for it; this bounds that wait. While it
 * waits it holds a ref'd timer, so a plain script is not left with nothing keeping the process alive.
 */
export class ExecutionWatch {
  private readonly running = new Map<number, string>();
  private next = 0;
  private lastMove = Date.now();

  constructor(readonly hangAfterMs: number) {}

  /** Something moved (a step committed, a call started or returned). */
  moved(): void {
    this.lastMove = Date.now();
  }

  /** Track one call until the returned function is called. */
  begin(label: string): () => void {
    const id = (this.next += 1);
    this.running.set(id, label);
    this.moved();
    return () => {
      this.running.delete(id);
      this.moved();
    };
  }

  /** Forget calls of a process that is gone (a crash abandons them on purpose). */
  forget(): void {
    this.running.clear();
  }

  /** Resolves with `done`, or rejects with HangingHandlersError once nothing moved for `hangAfterMs`. */
  async bound<T>(done: Promise<T>): Promise<T> {
    this.moved();
    let poll: NodeJS.Timeout | undefined;
    const stalled = new Promise<never>((_, reject) => {
      poll = setInterval(
        () => {
          if (Date.now() - this.lastMove < this.hangAfterMs) return;
          reject(
            new HangingHandlersError(
              this.running.size > 0
                ? [...this.running.values()]
                : ['(no handler running: the runtime itself stopped moving)'],
              this.hangAfterMs,
            ),
          );
        },
        Math.max(5, Math.min(100, this.hangAfterMs / 4)),
      );
    });
    try {
      return await Promise.race([done, stalled]);
    } finally {
      clearInterval(poll);
    }
  }
}

/** Follows an error's `cause` chain (bounded, so a cyclic chain cannot loop). */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = error; e !== undefined && e !== null && chain.length < 8; e = (e as { cause?: unknown }).cause)
    chain.push(e);
  return chain;
}

/**
 * Whether a fault the runtime reported was provoked by the scenario (an injected store fault, or an
 * instance pinned to a machine that is deliberately not registered) rather than a bug.
 */
export function isProvoked(
  error: unknown,
  absentMachines: ReadonlySet<string>,
  absentInstances: ReadonlySet<string>,
): boolean {
  if (isInjectedStoreFault(error)) return true;
  return causeChain(error).some((e) => {
    if (typeof e !== 'object' || e === null) return false;
    const context = (e as { context?: Record<string, unknown> }).context ?? {};
    const machineId = context['machineId'];
    const streamId = context['streamId'] ?? context['instanceId'];
    return (
      (typeof machineId === 'string' && absentMachines.has(machineId)) ||
      (typeof streamId === 'string' && absentInstances.has(streamId))
    );
  });
}
