// The package as published: `npm pack` of the built repo, installed from the tarball into a
// fresh folder, then used the ways a user would: plain Node ESM, CommonJS require(), and
// TypeScript under both module resolutions that read `exports`.
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, REPO, THREADED_WASM_FILES, WASM_BUILDS, WORKED, describeRun, installPacked, packOnce, removeDir, removePacked, run, tempDir, wasmFile, type Packed } from './packed.js';

const TSC = join(REPO, 'node_modules/typescript/bin/tsc');
const nodeMajor = Number(process.versions.node.split('.')[0]);

interface ConvResult {
  backend: string;
  data: number[];
  shape: number[];
}

let packed: Packed;
let consumer: string;

beforeAll(async () => {
  packed = await packOnce();
  consumer = await tempDir('consumer');
  // "type": "module" so that tsc's node16 mode treats consumer.ts as ESM, as a Node app would.
  await installPacked(consumer, { type: 'module' });
  for (const file of ['consumer.mjs', 'consumer.cjs', 'consumer.ts']) await copyFile(join(FIXTURES, file), join(consumer, file));
}, 120_000);

afterAll(async () => {
  await removeDir(consumer);
  await removePacked();
});

/** Runs `node args…` in the consumer folder and parses its one JSON line. */
async function node<T>(args: readonly string[]): Promise<{ report: T; stderr: string }> {
  const result = await run(process.execPath, args, { cwd: consumer });
  if (result.code !== 0) throw new Error(describeRun(`node ${args.join(' ')}`, result));
  try {
    return { report: JSON.parse(result.stdout) as T, stderr: result.stderr };
  } catch {
    throw new Error(`node ${args.join(' ')} did not print one JSON line:\n${result.stdout}\n${result.stderr}`);
  }
}

function expectWorked(result: { data: number[]; shape: number[] }, where: string): void {
  expect(result.shape, `${where}: output shape`).toEqual(WORKED.expected.shape);
  expect(result.data, `${where}: output values`).toEqual(WORKED.expected.data);
}

describe('npm pack', () => {
  it('ships the built package and nothing else', () => {
    const paths = packed.files.map((f) => f.path);
    console.log(`tarball: ${packed.files.length} files, ${packed.size} B packed, ${packed.unpackedSize} B unpacked`);
    const required = ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/workerd.js', 'dist/types/index.d.ts', ...WASM_BUILDS.map(wasmFile), ...THREADED_WASM_FILES];
    expect(required.filter((p) => !paths.includes(p)), `files missing from the tarball (it has: ${paths.join(', ')})`).toEqual([]);
    // Sources, tests, tooling, source maps and dependencies stay out of what users download.
    const forbidden = /^(src|test|assembly|bench|demo|examples|\.ci)\/|(^|\/)node_modules\/|\.map$|\.tgz$|^tsconfig|^asconfig/;
    expect(paths.filter((p) => forbidden.test(p)), 'files that should not be in the tarball').toEqual([]);
  });
});

