import { workerSource, type WorkerHost } from './pool-protocol.js';

// Web workers (browser pages and web workers): module workers from one blob URL, each posted
// the compiled module, the shared memory and the control words once. A browser reports no exit
// of a worker it ends (out of memory, a crashed process): the pool's stall rule finds it.

const SOURCE = workerSource('self.onmessage=(e)=>{const d=e.data;W(d.module,d.memory,d.control,d.tasks)}');

interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: { message?: string }) => void): void;
}
type WebWorkerConstructor = new (url: string, options: { type: 'module'; name: string }) => WebWorker;

let url: string | undefined; // one blob URL for every pool: kept, as a worker may still be loading it

/** Web workers as a {@link WorkerHost}, or undefined where there are none. */
export function webWorkers(): WorkerHost | undefined {
  const g = globalThis as { Worker?: WebWorkerConstructor; Blob?: typeof Blob; URL?: typeof URL };
  const Worker = g.Worker;
  if (typeof Worker !== 'function' || typeof g.Blob !== 'function' || typeof g.URL?.createObjectURL !== 'function') return undefined;
  return {
    name: 'web workers',
    startsWhileBlocked: false,
    spawn(data, fail) {
      url ??= URL.createObjectURL(new Blob([SOURCE], { type: 'text/javascript' }));
      const worker = new Worker(url, { type: 'module', name: 'simdconv' });
      // A page whose Content-Security-Policy forbids blob: workers gets an error event here.
      worker.addEventListener('error', (event) => fail(`a web worker failed: ${event.message || 'it could not start (does a Content-Security-Policy forbid blob: workers?)'}`));
      worker.addEventListener('messageerror', () => fail('a web worker could not receive the WebAssembly module and shared memory'));
      worker.postMessage(data);
      return worker;
    },
  };
}
