import { rangeError } from '../errors.js';
import { integerArgument } from '../options/numbers.js';
import type { Backend } from '../wasm/features.js';
import { workerHost } from '../wasm/worker-pool.js';

/**
 * Most threads `threads: 'auto'` takes, never more than the cores available. Figure
 * (bench/threads.ts, 2-core VM): 2 threads took 0.57–0.62 of one thread's time on layers from
 * 1.8 M multiply-adds up, 4 threads 0.66–1.44 (no gain above the core count). No machine with
 * more cores was measured: 8 is a guess to revisit.
 */
export const AUTO_THREADS_CAP = 8;

/** What a page needs to share memory with workers, for the errors that say so. */
export const ISOLATION_FIX =
  'serve the page with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp (or credentialless), or with Document-Isolation-Policy: isolate-and-require-corp';

/**
 * Why threads cannot run here, or undefined where they can: Node ≥ 20.16, Deno and Bun
 * (node:worker_threads), and cross-origin-isolated pages and their web workers (web workers).
 */
export function noThreadsReason(): string | undefined {
  const g = globalThis as { navigator?: { userAgent?: string }; document?: unknown; WorkerGlobalScope?: unknown; crossOriginIsolated?: boolean };
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'this is workerd, which has no threads (no shared memory, no workers)';
  const browser = g.document !== undefined || g.WorkerGlobalScope !== undefined; // a page or a web worker
  if (browser && (g.crossOriginIsolated !== true || typeof SharedArrayBuffer === 'undefined')) {
    return `this page is not cross-origin isolated (crossOriginIsolated is ${String(g.crossOriginIsolated)}), so it has no SharedArrayBuffer to share memory with workers: ${ISOLATION_FIX}`;
  }
  if (typeof SharedArrayBuffer === 'undefined') return 'this runtime has no SharedArrayBuffer';
  if (workerHost() === undefined) return 'this runtime can start no workers (it has neither node:worker_threads nor Worker)';
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
  if (reason !== undefined) throw new Error(`${fn}: threads is ${threads}, but ${reason}; threads: 1 or 'auto' run on one thread here`);
  if (!threadable) rangeError(fn, `threads is ${threads}, but the '${backend}' backend has no threaded build (the 'simd' and 'relaxed-simd' builds have)`);
  return threads;
}

/** createEngineSync's refusal where workers start only once this thread yields (web workers). */
export function checkSyncStart(fn: string, threads: number): void {
  if (threads > 1 && workerHost()?.startsWhileBlocked === false) {
    throw new Error(`${fn}: threads is ${threads}, but web workers start only once this thread returns to its event loop; use await createEngine({ threads: ${threads} })`);
  }
}