describe('the installed tarball', () => {
  it('runs from plain Node ESM: the worked example on the default engine and every build', async () => {
    const { report } = await node<{ resolved: string; default: ConvResult; engines: ConvResult[] }>(['consumer.mjs', 'simd', 'scalar']);
    // Resolved from the consumer's node_modules, never from the repo's sources or dist/.
    expect(report.resolved).toBe(pathToFileURL(join(consumer, 'node_modules/simdconv/dist/index.js')).href);
    console.log(`plain Node ${process.version} ESM: getEngine().backend = '${report.default.backend}'`);
    // The README: the default is the fastest build, relaxed-simd from Node 22 (a flag on Node 20).
    expect(report.default.backend).toBe(nodeMajor >= 22 ? 'relaxed-simd' : 'simd');
    expectWorked(report.default, 'default engine');
    expect(report.engines.map((e) => e.backend)).toEqual(['simd', 'scalar']);
    for (const engine of report.engines) expectWorked(engine, `createEngine({ backend: '${engine.backend}' })`);

    // The third build needs V8's flag on Node 20; with it, it is the default too.
    const flags = nodeMajor < 22 ? ['--experimental-wasm-relaxed-simd'] : [];
    const relaxed = await node<{ default: ConvResult; engines: ConvResult[] }>([...flags, 'consumer.mjs', 'relaxed-simd']);
    expect(relaxed.report.default.backend).toBe('relaxed-simd');
    expect(relaxed.report.engines.map((e) => e.backend)).toEqual(['relaxed-simd']);
    for (const engine of [relaxed.report.default, ...relaxed.report.engines]) expectWorked(engine, `relaxed-simd (${flags.join(' ') || 'no flag'})`);
  });

  it('runs threaded from the installed package: the shared-memory builds ship and load', async () => {
    const { report } = await node<{ engines: (ConvResult & { threads: number })[] }>(['consumer.mjs', 'simd:2']);
    expect(report.engines.map((e) => [e.backend, e.threads])).toEqual([['simd', 2]]);
    expectWorked(report.engines[0]!, "createEngine({ backend: 'simd', threads: 2 })");
  });

  it("loads with CommonJS require('simdconv'), or says to use import", async () => {
    type Report = { loaded: true; backend: string; data: number[]; shape: number[] } | { loaded: false; code: string; message: string };
    const { report, stderr } = await node<Report>(['consumer.cjs']);
    if (report.loaded) {
      // Node ≥ 20.19 / 22.12: require(esm) works for a module graph without top-level await.
      console.log(`CommonJS require('simdconv') on Node ${process.version}: loaded, backend '${report.backend}'${stderr.trim() ? `; stderr: ${stderr.trim()}` : ''}`);
      expectWorked(report, "require('simdconv')");
    } else {
      // Older Node: ERR_REQUIRE_ESM, whose message tells the user to use import().
      console.log(`CommonJS require('simdconv') on Node ${process.version}: threw ${report.code}: ${report.message}`);
      expect(report.code).toMatch(/^ERR_REQUIRE_(ESM|ASYNC_MODULE)$/);
      expect(report.message).toMatch(/import/);
    }
  });

  /** `tsc -p <config>` in the consumer folder, with the repo's TypeScript. */
  async function tsc(config: Record<string, unknown>, files: readonly string[]): Promise<{ code: number | null; errors: string[]; listed: string[]; output: string }> {
    const name = `tsconfig.${files.join('-').replace(/\W/g, '_')}.json`;
    await writeFile(join(consumer, name), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, ...config }, files }, null, 2));
    const result = await run(process.execPath, [TSC, '-p', name, '--pretty', 'false', '--listFiles'], { cwd: consumer });
    const lines = result.stdout.split('\n').filter((l) => l.trim() !== '');
    return {
      code: result.code,
      errors: lines.filter((l) => / error TS\d+:/.test(l) || /^error TS/.test(l)),
      listed: lines.filter((l) => !/error TS\d+:/.test(l)),
      output: result.stdout + result.stderr,
    };
  }

  // The package's own .d.ts files are checked too (skipLibCheck off), under a strict consumer.
  const MODES = [
    // An app built by Vite, esbuild or webpack; lib with DOM, as in a browser app.
    { name: 'bundler', options: { target: 'ES2022', module: 'esnext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'], types: [] } },
    // A Node ESM app ("type": "module"), TypeScript's default lib for the target. It includes DOM,
    // which declares `WebAssembly` (named by dist/wasm/kernels.d.ts); so would @types/node.
    { name: 'node16', options: { target: 'ES2022', module: 'node16', moduleResolution: 'node16', types: [] } },
  ];

  it.each(MODES)('type-checks a TypeScript consumer under moduleResolution: $name', async ({ options }) => {
    const result = await tsc(options, ['consumer.ts']);
    expect(result.errors, `tsc errors:\n${result.output}`).toEqual([]);
    expect(result.code, result.output).toBe(0);
    // The types came from the installed tarball's dist/types/index.d.ts.
    expect(result.listed).toContain(join(consumer, 'node_modules/simdconv/dist/types/index.d.ts'));
  });

  it('rejects a wrong option type: the types are real, not any', async () => {
    await writeFile(
      join(consumer, 'wrong.ts'),
      ["import { conv2d, tensor } from 'simdconv';", 'const x = tensor([1, 2, 3, 4], [1, 1, 2, 2]);', "conv2d(x, x, { padding: 'sideways' });", ''].join('\n'),
    );
    // Lighter than the checks above (no DOM lib, the package's .d.ts not re-checked): only the
    // resolved types of conv2d's options matter here.
    const options = { target: 'ES2022', module: 'esnext', moduleResolution: 'bundler', lib: ['ES2022'], types: [], skipLibCheck: true };
    const result = await tsc(options, ['wrong.ts']);
    expect(result.code, `tsc should fail on wrong.ts:\n${result.output}`).not.toBe(0);
    // Exactly one error, on line 3, about the padding value.
    expect(result.errors, result.output).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^wrong\.ts\(3,\d+\): error TS2322: Type '"sideways"' is not assignable to type '.*Padding/);
  });
});
