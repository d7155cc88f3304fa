// Every way a build can reach an engine (the package's file, a caller's WebAssembly.Module,
// bytes, a file: or http: URL, a record by backend) and every way it can go wrong: each wrong
// or missing file must be named, with where it was expected, never V8's "expected magic word".
import { readFileSync } from 'node:fs';
import binaryen from 'binaryen';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../demo/serve.mjs';
import { createEngine, createEngineSync, type Engine } from '../src/engine/engine.js';
import { wasmUrl } from '../src/wasm/binary.js';
import { ABI } from '../src/wasm/instantiate.js';
import type { WasmBackend } from '../src/wasm/features.js';

const bytesOf = (backend: WasmBackend) => readFileSync(wasmUrl(backend));
const moduleOf = (backend: WasmBackend) => new WebAssembly.Module(bytesOf(backend));

/** 3×3 input, 2×2 ones: each output is the sum of a 2×2 window. */
function expectWorks(engine: Engine): void {
  const y = engine.conv2d({ data: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), shape: [1, 1, 3, 3] }, { data: new Float32Array(4).fill(1), shape: [1, 1, 2, 2] });
  expect(Array.from(y.data)).toEqual([12, 16, 24, 28]);
}

/** A valid wasm module exporting `BUILD` = value, as a build of another version would. */
function moduleWithBuild(value: number): WebAssembly.Module {
  const m = new binaryen.Module();
  try {
    m.addGlobal('BUILD', binaryen.i32, false, m.i32.const(value));
    m.addGlobalExport('BUILD', 'BUILD');
    return new WebAssembly.Module(m.emitBinary() as Uint8Array<ArrayBuffer>);
  } finally {
    m.dispose();
  }
}

describe('caller-supplied builds', () => {
  it.each(['scalar', 'simd', 'relaxed-simd'] as const)('a WebAssembly.Module of %s is identified by its BUILD export', async (backend) => {
    const engine = await createEngine({ wasm: moduleOf(backend) });
    expect(engine.backend).toBe(backend);
    expectWorks(engine);
    expect(createEngineSync({ wasm: moduleOf(backend), backend }).backend).toBe(backend);
  });

  it('bytes: an ArrayBuffer, a Uint8Array, and a view at an offset into a larger buffer', async () => {
    const bytes = bytesOf('simd');
    const shifted = new Uint8Array(bytes.length + 16);
    shifted.set(bytes, 16);
    for (const wasm of [bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), new Uint8Array(bytes), shifted.subarray(16)]) {
      expectWorks(await createEngine({ wasm }));
      expectWorks(createEngineSync({ wasm }));
    }
  });

  it('a file: URL, as a URL or a string, async and sync', async () => {
    const url = wasmUrl('scalar');
    expect((await createEngine({ wasm: url })).backend).toBe('scalar');
    expect((await createEngine({ wasm: url.href })).backend).toBe('scalar');
    expect(createEngineSync({ wasm: url }).backend).toBe('scalar');
  });

  it("a record by backend: 'auto' takes the fastest offered build this engine runs; a named one must be offered", async () => {
    expect((await createEngine({ wasm: { scalar: moduleOf('scalar'), simd: bytesOf('simd') } })).backend).toBe('simd');
    expect((await createEngine({ wasm: { scalar: moduleOf('scalar') } })).backend).toBe('scalar');
    expect(createEngineSync({ backend: 'scalar', wasm: { scalar: moduleOf('scalar'), simd: moduleOf('simd') } }).backend).toBe('scalar');
    await expect(createEngine({ backend: 'scalar', wasm: { simd: moduleOf('simd') } })).rejects.toThrow(
      "createEngine: backend 'scalar' was asked for, but options.wasm has no 'scalar' build (it has 'simd')",
    );
  });

  it('a build that is not the one asked for is refused, naming both', async () => {
    await expect(createEngine({ backend: 'simd', wasm: moduleOf('scalar') })).rejects.toThrow(
      "the WebAssembly module from options.wasm (a WebAssembly.Module) is the 'scalar' build, but the 'simd' build was asked for",
    );
    expect(() => createEngineSync({ wasm: { simd: moduleOf('scalar') } })).toThrow("is the 'scalar' build, but the 'simd' build was asked for");
  });

  it('a module that is not simdconv, or of another package version, is refused', async () => {
    const foreign = new WebAssembly.Module(Uint8Array.from([0, 97, 115, 109, 1, 0, 0, 0]));
    await expect(createEngine({ wasm: foreign })).rejects.toThrow(/is not a simdconv build \(it has no BUILD export\); expected one of dist\/wasm\/simdconv\.\{relaxed-simd,simd,scalar\}\.wasm/);
    expect(() => createEngineSync({ wasm: moduleWithBuild(((ABI + 1) << 4) | 1) })).toThrow(
      `speaks ABI ${ABI + 1}, but this copy of simdconv's JavaScript expects ABI ${ABI}: the .wasm and the .js come from different versions of the package`,
    );
  });

  it('bytes that are not WebAssembly are described, not fed to the compiler', async () => {
    const html = new TextEncoder().encode('<!DOCTYPE html><html><body>Not found</body></html>');
    const error = await createEngine({ wasm: html }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      'simdconv: could not load the WebAssembly build given as options.wasm: expected it at options.wasm (bytes). ' +
        `Got ${html.length} bytes starting with "<!DOCTYPE html><html><bo" (an HTML page: a server or dev-server fallback answering for a missing file), not the WebAssembly magic number \\0asm.`,
    );
    expect((error as Error).message).not.toMatch(/magic word/);
    expect(() => createEngineSync({ wasm: new Uint8Array(0) })).toThrow('Got an empty file.');
  });

  it('truncated WebAssembly says the engine could not compile it, and where it came from', () => {
    expect(() => createEngineSync({ wasm: bytesOf('simd').subarray(0, 100) })).toThrow(
      /could not load the WebAssembly build given as options\.wasm: expected it at options\.wasm \(bytes\)\. This JavaScript engine could not compile it: /,
    );
  });

  it('a missing file names the path it expected', async () => {
    const missing = new URL('./no-such-build.wasm', wasmUrl('simd'));
    const message = `could not load the 'simd' WebAssembly build: expected it at ${missing.href} (in a source checkout, run \`npm run build\`). ENOENT`;
    await expect(createEngine({ backend: 'simd', wasm: missing })).rejects.toThrow(message);
    expect(() => createEngineSync({ backend: 'simd', wasm: missing })).toThrow(message);
  });

  it('options.wasm of the wrong type is a TypeError naming what was given', async () => {
    await expect(createEngine({ wasm: 42 as never })).rejects.toThrow(
      'createEngine: options.wasm must be a WebAssembly.Module, an ArrayBuffer or typed array of its bytes, a URL, or a record of those by backend; got number',
    );
    expect(() => createEngineSync({ wasm: { fast: moduleOf('simd') } as never })).toThrow(
      "createEngineSync: options.wasm has a key 'fast'; expected one of 'relaxed-simd', 'simd', 'scalar'",
    );
    expect(() => createEngineSync({ wasm: { simd: 7 } as never })).toThrow("createEngineSync: options.wasm['simd'] must be a WebAssembly.Module, bytes or a URL; got number");
    expect(() => createEngineSync({ wasm: {} })).toThrow('createEngineSync: options.wasm is an empty record; give at least one build');
    expect(() => createEngineSync({ wasm: 'not a url' })).toThrow('options.wasm is the string "not a url", which is not a URL');
  });

  it('backend js ignores options.wasm', () => {
    expect(createEngineSync({ backend: 'js', wasm: moduleOf('simd') }).backend).toBe('js');
  });
});

