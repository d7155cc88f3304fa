/**
 * Peer: OpenCV.js (the `@techstark/opencv-js` build of OpenCV 4.5), for the image-filter suite
 * only: its filters take one channel in and one out, so it prepares single-channel, stride-1,
 * undilated cases with OpenCV's own centred padding, and refuses the rest. A rank-1 filter runs as
 * `cv.sepFilter2D` (what `cv.GaussianBlur` and a user who knows the filter would call; rank 1 as
 * simdconv's separable path decides it), any other as `cv.filter2D`; both correlate as conv2d
 * does, with a zero border (`BORDER_CONSTANT`) and the bias as `delta`. Its build has no threads
 * and no wasm SIMD (the setup line quotes `cv.getBuildInformation()`).
 */
import { createRequire } from 'node:module';
import { rankOneFactors } from '../../src/engine/separable.js';
import { CONV2D, resolveConv } from '../../src/options/conv.js';
import type { ConvCase, Peer, PreparedConv } from './peer.js';

/** The part of OpenCV.js's API the peer uses. */
interface Mat {
  readonly data32F: Float32Array;
  delete(): void;
}
interface OpenCv {
  readonly CV_32F: number;
  readonly BORDER_CONSTANT: number;
  Mat: new () => Mat;
  Point: new (x: number, y: number) => unknown;
  matFromArray(rows: number, cols: number, type: number, data: ArrayLike<number>): Mat;
  filter2D(src: Mat, dst: Mat, depth: number, kernel: Mat, anchor: unknown, delta: number, border: number): void;
  sepFilter2D(src: Mat, dst: Mat, depth: number, kx: Mat, ky: Mat, anchor: unknown, delta: number, border: number): void;
  getBuildInformation(): string;
  onRuntimeInitialized?: () => void;
}

let loaded: Promise<{ cv: OpenCv; version: string; setup: string }> | undefined;

function load(): Promise<{ cv: OpenCv; version: string; setup: string }> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const version = (require('@techstark/opencv-js/package.json') as { version: string }).version;
    let cv = require('@techstark/opencv-js') as OpenCv | Promise<OpenCv>;
    if (cv instanceof Promise) cv = await cv;
    else if (typeof cv.getBuildInformation !== 'function') await new Promise<void>((resolve) => ((cv as OpenCv).onRuntimeInitialized = resolve));
    const info = (cv as OpenCv).getBuildInformation();
    const line = (label: string) => new RegExp(`^\\s*${label}:\\s*(.*)$`, 'm').exec(info)?.[1]?.trim() ?? '?';
    const pthreads = /USE_PTHREADS=0/.test(info) ? 'USE_PTHREADS=0' : 'pthreads?';
    const setup = `OpenCV ${line('Version control')}; Parallel framework: ${line('Parallel framework')}; ${pthreads}; CPU baseline: ${line('Baseline') || 'none (no wasm SIMD)'}; rank-1 filters by cv.sepFilter2D, others by cv.filter2D, BORDER_CONSTANT`;
    return { cv: cv as OpenCv, version: `@techstark/opencv-js ${version}`, setup };
  })();
  return loaded;
}

/** Why OpenCV.js cannot run `c` as one filter call, or undefined if it can. */
export function opencvRefusal(c: ConvCase): string | undefined {
  const [kH, kW] = c.kernel;
  const [top, bottom, left, right] = c.padding;
  if (c.batch !== 1 || c.inChannels !== 1 || c.outChannels !== 1) return `one image of one channel in and out, got N=${c.batch}, C=${c.inChannels}, Cout=${c.outChannels}`;
  if (c.strides.some((s) => s !== 1) || c.dilations.some((d) => d !== 1)) return `strides and dilations 1, got strides ${c.strides.join('×')}, dilations ${c.dilations.join('×')}`;
  if (kH % 2 === 0 || kW % 2 === 0 || top !== (kH - 1) / 2 || bottom !== top || left !== (kW - 1) / 2 || right !== left) {
    return `an odd kernel padded (k − 1) / 2 on each side (OpenCV's centred anchor), got ${kH}×${kW} padded ${c.padding.join(',')}`;
  }
  return undefined;
}

export async function createOpencvPeer(): Promise<Peer> {
  const { cv, version, setup } = await load();
  return {
    name: 'opencv-js',
    layout: 'nchw', // one channel: NCHW and NHWC are the same array
    version,
    setup,
    emulation: () => undefined,
    async prepare(c: ConvCase): Promise<PreparedConv> {
      const refusal = opencvRefusal(c);
      if (refusal !== undefined) throw new RangeError(`opencv-js: runs single-channel image filters only: ${refusal}`);
      const [kH, kW] = c.kernel;
      const { height, width } = c;
      const delta = c.bias?.[0] ?? 0;
      // Rank 1 as simdconv decides it (one definition): u (kH floats), then v (kW).
      const params = resolveConv(CONV2D, c.input.shape, c.filter.shape, { padding: c.padding });
      const factors = rankOneFactors(params, new Float32Array(c.filter.data), c.filter.shape);
      const kernel = cv.matFromArray(kH, kW, cv.CV_32F, c.filter.data);
      const kx = factors && cv.matFromArray(1, kW, cv.CV_32F, factors.subarray(kH));
      const ky = factors && cv.matFromArray(kH, 1, cv.CV_32F, factors.subarray(0, kH));
      const anchor = new cv.Point(-1, -1);
      const dst = new cv.Mat();
      return {
        async: false,
        run(input: Float32Array): Float32Array {
          const src = cv.matFromArray(height, width, cv.CV_32F, input);
          if (kx && ky) cv.sepFilter2D(src, dst, cv.CV_32F, kx, ky, anchor, delta, cv.BORDER_CONSTANT);
          else cv.filter2D(src, dst, cv.CV_32F, kernel, anchor, delta, cv.BORDER_CONSTANT);
          src.delete();
          return dst.data32F.slice();
        },
        dispose() {
          kernel.delete();
          kx?.delete();
          ky?.delete();
          dst.delete();
        },
      };
    },
  };
}
