import { rangeError } from '../errors.js';
import { integerArgument } from '../options/numbers.js';
import type { Backend } from '../wasm/features.js';
import { nodeWorker } from '../wasm/worker-pool.js';

/**
 * Most threads `threads: 'auto'` takes, never more than the cores available. Figure
 * (bench/threads.ts, 2-core VM): 2 threads took 0.57–0.62 of one thread's time on layers from
 * 1.8 M multiply-adds up, 4 threads 0.66–1.44 (no gain above the core count). No machine with
 * more cores was measured: 8 is a guess to revisit.
 */
export const AUTO_THREADS_CAP = 8;

/** Why worker threads cannot run here, or undefined where they can (Node ≥ 20.16). */
export function noThreadsReason(): string | undefined {
  const g = globalThis as { Deno?: unknown; process?: { versions?: Record<string, string> }; navigator?: { userAgent?: string }; document?: unknown; WorkerGlobalScope?: unknown };
  const only = 'threads run only in Node in this version of simdconv';
  if (g.Deno !== undefined) return `this is Deno; ${only}`;
  if (g.process?.versions?.bun !== undefined) return `this is Bun; ${only}`;
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return `this is workerd; ${only}`;
  if (typeof SharedArrayBuffer === 'undefined') {
    const page = g.document !== undefined || g.WorkerGlobalScope !== undefined; // a page or a web worker
    return page
      ? `this page has no SharedArrayBuffer (it is not cross-origin isolated: it needs the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp), and ${only}`
      : 'this runtime has no SharedArrayBuffer';
  }
  if (nodeWorker() === undefined) return `this is not Node ≥ 20.16; ${only}`;
  return undefined;
}

function availableParallelism(): number {
  const os = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  return os?.availableParallelism?.() ?? (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
}

/**
 * Reads `options.threads` for a backend: a positive integer, honoured as given (above the core
 * count too), or `'auto'`: the cores available (capped at {@link AUTO_THREADS_CAP}) where threads
 * can run, else 1. More than one thread where they cannot run, or on a backend without a
 * threaded build, is an error naming why.
 */
export function readThreads(fn: string, value: unknown, backend: Backend | undefined): number {
  const reason = noThreadsReason();
  const threadable = backend !== 'js' && backend !== 'scalar';
  if (value === 'auto') return reason === undefined && threadable ? Math.max(1, Math.min(AUTO_THREADS_CAP, availableParallelism())) : 1;
  const threads = integerArgument(fn, 'threads', value, 1, 1, "a positive integer or 'auto'");
  if (threads === 1) return 1;
  if (reason !== undefined) throw new Error(`${fn}: threads is ${threads}, but ${reason}; use threads: 1 or 'auto'`);
  if (!threadable) rangeError(fn, `threads is ${threads}, but the '${backend}' backend has no threaded build (the 'simd' and 'relaxed-simd' builds have)`);
  return threads;
}
