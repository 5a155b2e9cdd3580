/** Runs tasks one at a time per key, so one process never races itself on a stream. */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /**
   * `task(input)` once every task run before it under `key` has settled. The task takes its input as an
   * argument (a function made once, not a closure per call): this runs on every step.
   */
  run<I, T>(key: string, task: (input: I) => Promise<T>, input: I): Promise<T> {
    const previous = this.tails.get(key);
    // The common case, nothing queued for this key: start at once instead of after a resolved promise.
    const next =
      previous === undefined
        ? task(input)
        : previous.then(
            () => task(input),
            () => task(input),
          );
    // The key is let go once its last task settles. The reactions are written in place, not held in a named
    // local: a transpiler that keeps function names (tsx, esbuild's keepNames) wraps every named function made
    // here in a call that defines its name, on every step.
    const tail: Promise<void> = next.then(
      () => this.release(key, tail),
      () => this.release(key, tail),
    );
    this.tails.set(key, tail);
    return next;
  }

  private release(key: string, tail: Promise<void>): void {
    if (this.tails.get(key) === tail) this.tails.delete(key);
  }
}
