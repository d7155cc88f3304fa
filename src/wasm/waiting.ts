// Waiting on a control word, wherever thread 0 runs. Atomics.wait throws on a browser page's
// main thread (and in Node's and Deno's main threads it is allowed); Atomics.waitAsync exists in
// Chromium ≥ 87, Node ≥ 16, Deno and Bun, not in every Firefox or Safari: a timer stands in.

let blocking: boolean | undefined;

/** Whether this thread may block in Atomics.wait (false on a browser page's main thread). */
export function canBlock(): boolean {
  if (blocking === undefined) {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0); // 'not-equal' at once where allowed
      blocking = true;
    } catch {
      blocking = false;
    }
  }
  return blocking;
}

/**
 * Sleeps until `c[index]` may have changed from `value` or `ms` pass, where this thread may
 * block; returns at once where it may not, so the caller's loop polls (spins) instead.
 */
export function waitSync(c: Int32Array, index: number, value: number, ms: number): void {
  if (canBlock()) Atomics.wait(c, index, value, ms);
}

/** Resolves when `c[index]` may have changed from `value`, or after `ms`, without blocking the thread. */
export function waitAsync(c: Int32Array, index: number, value: number, ms: number): Promise<void> {
  const waitAsyncFn = (Atomics as { waitAsync?: (c: Int32Array, i: number, v: number, ms: number) => { async: boolean; value: unknown } }).waitAsync;
  if (waitAsyncFn !== undefined) {
    const result = waitAsyncFn(c, index, value, ms);
    if (!result.async) return Promise.resolve();
    // The timer as well: a pending waitAsync does not keep a Node, Deno or Bun process alive.
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      void (result.value as Promise<unknown>).then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  // No waitAsync: look again after a timer (browsers clamp it to 1–4 ms).
  return new Promise((resolve) => setTimeout(resolve, Atomics.load(c, index) === value ? 1 : 0));
}
