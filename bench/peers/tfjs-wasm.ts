/**
 * Peer: TensorFlow.js on its WebAssembly backend (XNNPACK kernels, SIMD build), one thread.
 *
 * In Node the backend finds its .wasm files through `setWasmPaths`, given the package's `dist/`
 * folder as a file path. Threads: tfjs-backend-wasm only loads its threaded build where
 * `WASM_HAS_MULTITHREAD_SUPPORT` holds, and that flag is false in Node (tfjs issue #3830), so
 * the single-threaded SIMD build runs; `setThreadsCount(1)` pins it anyway, and the setup line
 * records the flags and `getThreadsCount()` as evidence.
 */
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount, setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import type { ConvCase, Peer, PreparedConv } from './peer.js';
import { prepareTfjsConv, tfjsEmulation } from './tfjs-conv.js';

let initialised: Promise<string> | undefined;

/** Registers and initialises the wasm backend once per process; returns the setup line. */
function init(): Promise<string> {
  initialised ??= (async () => {
    const require = createRequire(import.meta.url);
    const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + sep;
    setWasmPaths(dist);
    setThreadsCount(1);
    tf.enableProdMode(); // no debug checks, as in production; also silences the "use tfjs-node" banner
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs-wasm: tf.setBackend("wasm") failed');
    await tf.ready();
    if (tf.getBackend() !== 'wasm') throw new Error(`tfjs-wasm: tf.getBackend() is '${tf.getBackend()}', expected 'wasm'`);
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    if (threads !== false || getThreadsCount() !== 1) {
      throw new Error(`tfjs-wasm: expected one thread, got WASM_HAS_MULTITHREAD_SUPPORT=${String(threads)}, getThreadsCount()=${getThreadsCount()}`);
    }
    return (
      `tf.getBackend()='wasm', WASM_HAS_SIMD_SUPPORT=${String(simd)}, WASM_HAS_MULTITHREAD_SUPPORT=${String(threads)} ` +
      `(so ${simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm'}, not the threaded build), getThreadsCount()=${getThreadsCount()}, prod mode`
    );
  })();
  return initialised;
}

export async function createTfjsWasmPeer(): Promise<Peer> {
  const setup = await init();
  return {
    name: 'tfjs-wasm',
    layout: 'nhwc',
    version: `@tensorflow/tfjs-backend-wasm ${version_wasm} (tfjs-core ${tf.version_core})`,
    setup,
    emulation: tfjsEmulation,
    async prepare(c: ConvCase): Promise<PreparedConv> {
      await tf.setBackend('wasm');
      return prepareTfjsConv(c, 'wasm');
    },
  };
}
