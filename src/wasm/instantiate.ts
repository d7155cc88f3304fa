import { ABI } from './abi.generated.js';
import { WASM_BACKENDS, type WasmBackend } from './features.js';

/** The JS glue's version of the module's exports (scripts/abi-table.mjs); the module's BUILD carries its own. */
export { ABI };
const VARIANTS: readonly WasmBackend[] = ['scalar', 'simd', 'relaxed-simd'];

/**
 * Instantiates a build and checks it is one of ours, of this package version, and the build
 * that was asked for (`expected`), by its `BUILD` export. Returns the instance's exports and
 * which build it is.
 */
export function instantiate(module: WebAssembly.Module, expected: WasmBackend | undefined, where: string): { exports: WebAssembly.Exports; backend: WasmBackend } {
  const fail = (problem: string): never => {
    throw new Error(`simdconv: the WebAssembly module from ${where} ${problem}`);
  };
  if (!WebAssembly.Module.exports(module).some((e) => e.name === 'BUILD' && e.kind === 'global')) {
    fail(`is not a simdconv build (it has no BUILD export); expected one of dist/wasm/simdconv.{${WASM_BACKENDS.join(',')}}.wasm`);
  }
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(module, { env: { abort: () => fail('aborted') } });
  } catch (error) {
    return fail(`could not be instantiated: ${(error as Error).message}`);
  }
  const build = (instance.exports.BUILD as WebAssembly.Global).value as number;
  if (build >> 4 !== ABI) {
    fail(`speaks ABI ${build >> 4}, but this copy of simdconv's JavaScript expects ABI ${ABI}: the .wasm and the .js come from different versions of the package`);
  }
  const backend = VARIANTS[build & 15];
  if (backend === undefined) return fail(`names an unknown build (${build & 15})`);
  if (expected !== undefined && backend !== expected) fail(`is the '${backend}' build, but the '${expected}' build was asked for`);
  return { exports: instance.exports, backend };
}
