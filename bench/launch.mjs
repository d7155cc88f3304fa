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
import { spawn } from 'node:child_process';

const [script, ...args] = process.argv.slice(2);
if (script === undefined) {
  process.stderr.write('usage: node bench/launch.mjs <script.ts> [args…]\n');
  process.exit(2);
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
