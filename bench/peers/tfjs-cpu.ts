/**
 * Peer: TensorFlow.js on its plain-JavaScript CPU backend (what runs when neither WebGL, wasm
 * nor tfjs-node is there). JavaScript on the main thread: one thread by construction.
 */
import * as tf from '@tensorflow/tfjs-core';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import type { ConvCase, Peer, PreparedConv } from './peer.js';
import { prepareTfjsConv, tfjsEmulation } from './tfjs-conv.js';

let initialised: Promise<string> | undefined;

function init(): Promise<string> {
  initialised ??= (async () => {
    tf.enableProdMode(); // no debug checks, as in production; also silences the "use tfjs-node" banner
    if (!(await tf.setBackend('cpu'))) throw new Error('tfjs-cpu: tf.setBackend("cpu") failed');
    await tf.ready();
    if (tf.getBackend() !== 'cpu') throw new Error(`tfjs-cpu: tf.getBackend() is '${tf.getBackend()}', expected 'cpu'`);
    return `tf.getBackend()='cpu' (plain JavaScript on the calling thread), prod mode`;
  })();
  return initialised;
}

export async function createTfjsCpuPeer(): Promise<Peer> {
  const setup = await init();
  return {
    name: 'tfjs-cpu',
    layout: 'nhwc',
    version: `@tensorflow/tfjs-backend-cpu ${version_cpu} (tfjs-core ${tf.version_core})`,
    setup,
    emulation: tfjsEmulation,
    async prepare(c: ConvCase): Promise<PreparedConv> {
      await tf.setBackend('cpu');
      return prepareTfjsConv(c, 'cpu');
    },
  };
}
