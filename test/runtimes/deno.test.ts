// The installed tarball in Deno: imported by name from the project's node_modules (the default
// engine reads its build from disk), over HTTP from a server (fetched and compiled while
// downloading, or from bytes when the server sends another type), and with the build handed
// over as bytes or a URL. Offline: DENO_DIR is an empty temp folder and nothing comes from JSR or npm.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../../demo/serve.mjs';
import { WORKED, removeDir, removePacked, tempDir } from '../package/packed.js';
import { consumerWith, runJson, RUNTIME_FIXTURES, runtimeBinary, runtimeVersion, type ConvReport } from './runtimes.js';

const CASE = JSON.stringify({ input: WORKED.input, filter: WORKED.filter });
// Deno 2.9's V8 runs relaxed SIMD without a flag, so the default is the fastest build.
const EXPECTED_BACKEND = 'relaxed-simd';

interface DenoVersion {
  deno: string;
  v8: string;
}

let deno: string;
let consumer: string;
let denoDir: string;
const servers: Served[] = [];

beforeAll(async () => {
  deno = runtimeBinary('deno');
  consumer = await consumerWith('deno', ['deno-fs.mjs', 'deno-url.mjs', 'deno-sources.mjs']);
  // "manual": use the node_modules folder npm made, never install or fetch npm packages.
  await writeFile(join(consumer, 'deno.json'), JSON.stringify({ nodeModulesDir: 'manual' }, null, 2));
  denoDir = await tempDir('deno-dir');
  console.log(`Deno: ${await runtimeVersion(deno, consumer)}`);
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await removeDir(consumer);
  await removeDir(denoDir);
  await removePacked();
});

/** `deno run` in the consumer folder with only the given permissions (--no-prompt: a missing one fails instead of asking). */
function denoRun<T>(permissions: readonly string[], script: string, args: readonly string[]): Promise<{ report: T; stderr: string }> {
  // --no-lock: leave no deno.lock behind; DENO_DIR: a cache of this test's own.
  return runJson<T>(deno, ['run', '--no-prompt', '--no-lock', ...permissions, script, ...args], { cwd: consumer, env: { DENO_DIR: denoDir } });
}

function expectWorked(result: ConvReport | undefined, where: string): void {
  expect(result, `${where}: no result`).toBeDefined();
  expect(result!.shape, `${where}: output shape`).toEqual(WORKED.expected.shape);
  expect(result!.data, `${where}: output values`).toEqual(WORKED.expected.data);
}

// Reading the builds needs nothing more than read access to the package's wasm folder.
const READ_WASM = '--allow-read=node_modules/simdconv/dist/wasm';

describe('Deno: import from node_modules, the default engine from disk', () => {
  interface FsReport {
    version: DenoVersion;
    resolved: string;
    backend?: string;
    result?: ConvReport;
    error?: string;
    reads: string[];
  }

  it.each([
    { reader: 'node-fs', via: 'process.getBuiltinModule node:fs' },
    { reader: 'deno-fs', via: 'Deno.readFileSync file://' },
  ])('conv2d runs synchronously, reading the build with $reader', async ({ reader, via }) => {
    const { report } = await denoRun<FsReport>(['--cached-only', READ_WASM], 'deno-fs.mjs', [CASE, reader]);
    console.log(`Deno ${report.version.deno} (V8 ${report.version.v8}), ${reader}: getEngine().backend = '${report.backend}'`);
    expect(report.error, 'conv2d threw').toBeUndefined();
    // Resolved by name through package.json and node_modules, to the tarball's files.
    expect(report.resolved).toBe(pathToFileURL(join(consumer, 'node_modules/simdconv/dist/index.js')).href);
    expect(report.backend).toBe(EXPECTED_BACKEND);
    expectWorked(report.result, `default engine (${reader})`);
    expect(report.reads.some((r) => r.startsWith(via)), `the build should be read with ${via}…; reads: ${report.reads.join(', ') || 'none'}`).toBe(true);
  });

  it('without read access, the error names the file and the missing permission', async () => {
    const { report } = await denoRun<FsReport>(['--cached-only'], 'deno-fs.mjs', [CASE]);
    const file = pathToFileURL(join(consumer, `node_modules/simdconv/dist/wasm/simdconv.${EXPECTED_BACKEND}.wasm`)).href;
    expect(report.error).toContain(`simdconv: could not load the '${EXPECTED_BACKEND}' WebAssembly build: expected it at ${file}`);
    expect(report.error).toMatch(/Requires read access to .*--allow-read/);
  });
});

