#!/usr/bin/env node
/**
 * `node bench/launch.mjs <script.ts> [args…]`: runs a TypeScript script under tsx in a child
 * Node that can run every WebAssembly build, so `npm run bench` and `npm start` measure the
 * relaxed-simd build too.
 *
 * Node < 22 ships relaxed SIMD behind `--experimental-wasm-relaxed-simd`; Node ≥ 22 has it on by
 * default, and a later V8 may drop the flag altogether (an unknown V8 flag is a startup error),
 * so the flag is passed only where it is needed. Plain JavaScript, so it runs before tsx loads.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';

const [script, ...args] = process.argv.slice(2);
if (script === undefined) {
  process.stderr.write('usage: node bench/launch.mjs <script.ts> [args…]\n');
  process.exit(2);
}

// `npm install && npm start` must work in a fresh clone: build the .wasm files first when they
// are missing or older than any AssemblyScript source (a build takes ~11 s, so not every time).
const root = new URL('../', import.meta.url);
const newest = (dir, ext) =>
  Math.max(0, ...readdirSync(new URL(dir, root)).filter((f) => f.endsWith(ext)).map((f) => statSync(new URL(dir + f, root)).mtimeMs));
let built = 0;
try {
  built = Math.min(...['simd', 'relaxed-simd', 'scalar'].map((b) => statSync(new URL(`dist/wasm/simdconv.${b}.wasm`, root)).mtimeMs));
} catch {
  built = 0; // not built yet
}
if (built < newest('assembly/', '.ts') || built < statSync(new URL('asconfig.json', root)).mtimeMs) {
  process.stderr.write('bench/launch.mjs: building the WebAssembly modules (npm run build:wasm)…\n');
  // Under `npm start`, npm_execpath is npm's own script: portable, unlike a bare `npm` on Windows.
  const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
  const build = spawnSync(npm[0], [...npm.slice(1), 'run', '--silent', 'build:wasm'], { stdio: 'inherit', cwd: root });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const RELAXED = '--experimental-wasm-relaxed-simd';
const nodeMajor = Number(process.versions.node.split('.')[0]);
const flags = nodeMajor < 22 && !process.execArgv.includes(RELAXED) ? [RELAXED] : [];

const child = spawn(process.execPath, [...process.execArgv, ...flags, '--import', 'tsx', script, ...args], { stdio: 'inherit' });

// Ctrl-C reaches the child too (same process group): let it finish and report, then mirror it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  process.stderr.write(`bench/launch.mjs: could not start ${process.execPath}: ${error.message}\n`);
  process.exitCode = 1;
});
child.on('exit', (code, signal) => {
  if (signal !== null) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else {
    process.exitCode = code ?? 1;
  }
});
