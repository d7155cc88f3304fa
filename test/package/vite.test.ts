// The package in a Vite app, as a user has it: installed from the tarball into the app's
// node_modules, imported by name, run in headless Chromium. Production build (the .wasm builds
// must be emitted as assets and fetched from there) and dev server with dependency
// pre-bundling (the optimised copy lives in node_modules/.vite/deps/, so the package's
// `new URL('…wasm', import.meta.url)` must still find the file).
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../demo/serve.mjs';
import { launchChromium } from '../browser/chromium.js';
import { FIXTURES, WASM_BUILDS, WORKED, describeRun, installPacked, removeDir, removePacked, run, tempDir, userEnv } from './packed.js';

const VITE_RUN = join(FIXTURES, 'vite-run.mjs');

let app: string;
let browser: Browser | undefined;

beforeAll(async () => {
  app = await tempDir('vite-app');
  await installPacked(app, { type: 'module' });
  for (const file of ['index.html', 'main.js']) await copyFile(join(FIXTURES, 'vite-app', file), join(app, file));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await removeDir(app);
  await removePacked();
});

interface Response {
  url: string;
  status: number;
  contentType: string;
}

interface Loaded {
  result: { backend?: string; data?: number[]; shape?: number[]; error?: string } | undefined;
  responses: Response[];
  errors: string[];
}

/** Opens the app's page and waits for main.js to publish window.__result. */
async function load(url: string): Promise<Loaded> {
  if (browser === undefined) throw new Error('Chromium did not start');
  const context = await browser.newContext();
  const page = await context.newPage();
  const responses: Response[] = [];
  const errors: string[] = [];
  page.on('response', (r) => responses.push({ url: r.url(), status: r.status(), contentType: r.headers()['content-type'] ?? '' }));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? '?'})`));
  try {
    await page.goto(url);
    // A string, not a function: vitest would transform a function's source.
    await page.waitForFunction('window.__result !== undefined', undefined, { timeout: 20_000 }).catch((e: unknown) => {
      errors.push(`window.__result never set: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    });
    const result = (await page.evaluate('window.__result')) as Loaded['result'];
    return { result, responses, errors };
  } finally {
    await context.close();
  }
}

const isWasm = (r: Response): boolean => new URL(r.url).pathname.endsWith('.wasm');

/** Everything a failure message needs: what the page said, what .wasm came back, errors. */
function diagnose(loaded: Loaded): string {
  const wasm = loaded.responses.filter(isWasm).map((r) => `  ${r.status} ${r.contentType || '(no content-type)'} ${r.url}`);
  return [
    `window.__result: ${JSON.stringify(loaded.result)}`,
    `.wasm responses:${wasm.length ? `\n${wasm.join('\n')}` : ' none'}`,
    `all responses:\n${loaded.responses.map((r) => `  ${r.status} ${r.url}`).join('\n')}`,
    `browser errors:${loaded.errors.length ? `\n  ${loaded.errors.join('\n  ')}` : ' none'}`,
  ].join('\n');
}

/** The worked example's numbers, on a WebAssembly build, fetched as a 200 application/wasm. */
function expectWorked(loaded: Loaded): void {
  const why = diagnose(loaded);
  expect(loaded.result?.error, `the app threw:\n${why}`).toBeUndefined();
  expect(loaded.result?.shape, `output shape\n${why}`).toEqual(WORKED.expected.shape);
  expect(loaded.result?.data, `output values\n${why}`).toEqual(WORKED.expected.data);
  const backend = loaded.result?.backend ?? '';
  expect(WASM_BUILDS as readonly string[], `getEngine().backend is a WebAssembly build\n${why}`).toContain(backend);
  const wasm = loaded.responses.filter(isWasm);
  expect(wasm.length, `the page fetched one .wasm\n${why}`).toBe(1);
  for (const r of wasm) {
    expect(r.status, `${r.url} status\n${why}`).toBe(200);
    expect(r.contentType, `${r.url} content-type\n${why}`).toMatch(/^application\/wasm/);
    // The file fetched is the build the engine reports.
    expect(new URL(r.url).pathname, `the .wasm fetched is the '${backend}' build\n${why}`).toMatch(new RegExp(`/simdconv\\.${backend}[-.]`));
  }
  expect(loaded.errors, `browser errors\n${why}`).toEqual([]);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'));
}

describe('Vite production build', () => {
  it('emits the three .wasm builds as assets and the page loads one of them', async () => {
    const out = join(app, 'dist');
    const built = await run(process.execPath, [VITE_RUN, 'build', app, out], { cwd: app });
    expect(built.code, describeRun('vite build', built)).toBe(0);

    const files = await listFiles(out);
    const wasm = files.filter((f) => f.endsWith('.wasm'));
    console.log(`vite build emitted ${files.length} files; .wasm assets: ${wasm.join(', ')}`);
    for (const build of WASM_BUILDS) {
      const emitted = wasm.filter((f) => f.startsWith(`assets/simdconv.${build}-`));
      expect(emitted, `one emitted asset for the '${build}' build (emitted: ${files.join(', ')})`).toHaveLength(1);
      // Byte for byte the package's file.
      const original = await readFile(join(app, `node_modules/simdconv/dist/wasm/simdconv.${build}.wasm`));
      expect(Buffer.compare(await readFile(join(out, emitted[0]!)), original), `${emitted[0]} equals the package's ${build} build`).toBe(0);
    }

    const server = await serve({ root: out });
    try {
      const loaded = await load(server.url);
      expectWorked(loaded);
      // The .wasm came from the emitted assets, not from a path into node_modules.
      const emittedUrls = wasm.map((f) => new URL(f, server.url).href);
      for (const r of loaded.responses.filter(isWasm)) expect(emittedUrls, `${r.url} is an emitted asset\n${diagnose(loaded)}`).toContain(r.url);
      console.log(`vite build: backend '${loaded.result?.backend}', fetched ${loaded.responses.filter(isWasm).map((r) => r.url).join(', ')}`);
    } finally {
      await server.close();
    }
  });
});

interface DevServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts `vite` (dev) on the app in its own process; resolves once it prints its URL. */
function startDev(args: readonly string[]): Promise<DevServer> {
  const child: ChildProcess = spawn(process.execPath, [VITE_RUN, 'dev', app, ...args], { cwd: app, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`vite dev server did not start within 30 s:\n${output}`));
    }, 30_000);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const line = output.split('\n').find((l) => l.startsWith('{"url"'));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve({ url: (JSON.parse(line) as { url: string }).url, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`vite dev server exited with ${code} before listening:\n${output}`));
    });
  });
}

describe('Vite dev server with dependency pre-bundling', () => {
  const CASES = [
    { name: 'default optimizeDeps', args: [] },
    { name: 'optimizeDeps include simdconv, force', args: ['--force'] },
  ];

  it.each(CASES)('$name: the pre-bundled package finds its .wasm', async ({ args }) => {
    const dev = await startDev(args);
    try {
      const loaded = await load(dev.url);
      // Pre-bundling really happened: the package's JS came from Vite's deps cache.
      const prebundled = loaded.responses.filter((r) => new URL(r.url).pathname.startsWith('/node_modules/.vite/deps/simdconv'));
      expect(prebundled.length, `simdconv served from /node_modules/.vite/deps/\n${diagnose(loaded)}`).toBeGreaterThan(0);
      expectWorked(loaded);
      console.log(`vite dev (${args.join(' ') || 'default'}): backend '${loaded.result?.backend}', fetched ${loaded.responses.filter(isWasm).map((r) => r.url).join(', ')}`);
    } finally {
      await dev.stop();
    }
  });
});
