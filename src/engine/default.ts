import { canReadSync } from '../wasm/binary.js';
import { hasProvidedBuilds } from '../wasm/provided.js';
import { bestBackend } from '../wasm/features.js';
import { createEngineAs, createEngineSync, type Engine, type EngineOptions } from './engine.js';

let current: Engine | undefined;

/**
 * The engine behind the top-level `conv2d`, `conv1d`, `maxPool2d` and `avgPool2d`: the fastest
 * WebAssembly build this JavaScript engine runs (relaxed-simd → simd → scalar), or the pure-JS
 * reference only where WebAssembly is missing. `getEngine().backend` says which.
 *
 * Where the build can be had synchronously (read from disk in Node, Bun and Deno; imported as
 * a module by the workerd entry) it is created on first use. In browsers and web workers the
 * module must be fetched first: call `await ready()` once before the first convolution, or
 * this throws (it never falls back to JavaScript quietly).
 *
 * @example
 * import { conv2d, getEngine } from 'simdconv';
 * conv2d(x, w);          // Node: loads the best build on this first call
 * getEngine().backend;   // 'simd' on Node 20, 'relaxed-simd' on Node 22
 */
export function getEngine(): Engine {
  if (current !== undefined) return current;
  if (!hasProvidedBuilds() && !canReadSync() && bestBackend() !== 'js') {
    throw new Error(
      'simdconv: the WebAssembly module is not loaded yet; call `await ready()` once before the first ' +
        'convolution in this environment (browsers and workers fetch it asynchronously)',
    );
  }
  current = createEngineSync();
  return current;
}

/**
 * Loads the engine the top-level functions use, and returns it. Optional in Node, Bun and
 * Deno; needed once in browsers and workers. With `{ backend }` it also picks the build the
 * top-level functions run (as {@link createEngine} does).
 *
 * @example
 * import { ready, conv2d } from 'simdconv';
 * const engine = await ready();   // or: await ready({ backend: 'scalar' })
 * console.log(engine.backend);
 * const y = conv2d(x, w, { padding: 'same' });
 */
export async function ready(options: EngineOptions = {}): Promise<Engine> {
  current = await createEngineAs('ready', options);
  return current;
}
