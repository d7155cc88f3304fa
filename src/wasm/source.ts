import { compileBytes, compileFileSync, compileUrl, wasmUrl } from './binary.js';
import { WASM_BACKENDS, type WasmBackend } from './features.js';

/**
 * A WebAssembly build of simdconv supplied by the caller instead of the package's own file:
 * a compiled `WebAssembly.Module` (what Cloudflare Workers and other isolates that forbid
 * compiling at run time hand you for `import wasm from '….wasm'`), its bytes, or a URL to fetch.
 */
export type WasmSource = WebAssembly.Module | ArrayBuffer | ArrayBufferView | URL | string;

/** One build, or several keyed by backend (so `backend: 'auto'` can still pick the fastest). */
export type WasmSources = WasmSource | Partial<Record<WasmBackend, WasmSource>>;

function isSingle(source: unknown): source is WasmSource {
  return (
    source instanceof WebAssembly.Module ||
    source instanceof ArrayBuffer ||
    ArrayBuffer.isView(source) ||
    source instanceof URL ||
    typeof source === 'string'
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value === 'string' ? JSON.stringify(value) : typeof value;
  return value.constructor?.name ?? 'an object';
}

/**
 * Reads `options.wasm`: a single source (then `backend`, if named, must match its build), or
 * a record of sources by backend. Returns the sources by backend that this call may use; a
 * single source is keyed `undefined` until compiled, since only its `BUILD` export says which
 * build it is.
 */
export function readSources(fn: string, wasm: unknown): { single: WasmSource } | { byBackend: Partial<Record<WasmBackend, WasmSource>> } {
  if (isSingle(wasm)) return { single: wasm };
  if (typeof wasm !== 'object' || wasm === null || Array.isArray(wasm)) {
    throw new TypeError(
      `${fn}: options.wasm must be a WebAssembly.Module, an ArrayBuffer or typed array of its bytes, a URL, or a record of those by backend; got ${describe(wasm)}`,
    );
  }
  const byBackend: Partial<Record<WasmBackend, WasmSource>> = {};
  for (const [key, value] of Object.entries(wasm)) {
    if (!(WASM_BACKENDS as readonly string[]).includes(key)) {
      throw new TypeError(`${fn}: options.wasm has a key '${key}'; expected one of ${WASM_BACKENDS.map((b) => `'${b}'`).join(', ')}`);
    }
    if (!isSingle(value)) {
      throw new TypeError(`${fn}: options.wasm['${key}'] must be a WebAssembly.Module, bytes or a URL; got ${describe(value)}`);
    }
    byBackend[key as WasmBackend] = value;
  }
  if (Object.keys(byBackend).length === 0) throw new TypeError(`${fn}: options.wasm is an empty record; give at least one build`);
  return { byBackend };
}

function asUrl(fn: string, source: string | URL): URL {
  if (source instanceof URL) return source;
  try {
    return new URL(source, (globalThis as { location?: { href: string } }).location?.href);
  } catch {
    throw new TypeError(`${fn}: options.wasm is the string ${JSON.stringify(source)}, which is not a URL (relative URLs need a page to resolve against)`);
  }
}

function bytesOf(source: ArrayBuffer | ArrayBufferView): Uint8Array {
  return source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
}

/** Compiles a caller's source, or the package's own file when there is none. */
export async function compileSource(fn: string, backend: WasmBackend | undefined, source: WasmSource | undefined): Promise<WebAssembly.Module> {
  if (source === undefined) return compileUrl(backend, wasmUrl(backend!));
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof URL || typeof source === 'string') return compileUrl(backend, asUrl(fn, source));
  return compileBytes(backend, bytesOf(source), 'options.wasm (bytes)');
}

/** {@link compileSource} without waiting: a URL can be read only from a file system. */
export function compileSourceSync(fn: string, backend: WasmBackend | undefined, source: WasmSource | undefined): WebAssembly.Module {
  if (source === undefined) return compileFileSync(backend, wasmUrl(backend!));
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof URL || typeof source === 'string') {
    const url = asUrl(fn, source);
    if (url.protocol !== 'file:') {
      throw new Error(`${fn}: cannot fetch ${url.href} synchronously; load a URL with \`await createEngine({ wasm })\` or \`await ready({ wasm })\`, or pass the bytes or a WebAssembly.Module`);
    }
    return compileFileSync(backend, url);
  }
  return compileBytes(backend, bytesOf(source), 'options.wasm (bytes)');
}