describe('Deno: import over HTTP, the build fetched next to the JS', () => {
  interface UrlReport {
    version: DenoVersion;
    beforeReady: string;
    backend: string;
    default: string;
    result: ConvReport;
    scalar: ConvReport & { backend: string };
    fetched: { url: string; status: number; type: string | null }[];
    streaming: { calls: number; compiled: number; failed: string[] };
  }

  async function importOver(mime: Record<string, string>): Promise<{ report: UrlReport; base: string }> {
    const server = await serve({ root: consumer, mime });
    servers.push(server);
    const base = `${server.url}node_modules/simdconv/dist/`;
    const host = new URL(server.url).host;
    // --allow-import: Deno 2 imports code only from hosts it is told to; --allow-net: the fetch.
    const { report } = await denoRun<UrlReport>([`--allow-import=${host}`, `--allow-net=${host}`], 'deno-url.mjs', [`${base}index.js`, CASE]);
    console.log(`Deno ${report.version.deno} over HTTP (.wasm as ${mime['.wasm'] ?? 'application/wasm'}): ready() → '${report.backend}'; fetched ${report.fetched.map((f) => `${f.url} (${f.type})`).join(', ')}`);
    expect(report.beforeReady, 'getEngine() before ready()').toMatch(/not loaded yet; call `await ready\(\)`/);
    expect(report.backend).toBe(EXPECTED_BACKEND);
    expect(report.default, 'the top-level functions run on the engine ready() made').toBe(EXPECTED_BACKEND);
    expectWorked(report.result, 'default engine after ready()');
    expect(report.scalar.backend).toBe('scalar');
    expectWorked(report.scalar, "createEngine({ wasm: new URL('./wasm/simdconv.scalar.wasm', <module URL>) })");
    return { report, base };
  }

  it('served as application/wasm: each build fetched once and compiled while downloading (compileStreaming)', async () => {
    const { report, base } = await importOver({});
    expect(report.fetched).toEqual([
      { url: `${base}wasm/simdconv.${EXPECTED_BACKEND}.wasm`, status: 200, type: 'application/wasm' },
      { url: `${base}wasm/simdconv.scalar.wasm`, status: 200, type: 'application/wasm' },
    ]);
    expect(report.streaming).toEqual({ calls: 2, compiled: 2, failed: [] });
  });

  it('served as application/octet-stream: compiled from the downloaded bytes instead', async () => {
    const { report, base } = await importOver({ '.wasm': 'application/octet-stream' });
    expect(report.fetched).toEqual([
      { url: `${base}wasm/simdconv.${EXPECTED_BACKEND}.wasm`, status: 200, type: 'application/octet-stream' },
      { url: `${base}wasm/simdconv.scalar.wasm`, status: 200, type: 'application/octet-stream' },
    ]);
    // compileStreaming insists on application/wasm, so simdconv must not try it here.
    expect(report.streaming.calls).toBe(0);
  });
});

describe('Deno: builds handed to createEngine', () => {
  interface SourcesReport {
    version: DenoVersion;
    builds: { build: string; file: string; bytes: ConvReport & { backend: string }; url: ConvReport & { backend: string }; syncUrl: ConvReport & { backend: string } }[];
  }

  it('as the file’s bytes (Uint8Array) and as its file: URL, for each build', async () => {
    const { report } = await denoRun<SourcesReport>(['--cached-only', READ_WASM], 'deno-sources.mjs', [CASE]);
    expect(report.builds.map((b) => b.build)).toEqual(['relaxed-simd', 'simd', 'scalar']);
    for (const b of report.builds) {
      // Found through the package's "./wasm/*.wasm" export, in the installed package.
      expect(b.file).toBe(pathToFileURL(join(consumer, `node_modules/simdconv/dist/wasm/simdconv.${b.build}.wasm`)).href);
      for (const [how, engine] of [['createEngine({ wasm: bytes })', b.bytes], ['createEngine({ wasm: url })', b.url], ['createEngineSync({ wasm: url })', b.syncUrl]] as const) {
        // The engine knows which build it got from the module itself.
        expect(engine.backend, `${how} with ${b.file}`).toBe(b.build);
        expectWorked(engine, `${how}, ${b.build}`);
      }
    }
    console.log(`Deno ${report.version.deno}: createEngine from bytes / file: URL → ${report.builds.map((b) => b.bytes.backend).join(', ')}`);
  });
});

describe('Deno: the int8 relaxed dot kernel with its instruction', () => {
  // Node 20's V8 gets relaxed_dot_i8x16_i7x16_add_s wrong on some CPUs (docs/int8.md), so the
  // Node tests can only run the dot kernel's plain form; Deno's V8 runs the instruction itself.
  interface DotReport {
    v8: string;
    backend: string;
    kind: number;
    cases: number;
    differing: number;
    first: string;
  }

  it('forced on the relaxed build, 80 random layers bit for bit the reference', async () => {
    const { report } = await runJson<DotReport>(
      deno,
      ['run', '--no-prompt', '--no-lock', '--unstable-sloppy-imports', '--allow-read', 'deno-int8-dot.ts', String(Date.now() % 1_000_000)],
      { cwd: RUNTIME_FIXTURES, env: { DENO_DIR: denoDir }, timeoutMs: 60_000 },
    );
    console.log(`Deno (V8 ${report.v8}): qdotKind ${report.kind}, ${report.cases} layers, ${report.differing} differing`);
    expect(report.backend).toBe('relaxed-simd');
    expect(report.kind, 'the probe: Deno’s V8 computes the instruction exactly').toBeGreaterThanOrEqual(1);
    expect(report.cases).toBe(80);
    expect(report.differing, report.first).toBe(0);
  }, 90_000);
});
