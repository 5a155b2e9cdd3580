/**
 * aws-local-stepfunctions 3.x calls `Promise.withResolvers`, which Node 20 lacks. The benchmark (and
 * only the benchmark) adds it before loading that package. Returns true when it had to.
 */
export function polyfillPromiseWithResolvers(): boolean {
  const promise = Promise as unknown as { withResolvers?: unknown };
  if (typeof promise.withResolvers === 'function') return false;
  promise.withResolvers = function withResolvers<T>() {
    let resolve!: (value: T) => void;
    let reject!: (reason: unknown) => void;
    const created = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise: created, resolve, reject };
  };
  return true;
}
