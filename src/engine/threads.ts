import { rangeError } from '../errors.js';
import { integerArgument } from '../options/numbers.js';
import type { Backend } from '../wasm/features.js';
import { nodeWorker } from '../wasm/worker-pool.js';

/**
 * Most threads `threads: 'auto'` takes. Figure: on the 2-core VM, 2 threads ran the benchmark's
 * large layers in ~0.55–0.6 of 1 thread's time; more cores were not available to measure, so
 * `'auto'` takes what it finds up to this cap.
 */
export const AUTO_THREADS_CAP = 8;

/** Why worker threads cannot run here, or undefined where they can (Node ≥ 20.16). */
export function noThreadsReason(): string | undefined {
  const g = globalThis as { Deno?: unknown; process?: { versions?: Record<string, string> }; navigator?: { userAgent?: string }; crossOriginIsolated?: boolean; document?: unknown; importScripts?: unknown };
  if (g.Deno !== undefined) return 'Deno is not supported for threads in this version of simdconv (Node only)';
  if (g.process?.versions?.bun !== undefined) return 'Bun is not supported for threads in this version of simdconv (Node only)';
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'Cloudflare Workers (workerd) have no threads';
  if (typeof SharedArrayBuffer === 'undefined') {
    const page = g.document !== undefined || g.importScripts !== undefined;
    return page
      ? 'this page has no SharedArrayBuffer: it is not cross-origin isolated (serve it with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp); and browsers are not supported for threads in this version of simdconv (Node only)'
      : 'this JavaScript runtime has no SharedArrayBuffer';
  }
  if (g.process?.versions?.node === undefined) return 'browsers are not supported for threads in this version of simdconv (Node only)';
  if (nodeWorker() === undefined) return 'this Node has no process.getBuiltinModule (Node ≥ 20.16 has)';
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
