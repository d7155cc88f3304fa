// The package as users get it: `npm pack` of the built repo, installed from the tarball into a
// fresh folder. Shared by the tarball, budget and Vite tests.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the package folder). */
export const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** This folder's fixtures (consumer scripts, the Vite app). */
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** The three WebAssembly builds the package ships. */
export const WASM_BUILDS = ['relaxed-simd', 'simd', 'scalar'] as const;
export const wasmFile = (build: string): string => `dist/wasm/simdconv.${build}.wasm`;
/** The shared-memory builds of the worker pool (createEngine({ threads })), shipped beside them. */
export const THREADED_WASM_FILES = ['dist/wasm-threads/simdconv.simd-threads.wasm', 'dist/wasm-threads/simdconv.relaxed-simd-threads.wasm'] as const;

/** Fails, naming what is missing, unless `npm run build` has produced the package's files. */
export function requireBuilt(): void {
  const needed = ['dist/index.js', 'dist/types/index.d.ts', ...WASM_BUILDS.map(wasmFile), ...THREADED_WASM_FILES];
  const missing = needed.filter((file) => !existsSync(join(REPO, file)));
  if (missing.length > 0) {
    throw new Error(`the package is not built: missing ${missing.join(', ')} in ${REPO}; run \`npm run build\` first (\`npm test\` does)`);
  }
}

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment a user's shell would give a child process: without the `npm_*` variables of
 * the `npm test` that may be running us (they would configure a nested npm) and without
 * vitest's own (`VITEST*`, `NODE_ENV=test`, which Vite and the package would see).
 */
export function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|vitest)/i.test(key) || key === 'NODE_ENV' || key === 'TEST') continue;
    env[key] = value;
  }
  return env;
}

/** Runs a command to completion; never throws on a non-zero exit (callers check `code`). */
export function run(command: string, args: readonly string[], options: { cwd: string; timeoutMs?: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** `command args` with its output, for failure messages. */
export function describeRun(what: string, result: Run): string {
  return `${what} exited with ${result.code}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
}

/** A new empty folder under the OS temp folder. */
export function tempDir(name: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `simdconv-${name}-`));
}

export function removeDir(dir: string | undefined): Promise<void> {
  return dir === undefined ? Promise.resolve() : rm(dir, { recursive: true, force: true });
}

export interface PackedFile {
  readonly path: string;
  readonly size: number;
}

export interface Packed {
  /** Absolute path of the `.tgz`. */
  readonly tarball: string;
  /** The temp folder holding it. */
  readonly dir: string;
  /** Bytes of the `.tgz` (what the registry stores and users download). */
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly PackedFile[];
}

interface NpmPackEntry {
  filename: string;
  size: number;
  unpackedSize: number;
  files: PackedFile[];
}

let packing: Promise<Packed> | undefined;

/**
 * `npm pack` of the repo (built already) into a temp folder, once per test process. Lifecycle
 * scripts are skipped: the test packs what `npm run build` made, and must not rebuild `dist/`
 * under the other tests running beside it.
 */
export function packOnce(): Promise<Packed> {
  packing ??= (async () => {
    requireBuilt();
    const dir = await tempDir('pack');
    const result = await run('npm', ['pack', '--pack-destination', dir, '--json', '--ignore-scripts'], { cwd: REPO });
    if (result.code !== 0) throw new Error(describeRun('npm pack', result));
    let entries: NpmPackEntry[];
    try {
      entries = JSON.parse(result.stdout) as NpmPackEntry[];
    } catch (error) {
      throw new Error(`npm pack --json printed something other than JSON (${String(error)}):\n${result.stdout}`);
    }
    const entry = entries[0];
    if (entries.length !== 1 || entry === undefined) throw new Error(`npm pack --json listed ${entries.length} packages, expected 1`);
    return { tarball: join(dir, entry.filename), dir, size: entry.size, unpackedSize: entry.unpackedSize, files: entry.files };
  })();
  return packing;
}

/** Removes the packed tarball's folder (call in `afterAll`). */
export async function removePacked(): Promise<void> {
  const current = packing;
  packing = undefined;
  if (current !== undefined) await removeDir((await current.catch(() => undefined))?.dir);
}

/**
 * Installs the tarball into `dir` as a user would (`npm install <tgz>`), after writing the
 * consumer's `package.json`. Offline: the package has no runtime dependencies to fetch.
 */
export async function installPacked(dir: string, packageJson: Record<string, unknown> = {}): Promise<void> {
  const { tarball } = await packOnce();
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'simdconv-consumer', version: '1.0.0', private: true, ...packageJson }, null, 2));
  const args = ['install', tarball, '--no-audit', '--no-fund', '--offline', '--ignore-scripts'];
  const result = await run('npm', args, { cwd: dir });
  if (result.code !== 0) throw new Error(describeRun(`npm ${args.join(' ')} (in ${dir})`, result));
  if (!existsSync(join(dir, 'node_modules/simdconv/package.json'))) {
    throw new Error(`npm install of ${tarball} did not create node_modules/simdconv in ${dir}:\n${result.stdout}${result.stderr}`);
  }
}

/** The worked example every consumer runs: a 3×3 image [1..9] and a 2×2 all-ones filter. */
export const WORKED = {
  input: { data: [1, 2, 3, 4, 5, 6, 7, 8, 9], shape: [1, 1, 3, 3] },
  filter: { data: [1, 1, 1, 1], shape: [1, 1, 2, 2] },
  // Each output is the sum of a 2×2 window: 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9.
  expected: { data: [12, 16, 24, 28], shape: [1, 1, 2, 2] },
} as const;
