import { workerSource, type WorkerHost } from './pool-protocol.js';

// Workers from node:worker_threads: Node ≥ 20.16, and Deno (2.9) and Bun (1.4), which implement
// it, eval'd sources, workerData and unref() included (test/runtimes checks both run threaded).

interface NodeWorker {
  terminate(): Promise<number>;
  unref(): void;
  on(event: 'exit', listener: (code: number) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
}
type WorkerConstructor = new (source: string, options: { eval: true; workerData: unknown; execArgv?: string[] }) => NodeWorker;

const SOURCE = workerSource("const d=require('node:worker_threads').workerData;W(d.module,d.memory,d.control,d.tasks)");

/** node:worker_threads as a {@link WorkerHost}, or undefined where there is none (browsers, workerd). */
export function nodeWorkers(): WorkerHost | undefined {
  // Reached without a static import: the browser bundle must not name node modules.
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  let Worker: WorkerConstructor | undefined;
  try {
    Worker = (p?.getBuiltinModule?.('node:worker_threads') as { Worker?: WorkerConstructor } | undefined)?.Worker;
  } catch {
    return undefined; // a runtime that names the function but refuses the module
  }
  if (Worker === undefined) return undefined;
  return {
    name: 'node:worker_threads',
    startsWhileBlocked: true,
    spawn(workerData, fail) {
      // No execArgv: a parent's loaders (--import tsx) would deadlock a worker started while the
      // parent waits for it, and the worker needs none.
      const worker = new Worker!(SOURCE, { eval: true, workerData, execArgv: [] });
      worker.unref(); // an idle pool never keeps a process alive
      worker.on('exit', (code) => fail(`a worker thread exited (code ${code})`));
      worker.on('error', (error) => fail(`a worker thread failed: ${error.message}`));
      return worker;
    },
  };
}
