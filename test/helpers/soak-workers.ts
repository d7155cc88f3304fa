// Starts worker threads running test/fixtures/soak-worker.mjs on the built package and
// collects what they computed. The workers wait at a barrier until all are ready (package
// imported, engine made), so that their work runs at the same time.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AvgPool2dOptions, Conv1dOptions, Conv2dOptions, Pool2dOptions, Tensor } from '../../src/index.js';

export const DIST_URL = new URL('../../dist/index.js', import.meta.url);
const FIXTURE = new URL('../fixtures/soak-worker.mjs', import.meta.url);

/** One operation for a worker (plain data: it is structured-cloned, or shared if its arrays are). */
export type WorkerOp =
  | { readonly kind: 'conv2d' | 'conv2d-layer' | 'top-level-conv2d'; readonly input: Tensor; readonly filter: Tensor; readonly options: Conv2dOptions }
  | { readonly kind: 'conv1d'; readonly input: Tensor; readonly filter: Tensor; readonly options: Conv1dOptions }
  | { readonly kind: 'maxPool2d'; readonly input: Tensor; readonly options: Pool2dOptions }
  | { readonly kind: 'avgPool2d'; readonly input: Tensor; readonly options: AvgPool2dOptions };

export interface WorkerJob {
  readonly backend: string;
  readonly ops: readonly WorkerOp[];
  /** How many times the worker runs its ops; passes after the first must repeat the first bit for bit. */
  readonly passes: number;
}

export interface WorkerRun {
  /** The worker's engine's backend, and its default engine's. */
  readonly backend: string;
  readonly defaultBackend: string;
  /** The first pass's results, one per op. */
  readonly results: Tensor[];
  /** Set when a later pass differed from the first. */
  readonly mismatch: string | undefined;
  /** Wall-clock milliseconds (performance.timeOrigin-based) when the worker started and ended its work. */
  readonly start: number;
  readonly end: number;
  readonly memoryBytes: number;
}

type Message =
  | { type: 'ready'; backend: string; defaultBackend: string }
  | { type: 'done'; results: Tensor[]; mismatch: string | undefined; start: number; end: number; memoryBytes: number }
  | { type: 'error'; index: number; message: string };

/**
 * Runs each job in its own worker thread, all at once, and resolves with their results.
 * `context` (the seed) heads every error. The package must have been built (`npm test` builds it).
 */
export async function runWorkers(jobs: readonly WorkerJob[], context: string): Promise<WorkerRun[]> {
  if (!existsSync(fileURLToPath(DIST_URL))) throw new Error(`${fileURLToPath(DIST_URL)} is missing: the worker tests import the built package; run npm run build`);
  const barrier = new SharedArrayBuffer(4);
  const workers: Worker[] = [];
  try {
    const started = jobs.map((job, w) => {
      const worker = new Worker(FIXTURE, { workerData: { distUrl: DIST_URL.href, backend: job.backend, ops: job.ops, passes: job.passes, barrier } });
      workers.push(worker);
      let onReady: () => void = () => {};
      const ready = new Promise<void>((resolve) => (onReady = resolve));
      let hello: Extract<Message, { type: 'ready' }> | undefined;
      const done = new Promise<WorkerRun>((resolve, reject) => {
        const fail = (message: string) => reject(new Error(`${context}, worker ${w} (${job.backend}): ${message}`));
        worker.on('error', (error) => fail(String(error.stack ?? error)));
        worker.on('exit', (code) => fail(`exited with code ${code} before reporting`));
        // Settled within the message's own callback: the worker exits right after its last
        // message, and its 'exit' can come before a promise callback queued here would run.
        worker.on('message', (m: Message) => {
          if (m.type === 'ready') {
            hello = m;
            onReady();
          } else if (m.type === 'error') fail(`op ${m.index} (${job.ops[m.index]?.kind}) threw: ${m.message}`);
          else if (hello === undefined) fail('reported before it was ready');
          else resolve({ backend: hello.backend, defaultBackend: hello.defaultBackend, results: m.results, mismatch: m.mismatch, start: m.start, end: m.end, memoryBytes: m.memoryBytes });
        });
      });
      done.catch(() => {}); // awaited below; this keeps a late rejection (after terminate) from counting as unhandled
      return { ready, done };
    });
    // A worker that fails before it is ready rejects `done`: race it against the wait.
    await Promise.race([Promise.all(started.map((s) => s.ready)), Promise.all(started.map((s) => s.done))]);
    const gate = new Int32Array(barrier);
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
    return await Promise.all(started.map((s) => s.done));
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
