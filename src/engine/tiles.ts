import type { WasmKernels } from '../wasm/kernels.js';
import type { TileTask } from '../wasm/worker-pool.js';

// The kernels' contract for parallel work (docs/architecture.md, "Prologue and tasks"): a path's
// optional prologue (a task over blocks of padded rows) runs first, then its task computes any range [begin, end) of the
// grid's tiles, writing only its own outputs and its own scratch. Any partition of [0, tiles)
// into ranges, run in any order, gives the same bits as one range. A threaded engine's worker
// pool hands out chunks of the range (src/wasm/worker-pool.ts); other engines run it whole.

export type { TileTask };

/**
 * Multiply-adds (or window taps, for pooling) below which a call runs on one thread even in a
 * threaded engine: handing a run to the workers costs ~25 µs. Figure (bench/threads.ts, simd,
 * 2-core VM, medians of 25): 2 threads took 1.10× one thread's time at 0.6 M multiply-adds,
 * 0.93× at 0.9 M, 0.80× at 1.2 M and 0.57–0.60× from 1.8 M up.
 */
export const THREADS_WORK_FLOOR = 1_000_000;

/**
 * Multiply-adds per byte a call copies through JS (a JS input in, a JS output out) below which it
 * runs on one thread: the copies stay on the calling thread, and beside a second thread they got
 * slower (the other core holds half the lines they touch) by about what the kernel gained.
 * Figure (2-core Xeon VM, simd, JS arrays in and out, medians of 250, 2 threads vs 1, five
 * runs): G (0.45 per byte) 0.87–0.90× in four, 1.10× in one; F (1.1) 1.03–1.33×; I (1.2)
 * 1.09–1.31×; E (5.1) 1.43–1.62×. Engine tensors copy nothing and always count.
 */
export const COPIED_WORK_FLOOR = 0.75;

/** The work a call counts toward the threads floor: 0 if it is copy-bound ({@link COPIED_WORK_FLOOR}). */
export function callWork(work: number, copiedBytes: number): number {
  return work < COPIED_WORK_FLOOR * copiedBytes ? 0 : work;
}

/**
 * Runs tiles [0, tiles) of `task`, `scratch` holding `scratchFloats` per thread, thread t's at
 * `scratch + t · kernels.scratchStride(scratchFloats)`. `work` is the call's size in
 * multiply-adds, to keep small calls on one thread. Not public API:
 * test/helpers/tile-schedule.ts swaps `run` to split the tiles as threads would.
 */
export const tileRunner = {
  /** {@link THREADS_WORK_FLOOR}; tests set 0 to send every call to the pool. */
  workFloor: THREADS_WORK_FLOOR,
  /** The threads a call of `tiles` tiles and `work` multiply-adds runs on: its scratch blocks. */
  threadsFor(kernels: WasmKernels, tiles: number, work = Infinity): number {
    return kernels.pool === undefined || tiles < 2 || work < tileRunner.workFloor ? 1 : kernels.threads;
  },
  run(kernels: WasmKernels, task: TileTask, args: number, scratch: number, scratchFloats: number, tiles: number, fn = 'simdconv', work = Infinity): void {
    if (tileRunner.threadsFor(kernels, tiles, work) === 1) task(args, scratch, 0, tiles);
    else kernels.pool!.run(fn, task, args, scratch, kernels.scratchStride(scratchFloats), tiles);
  },
};
