import type { WasmBackend } from './features.js';

/**
 * Where a build's `.wasm` file is. The path climbs to the package root and back into `dist/`,
 * so it names the same file whether this module runs compiled (`dist/wasm/binary.js`) or from
 * source in tests (`src/wasm/binary.ts`). Bundlers see a static `new URL(…, import.meta.url)`
 * and emit the file as an asset.
 */
export function wasmUrl(backend: WasmBackend): URL {
  try {
    switch (backend) {
      case 'relaxed-simd':
        return new URL('../../dist/wasm/simdconv.relaxed-simd.wasm', import.meta.url);
      case 'simd':
        return new URL('../../dist/wasm/simdconv.simd.wasm', import.meta.url);
      case 'scalar':
        return new URL('../../dist/wasm/simdconv.scalar.wasm', import.meta.url);
    }
  } catch (error) {
    // workerd's legacy module registry, for one, gives modules no import.meta.url.
    throw new Error(
      `simdconv: cannot locate the '${backend}' WebAssembly build: this runtime gives simdconv's module no usable import.meta.url ` +
        `(${String(import.meta.url)}). Pass the build yourself (createEngine({ wasm })), or in Workers let the 'workerd' export condition import it.`,
      { cause: error },
    );
  }
}

/**
 * Where a threaded build (shared memory, for the worker pool) is: `dist/wasm-threads/`, beside
 * the unshared builds (both ship in the tarball). Not a static asset URL: threads serve Node
 * only for now, so bundlers must not copy these builds into web apps.
 */
export function threadedWasmUrl(backend: 'simd' | 'relaxed-simd'): URL {
  return new URL(`../wasm-threads/simdconv.${backend}-threads.wasm`, wasmUrl(backend));
}

interface SyncFs {
  readFileSync(path: URL): Uint8Array;
}

/** A synchronous file reader where the runtime offers one without an import (Node ≥ 20.16, Bun, Deno). */
function syncFs(): SyncFs | undefined {
  const g = globalThis as {
    process?: { getBuiltinModule?: (id: string) => unknown };
    Deno?: { readFileSync?: (path: URL) => Uint8Array };
  };
  const fs = g.process?.getBuiltinModule?.('node:fs') as SyncFs | undefined;
  if (fs !== undefined) return fs;
  const deno = g.Deno?.readFileSync;
  return deno === undefined ? undefined : { readFileSync: (path) => deno(path) };
}

/** Whether the package's own builds can be read synchronously here (files on disk, a file system to read them). */
export function canReadSync(): boolean {
  let url: URL;
  try {
    url = wasmUrl('simd');
  } catch {
    return false;
  }
  return url.protocol === 'file:' && syncFs() !== undefined;
}

/** The error for a build that is missing or is not WebAssembly: which file, expected where, and what came instead. */
export function loadError(what: string, where: string, problem: string, cause?: unknown): Error {
  const hint =
    where.startsWith('file:') ? ' (in a source checkout, run `npm run build`)'
    : where.startsWith('http') ? ". If you bundle simdconv, its dist/wasm/*.wasm files must be served next to its JS; or pass the build yourself: createEngine({ wasm })"
    : '';
  return new Error(`simdconv: could not load ${what}: expected it at ${where}${hint}. ${problem}`, cause === undefined ? undefined : { cause });
}

function describeBuild(backend: WasmBackend | undefined): string {
  return backend === undefined ? 'the WebAssembly build given as options.wasm' : `the '${backend}' WebAssembly build`;
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d]; // "\0asm"

/** What the first bytes of a non-wasm file look like, for the error message. */
function preview(bytes: Uint8Array): string {
  const head = Array.from(bytes.subarray(0, 24), (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
  const html = /^\s*<(!doctype|html|head|body|!--)/i.test(head) ? ' (an HTML page: a server or dev-server fallback answering for a missing file)' : '';
  return bytes.length === 0 ? 'Got an empty file.' : `Got ${bytes.length} bytes starting with "${head}"${html}, not the WebAssembly magic number \\0asm.`;
}

/** Compiles bytes, first checking they are WebAssembly at all, so a wrong file is named as such. */
export function compileBytes(backend: WasmBackend | undefined, bytes: Uint8Array, where: string): WebAssembly.Module {
  if (!MAGIC.every((b, i) => bytes[i] === b)) throw loadError(describeBuild(backend), where, preview(bytes));
  try {
    return new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  } catch (error) {
    const message = (error as Error).message;
    const hint = /Content.Security.Policy|unsafe-eval/i.test(message)
      ? " The page's Content-Security-Policy forbids compiling WebAssembly: add 'wasm-unsafe-eval' to its script-src."
      : /disallowed|not allowed|code generation/i.test(message)
        ? ' This runtime forbids compiling WebAssembly at run time (as Workers-style isolates do): import the .wasm as a module and pass the WebAssembly.Module, or use the package\'s `workerd` entry.'
        : '';
    throw loadError(describeBuild(backend), where, `This JavaScript engine could not compile it: ${message}.${hint}`, error);
  }
}

/** Reads and compiles a file: URL synchronously. */
export function compileFileSync(backend: WasmBackend | undefined, url: URL): WebAssembly.Module {
  const fs = syncFs();
  if (fs === undefined) throw loadError(describeBuild(backend), url.href, 'There is no synchronous file system here: load it with `await ready()` or `await createEngine()`.');
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(url);
  } catch (error) {
    throw loadError(describeBuild(backend), url.href, (error as Error).message, error);
  }
  return compileBytes(backend, bytes, url.href);
}

/**
 * Fetches and compiles a URL. Served as `application/wasm`, the module compiles while it
 * downloads (`compileStreaming`); any other type (servers that don't know `.wasm`) falls back
 * to compiling the downloaded bytes, which also explains a wrong file instead of V8's
 * "expected magic word".
 */
export async function compileUrl(backend: WasmBackend | undefined, url: URL): Promise<WebAssembly.Module> {
  if (url.protocol === 'file:' && syncFs() !== undefined) return compileFileSync(backend, url);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw loadError(describeBuild(backend), url.href, `Fetching it failed: ${(error as Error).message}`, error);
  }
  if (!response.ok) throw loadError(describeBuild(backend), url.href, `The server answered HTTP ${response.status} ${response.statusText}.`);
  const type = response.headers.get('content-type') ?? '';
  if (type.split(';')[0]!.trim() === 'application/wasm' && typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(response.clone());
    } catch {
      // Fall through: compiling the bytes says precisely what is wrong with them.
    }
  }
  return compileBytes(backend, new Uint8Array(await response.arrayBuffer()), `${url.href} (served as ${type || 'no content-type'})`);
}
