/**
 * The conv2d both TensorFlow.js peers run (tfjs-wasm and tfjs-cpu differ only in the backend):
 * NHWC activations, the filter converted once to TensorFlow's layout and kept as a tensor, and
 * `tf.fused.conv2d` / `tf.fused.depthwiseConv2d` with the bias fused, which is what a converted
 * TensorFlow.js model runs. One call = `tf.tensor4d` (upload) → conv → `dataSync()` (read-back),
 * inside `tf.tidy` so nothing leaks from call to call (intermediates of the grouped emulation too).
 *
 * TensorFlow.js has no grouped convolution: a case with 1 < groups < C runs as `groups` convs on
 * `tf.split` slices of the input channels, concatenated with `tf.concat` (all inside the call).
 *
 * Padding goes as one number only where tfjs sizes the output right from it: tfjs 4.22 computes
 * a number-padded output with the stride and kernel height on both axes (conv_util.js,
 * `computeOutputShape2D`), so a depthwise 5×5 with strides (2, 1) got a 3×30 output instead of
 * 3×60 and tfjs-wasm wrote past it ("memory access out of bounds"). Unequal strides, a non-square
 * kernel or uneven padding go as explicit per-side pads, which it sizes right.
 */
import * as tf from '@tensorflow/tfjs-core';
import { isDepthwise, type ConvCase, type PreparedConv } from './peer.js';

/** The tfjs backend names of the two peers. */
export type TfjsBackend = 'wasm' | 'cpu';

/** How tfjs runs a case when it has no single op for it; `undefined` when it has. */
export function tfjsEmulation(c: ConvCase): string | undefined {
  if (isDepthwise(c)) return undefined;
  if (c.groups === 1) return undefined;
  return `groups=${c.groups}: ${c.groups}× conv2d on tf.split channel slices + tf.concat`;
}

/** Whether tfjs sizes this case's output right from one padding number (see the top of this file). */
function numericPadding(c: ConvCase): boolean {
  const [top, bottom, left, right] = c.padding;
  return top === bottom && top === left && top === right && c.strides[0] === c.strides[1] && c.kernel[0] === c.kernel[1] && c.dilations[0] === c.dilations[1];
}

/** `w[kh][kw][ci][o]` (HWIO) of output channels `[from, from + count)` of an OIHW filter. */
function hwioSlice(c: ConvCase, from: number, count: number): Float32Array {
  const [kH, kW] = c.kernel;
  const cin = c.filter.shape[1]!;
  const src = c.filter.data;
  const out = new Float32Array(kH * kW * cin * count);
  for (let o = 0; o < count; o++) {
    for (let ci = 0; ci < cin; ci++) {
      for (let i = 0; i < kH; i++) {
        for (let j = 0; j < kW; j++) out[((i * kW + j) * cin + ci) * count + o] = src[(((from + o) * cin + ci) * kH + i) * kW + j]!;
      }
    }
  }
  return out;
}

/** Throws unless tfjs runs on `backend` now: a tensor used on another backend would be moved. */
function expectBackend(backend: TfjsBackend): void {
  const active = tf.getBackend();
  if (active !== backend) throw new Error(`tfjs: expected the '${backend}' backend to be active, got '${active}'`);
}

/**
 * Converts the weights to tfjs's layout and uploads them (on the active backend, which must be
 * `backend`); returns the call. The input and output of `run` are NHWC.
 */
export function prepareTfjsConv(c: ConvCase, backend: TfjsBackend): PreparedConv {
  expectBackend(backend);
  const [kH, kW] = c.kernel;
  const { batch: n, height: h, width: w, inChannels: cin, outChannels: cout, groups } = c;
  const [top, bottom, left, right] = c.padding;
  const symmetric = numericPadding(c);
  const explicit: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [top, bottom], [left, right], [0, 0]];
  const pad = symmetric ? top : explicit; // tfjs: a number pads every side by it
  const strides = c.strides as [number, number];
  const dilations = c.dilations as [number, number];
  const inputShape: [number, number, number, number] = [n, h, w, cin];
  const bias = (data: Float32Array | undefined, from: number, count: number) =>
    data === undefined ? undefined : tf.tensor1d(data.subarray(from, from + count));
  const held: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor | undefined>(t: T): T => {
    if (t !== undefined) held.push(t);
    return t;
  };

  let conv: (x: tf.Tensor4D) => tf.Tensor4D;
  if (isDepthwise(c)) {
    // OIHW [C·M, 1, kH, kW] with output channel c·M + m → tfjs [kH, kW, C, M]: the same bytes
    // as HWIO [kH, kW, 1, C·M].
    const multiplier = cout / cin;
    const filter = keep(tf.tensor4d(hwioSlice(c, 0, cout), [kH, kW, cin, multiplier]));
    const b = keep(bias(c.bias, 0, cout));
    // The fused op's type takes a number, 'same' or 'valid' only, but it runs explicit pads as
    // the plain op does (tfjs 4.22, both backends; the check compares every output), so the
    // bias stays fused whatever the padding.
    const fusedPad = pad as number;
    conv = (x) => tf.fused.depthwiseConv2d({ x, filter, strides, pad: fusedPad, dataFormat: 'NHWC', dilations, ...(b ? { bias: b } : {}) });
  } else {
    const perGroup = cout / groups;
    const parts = Array.from({ length: groups }, (_, g) => ({
      filter: keep(tf.tensor4d(hwioSlice(c, g * perGroup, perGroup), [kH, kW, cin / groups, perGroup])),
      bias: keep(bias(c.bias, g * perGroup, perGroup)),
    }));
    const one = (x: tf.Tensor4D, p: (typeof parts)[number]) =>
      tf.fused.conv2d({ x, filter: p.filter, strides, pad, dataFormat: 'NHWC', dilations, ...(p.bias ? { bias: p.bias } : {}) });
    conv =
      groups === 1
        ? (x) => one(x, parts[0]!)
        : (x) => tf.concat(tf.split(x, groups, 3).map((xg, g) => one(xg as tf.Tensor4D, parts[g]!)), 3);
  }

  return {
    async: false,
    run(input: Float32Array): Float32Array {
      expectBackend(backend);
      // The array is taken out of the scope by assignment: returned from tf.tidy, it would be
      // walked element by element in search of tensors (~80 ms for 200 k values).
      let out: Float32Array | undefined;
      tf.tidy(() => {
        out = conv(tf.tensor4d(input, inputShape)).dataSync() as Float32Array;
      });
      return out!;
    },
    dispose() {
      for (const t of held) t.dispose();
      held.length = 0;
    },
  };
}
