import type { WasmKernels } from '../wasm/kernels.js';
import { tileRunner, type TileTask } from './tiles.js';

// A layer's run as steps (a generator), so one body serves run() and runAsync(): run() drives it
// straight through; runAsync() awaits where the worker pool's workers finish (Atomics.waitAsync),
// queued behind the engine's earlier async runs, since every run shares the argument block, the
// control words and the workers.

/** A call's steps: they yield the wait for the workers (only when run async) and return the result. */
export type RunSteps<T> = Generator<Promise<void>, T, void>;

/** `tileRunner.run`, but with `async` a run on the worker pool yields the wait for its workers. */
export function* tileSteps(async: boolean, kernels: WasmKernels, task: TileTask, args: number, scratch: number, scratchFloats: number, tiles: number, fn: string, work: number): RunSteps<void> {
  if (async && tileRunner.threadsFor(kernels, tiles, work) > 1) yield kernels.pool!.runAsync(fn, task, args, scratch, kernels.scratchStride(scratchFloats), tiles);
  else tileRunner.run(kernels, task, args, scratch, scratchFloats, tiles, fn, work);
}

/** A synchronous call. The workers of a pending async run finish first: they may still read the argument block. */
export function runNow<T>(kernels: WasmKernels, steps: RunSteps<T>): T {
  kernels.pool?.settle();
  const step = steps.next();
  if (!step.done) throw new Error('simdconv: internal error: a synchronous run waited for its workers');
  return step.value;
}

/** The last async run of each engine: the next one starts after it settles. */
const queues = new WeakMap<WasmKernels, Promise<unknown>>();

/** An async call, started once the engine's earlier async calls have finished. */
export function runQueued<T>(kernels: WasmKernels, steps: () => RunSteps<T>): Promise<T> {
  const result = (queues.get(kernels) ?? Promise.resolve()).then(() => drive(steps()));
  queues.set(kernels, result.catch(() => undefined));
  return result;
}

async function drive<T>(steps: RunSteps<T>): Promise<T> {
  let step = steps.next();
  while (!step.done) {
    let failed = false;
    let error: unknown;
    try {
      await step.value;
    } catch (e) {
      [failed, error] = [true, e];
    }
    step = failed ? steps.throw(error) : steps.next(); // throw: the run's finally blocks free its workspace
  }
  return step.value;
}
