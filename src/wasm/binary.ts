import type { WasmBackend } from './features.js';

/**
 * Where a build's `.wasm` file is. The path climbs to the package root and back into `dist/`,
 * so it names the same file whether this module runs compiled (`dist/wasm/binary.js`) or from
 * source in tests (`src/wasm/binary.ts`). Bundlers see a static `new URL(…, import.meta.url)`.
 */
export function wasmUrl(backend: WasmBackend): URL {
  switch (backend) {
    case 'relaxed-simd':
      return new URL('../../dist/wasm/simdconv.relaxed-simd.wasm', import.meta.url);
    case 'simd':
      return new URL('../../dist/wasm/simdconv.simd.wasm', import.meta.url);
    case 'scalar':
      return new URL('../../dist/wasm/simdconv.scalar.wasm', import.meta.url);
  }
}

interface NodeFs {
  readFileSync(path: URL): Uint8Array<ArrayBuffer>;
}

/** Node's `fs` where the runtime offers it without an import (Node ≥ 20.16, Bun, Deno 2). */
function nodeFs(): NodeFs | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.('node:fs') as NodeFs | undefined;
}

/** Whether a build can be read synchronously here (a file system, not a network). */
export function canReadSync(): boolean {
  return nodeFs() !== undefined;
}

function notFound(backend: WasmBackend, url: URL, cause: unknown): Error {
  return new Error(
    `simdconv: could not load the '${backend}' WebAssembly build: expected ${url.href} ` +
      `(run \`npm run build\` in a source checkout): ${cause instanceof Error ? cause.message : String(cause)}`,
    { cause },
  );
}

/** Compiles a build synchronously from the file system (Node, Bun, Deno). */
export function compileSync(backend: WasmBackend): WebAssembly.Module {
  const fs = nodeFs();
  const url = wasmUrl(backend);
  if (fs === undefined) throw notFound(backend, url, new Error('no synchronous file system here'));
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = fs.readFileSync(url);
  } catch (error) {
    throw notFound(backend, url, error);
  }
  return new WebAssembly.Module(bytes);
}

/** Compiles a build: from the file system where there is one, else fetched from its URL. */
export async function compile(backend: WasmBackend): Promise<WebAssembly.Module> {
  if (canReadSync()) return compileSync(backend);
  const url = wasmUrl(backend);
  let response: Response;
  try {
    response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    throw notFound(backend, url, error);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}
