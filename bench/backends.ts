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

/**
 * Creates the engines, one per name. Each owns its WebAssembly memory, which grows to the
 * largest shape and then stays, as in an application that reuses an engine.
 */
export function createBackends(names: readonly BackendName[]): Backend[] {
  return names.map((name) => {
    const reason = unsupportedReason(name);
    if (reason !== undefined) throw new Error(reason);
    const engine = createEngineSync({ backend: name });
    // createEngineSync never falls back quietly, but a bench row must be what its name says.
    if (engine.backend !== name) throw new Error(`asked for the '${name}' backend, got '${engine.backend}'`);
    return { name, engine, conv2d: engine.conv2d };
  });
}