describe('builds fetched over HTTP', () => {
  let good: Served;
  let octet: Served;
  let spa: Served;
  const root = new URL('..', import.meta.url).pathname;
  const path = (backend: WasmBackend) => `dist/wasm/simdconv.${backend}.wasm`;

  beforeAll(async () => {
    good = await serve({ root });
    // A server that does not know .wasm, as many still don't.
    octet = await serve({ root, mime: { '.wasm': 'application/octet-stream' } });
    // A single-page-app server: every unknown path answers index.html with status 200.
    spa = await serve({ root: new URL('../test/fixtures/spa', import.meta.url).pathname, mime: { '.wasm': 'text/html' } });
  });
  afterAll(async () => {
    await Promise.all([good.close(), octet.close(), spa.close()]);
  });

  it('application/wasm compiles while streaming; the sync API refuses a URL it would have to fetch', async () => {
    const engine = await createEngine({ wasm: good.url + path('simd') });
    expect(engine.backend).toBe('simd');
    expectWorks(engine);
    expect(() => createEngineSync({ wasm: good.url + path('simd') })).toThrow(`createEngineSync: cannot fetch ${good.url}${path('simd')} synchronously; load a URL with \`await createEngine({ wasm })\` or \`await ready({ wasm })\`, or pass the bytes or a WebAssembly.Module`);
  });

  it('a wrong MIME type falls back to compiling the downloaded bytes', async () => {
    const engine = await createEngine({ wasm: { scalar: new URL(path('scalar'), octet.url) } });
    expect(engine.backend).toBe('scalar');
    expectWorks(engine);
  });

  it('a 404 names the URL and the status', async () => {
    const url = `${good.url}dist/wasm/missing.wasm`;
    await expect(createEngine({ backend: 'simd', wasm: url })).rejects.toThrow(
      `simdconv: could not load the 'simd' WebAssembly build: expected it at ${url}. If you bundle simdconv, its dist/wasm/*.wasm files must be served next to its JS; or pass the build yourself: createEngine({ wasm }). The server answered HTTP 404 Not Found.`,
    );
  });

  it('an HTML page served in place of the .wasm is named as such', async () => {
    const url = `${spa.url}index.html`;
    const error = await createEngine({ wasm: url }).catch((e: unknown) => e as Error);
    expect((error as Error).message).toMatch(/expected it at http:\/\/127\.0\.0\.1:\d+\/index\.html \(served as text\/html; charset=utf-8\)\. If you bundle simdconv/);
    expect((error as Error).message).toMatch(/an HTML page: a server or dev-server fallback answering for a missing file/);
  });

  it('a server that is not there names the URL', async () => {
    await expect(createEngine({ wasm: 'http://127.0.0.1:9/simdconv.simd.wasm' })).rejects.toThrow(
      /could not load the WebAssembly build given as options\.wasm: expected it at http:\/\/127\.0\.0\.1:9\/simdconv\.simd\.wasm\. .* Fetching it failed: /,
    );
  });
});
