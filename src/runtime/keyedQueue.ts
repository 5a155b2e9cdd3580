/** Runs tasks one at a time per key, so one process never races itself on a stream. */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    // The common case, nothing queued for this key: start at once instead of after a resolved promise.
    const next = previous === undefined ? task() : previous.then(task, task);
    // One function for either outcome: each made here is one more allocation on every step.
    const release = (): void => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
    const tail: Promise<void> = next.then(release, release);
    this.tails.set(key, tail);
    return next;
  }
}
