// Shared by the runtime tests: the runtimes' binaries (devDependencies whose npm packages carry
// them), a consumer folder holding the installed tarball, and children that print one JSON line.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO, describeRun, installPacked, removeDir, tempDir, userEnv, type Run } from '../package/packed.js';

/** The scripts each runtime runs, copied into the consumer folder. */
export const RUNTIME_FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

export type Runtime = 'deno' | 'bun' | 'workerd';

/** The runtime's binary, or a failure saying who should have installed it. */
export function runtimeBinary(name: Runtime): string {
  const path = join(REPO, 'node_modules/.bin', name);
  if (!existsSync(path)) {
    const how = name === 'bun' ? "the 'bun' devDependency carries it: run `npm ci`" : '`npm test` installs it first (scripts/setup-test-tools.mjs); or run `npm run setup:test-tools`';
    throw new Error(`${path} is missing: ${how}`);
  }
  return path;
}

/** A run to completion with extra environment variables; never throws on a non-zero exit. */
export function runWith(command: string, args: readonly string[], options: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<Run & { timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    // NO_COLOR: errors quoted in failure messages stay readable (Deno colours its stderr).
    const env = { ...userEnv(), NO_COLOR: '1', ...options.env };
    const child = spawn(command, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 20_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/** Runs a fixture script and parses the one JSON line it prints last. */
export async function runJson<T>(command: string, args: readonly string[], options: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<{ report: T; stderr: string }> {
  const what = `${command} ${args.join(' ')}`;
  const result = await runWith(command, args, options);
  if (result.timedOut) throw new Error(describeRun(`${what} (killed after ${options.timeoutMs ?? 20_000} ms)`, result));
  if (result.code !== 0) throw new Error(describeRun(what, result));
  const last = result.stdout.trim().split('\n').pop() ?? '';
  try {
    return { report: JSON.parse(last) as T, stderr: result.stderr };
  } catch {
    throw new Error(`${what} did not end its output with a JSON line\n${describeRun(what, result)}`);
  }
}

/** `<binary> --version`, first line (printed by each test so a failure names the runtime). */
export async function runtimeVersion(binary: string, cwd: string): Promise<string> {
  const result = await runWith(binary, ['--version'], { cwd });
  if (result.code !== 0) throw new Error(describeRun(`${binary} --version`, result));
  return result.stdout.trim().split('\n')[0] ?? '';
}

/** A temp folder with the packed tarball installed as a user's project has it, plus the given fixtures. */
export async function consumerWith(name: string, fixtures: readonly string[]): Promise<string> {
  const dir = await tempDir(name);
  try {
    await installPacked(dir, { type: 'module' });
    for (const file of fixtures) await copyFile(join(RUNTIME_FIXTURES, file), join(dir, file));
  } catch (error) {
    await removeDir(dir);
    throw error;
  }
  return dir;
}

export interface ConvReport {
  data: number[];
  shape: number[];
}
