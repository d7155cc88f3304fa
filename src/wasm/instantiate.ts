import { ABI } from './abi.generated.js';
import { WASM_BACKENDS, type WasmBackend } from './features.js';

/** The JS glue's version of the module's exports (scripts/abi-table.mjs); the module's BUILD carries its own. */
export { ABI };
const VARIANTS: readonly WasmBackend[] = ['scalar', 'simd', 'relaxed-simd'];

/** `BUILD`'s bit of a threaded build: shared memory imported as `env.memory` (assembly/index.ts). */
export const THREADED_BIT = 4;

/**
 * Instantiates a build and checks it is one of ours, of this package version, and the build
 * that was asked for (`expected`), by its `BUILD` export. A threaded build (its `BUILD` has
 * {@link THREADED_BIT}) needs `memory`, a shared memory; an unshared one must not get one.
 * Returns the instance's exports, which build it is and whether it is threaded.
 */
export function instantiate(module: WebAssembly.Module, expected: WasmBackend | undefined, where: string, memory?: WebAssembly.Memory): { exports: WebAssembly.Exports; backend: WasmBackend; threaded: boolean } {
  const fail = (problem: string): never => {
    throw new Error(`simdconv: the WebAssembly module from ${where} ${problem}`);
  };
  if (!WebAssembly.Module.exports(module).some((e) => e.name === 'BUILD' && e.kind === 'global')) {
    fail(`is not a simdconv build (it has no BUILD export); expected one of dist/wasm/simdconv.{${WASM_BACKENDS.join(',')}}.wasm`);
  }
  const threaded = WebAssembly.Module.imports(module).some((i) => i.module === 'env' && i.name === 'memory' && i.kind === 'memory');
  if (threaded !== (memory !== undefined)) {
    fail(threaded ? 'is a threaded build (it imports shared memory); it runs only in an engine with threads' : 'is not a threaded build, but an engine with threads was asked for');
  }
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(module, { env: { abort: () => fail('aborted'), ...(memory === undefined ? {} : { memory }) } });
  } catch (error) {
    return fail(`could not be instantiated: ${(error as Error).message}`);
  }
  const build = (instance.exports.BUILD as WebAssembly.Global).value as number;
  if (build >> 4 !== ABI) {
    fail(`speaks ABI ${build >> 4}, but this copy of simdconv's JavaScript expects ABI ${ABI}: the .wasm and the .js come from different versions of the package`);
  }
  const backend = VARIANTS[build & 15 & ~THREADED_BIT];
  if (backend === undefined || (build & THREADED_BIT) !== (threaded ? THREADED_BIT : 0)) return fail(`names an unknown build (${build & 15})`);
  if (expected !== undefined && backend !== expected) fail(`is the '${backend}' build, but the '${expected}' build was asked for`);
  return { exports: instance.exports, backend, threaded };
}
