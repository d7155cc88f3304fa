/**
 * The implementations the benchmark compares, one table row each per shape: the pure-JS
 * reference (`js`) and every WebAssembly build of the package (`scalar`, `simd`,
 * `relaxed-simd`), each an engine from `createEngineSync({ backend })`, exactly what a user gets.
 */
import { BENCH_BACKENDS } from '../src/cli/args.js';
import { createEngineSync, type Engine } from '../src/engine/engine.js';
import type { Conv2dOptions, Tensor } from '../src/index.js';
import { supports, type Backend as BackendName } from '../src/wasm/features.js';

export type { BackendName };

export interface Backend {
  /** As typed after `--backends`. */
  readonly name: BackendName;
  readonly engine: Engine;
  /** `engine.threads`: 1, or the count of a `--threads` run. */
  readonly threads: number;
  readonly conv2d: (input: Tensor, filter: Tensor, options: Conv2dOptions) => Tensor;
}

/**
 * Every backend the bench knows, in table order: the baseline first, then slowest to fastest
 * (the same list, and order, as `simdconv bench`'s).
 */
export const BACKEND_NAMES: readonly BackendName[] = BENCH_BACKENDS;

/** The backend other rows are compared with (the `× js` column) and the oracle of the check. */
export const BASELINE: BackendName = 'js';

/** Why this process cannot run a backend, or `undefined` if it can. */
export function unsupportedReason(name: BackendName): string | undefined {
  if (supports(name)) return undefined;
  if (name === 'relaxed-simd') {
    return (
      `this Node (${process.version}) cannot run the 'relaxed-simd' build: Node < 22 needs ` +
      `--experimental-wasm-relaxed-simd (npm run bench and npm start pass it through bench/launch.mjs; ` +
      `by hand: node --experimental-wasm-relaxed-simd --import tsx bench/run.ts)`
    );
  }
  return `this JavaScript engine cannot run the '${name}' WebAssembly build`;
}

/** The backends this process can run: js, plus every WebAssembly build it supports. */
export function availableBackends(): BackendName[] {
  return BACKEND_NAMES.filter((name) => unsupportedReason(name) === undefined);
}

/** The builds with a shared-memory variant, which `threads > 1` runs on. */
export const THREADED_BACKENDS: readonly BackendName[] = ['simd', 'relaxed-simd'];

/**
 * Creates the engines, one per name, at `threads` threads (default 1). Each owns its WebAssembly
 * memory, which grows to the largest shape and then stays, as in an application that reuses an
 * engine.
 */
export function createBackends(names: readonly BackendName[], threads = 1): Backend[] {
  return names.map((name) => {
    const reason = unsupportedReason(name);
    if (reason !== undefined) throw new Error(reason);
    const engine = threads === 1 ? createEngineSync({ backend: name }) : createEngineSync({ backend: name, threads });
    // createEngineSync never falls back quietly, but a bench row must be what its name says.
    if (engine.backend !== name || engine.threads !== threads) {
      throw new Error(`asked for the '${name}' backend at ${threads} thread(s), got '${engine.backend}' at ${engine.threads}`);
    }
    return { name, engine, threads, conv2d: engine.conv2d };
  });
}
