import { letterStrides } from '../layout/letter-strides.js';
import { outputShapeOf } from '../shape/conv-shape.js';
import { checkElementCount } from '../shape/element-limit.js';
import { shape2d, type ConvSpec } from '../options/conv.js';
import {
  CONV_INTEGER1D,
  CONV_INTEGER2D,
  QLINEAR_CONV1D,
  QLINEAR_CONV2D,
  resolveQConv,
  resolveQFilter,
  type ConvInteger1dOptions,
  type ConvInteger2dOptions,
  type QConvParams,
  type QLinearConv1dOptions,
  type QLinearConv2dOptions,
} from '../quant/qconv-options.js';
import { requantize } from '../quant/round.js';
import { checkQuantizedLength, quantizedParts, type Int32Tensor, type QuantizedArray, type QuantizedTensor } from '../quant/tensor.js';

/**
 * The int32 accumulators of a quantized convolution, in the input's layout (2-D terms):
 *
 *   acc[n, m, oh, ow] = bias[m] + Σ_{c, i, j} (x[n, g·C/G + c, oh·sh + i·dh − padTop, ow·sw + j·dw − padLeft] − xZero) · (w[m, c, i, j] − wZero[m])
 *
 * where a cell outside the image holds xZero (ONNX pads with the zero point: real 0) and so adds
 * nothing. Sums wrap modulo 2³² as int32 arithmetic does (`| 0`); the kernels' do too.
 */
export function accumulateQuantized(x: QuantizedArray, xShape: readonly number[], w: QuantizedArray, wShape: readonly number[], q: QConvParams): Int32Array {
  const p = q.conv;
  const { batch, inHeight, inWidth, outChannels, outHeight, outWidth, kernelHeight, kernelWidth, groups } = p;
  const [strideH, strideW] = p.strides;
  const [dilationH, dilationW] = p.dilations;
  const [padTop, , padLeft] = p.padding;
  const xs = letterStrides(p.inputLayout, shape2d(xShape, p.inputLayout));
  const ws = letterStrides(p.filterLayout, shape2d(wShape, p.filterLayout));
  const outShape = p.inputLayout === 'nchw' ? [batch, outChannels, outHeight, outWidth] : [batch, outHeight, outWidth, outChannels];
  const ys = letterStrides(p.inputLayout, outShape);
  const channelsPerGroup = p.inChannels / groups;
  const outputsPerGroup = outChannels / groups;
  const bias = q.requant?.bias ?? null;
  const acc = new Int32Array(batch * outChannels * outHeight * outWidth);
  for (let n = 0; n < batch; n++) {
    for (let m = 0; m < outChannels; m++) {
      const firstChannel = Math.floor(m / outputsPerGroup) * channelsPerGroup;
      const wZero = q.filterZeroPoints[m]!;
      for (let oh = 0; oh < outHeight; oh++) {
        for (let ow = 0; ow < outWidth; ow++) {
          let sum = bias === null ? 0 : bias[m]!;
          for (let c = 0; c < channelsPerGroup; c++) {
            for (let i = 0; i < kernelHeight; i++) {
              const h = oh * strideH + i * dilationH - padTop;
              if (h < 0 || h >= inHeight) continue; // the zero point: (xZero − xZero) · w = 0
              for (let j = 0; j < kernelWidth; j++) {
                const col = ow * strideW + j * dilationW - padLeft;
                if (col < 0 || col >= inWidth) continue;
                const xv = x[n * xs.n! + (firstChannel + c) * xs.c! + h * xs.h! + col * xs.w!]!;
                const wv = w[m * ws.o! + c * ws.i! + i * ws.h! + j * ws.w!]!;
                sum = (sum + (xv - q.inputZeroPoint) * (wv - wZero)) | 0;
              }
            }
          }
          acc[n * ys.n! + m * ys.c! + oh * ys.h! + ow * ys.w!] = sum;
        }
      }
    }
  }
  return acc;
}

/** Requantizes accumulators laid out as `q`'s output into `out` (per-channel scale by the channel axis). */
export function requantizeInto(acc: Int32Array, q: QConvParams, out: QuantizedArray): void {
  const r = q.requant!;
  const p = q.conv;
  const plane = p.outHeight * p.outWidth;
  const channelOf = p.inputLayout === 'nchw' ? (i: number) => Math.floor(i / plane) % p.outChannels : (i: number) => i % p.outChannels;
  for (let i = 0; i < acc.length; i++) out[i] = requantize(acc[i]!, r.scales[channelOf(i)]!, r.outputZeroPoint, r.low, r.high);
}

function requantizeAll(acc: Int32Array, q: QConvParams): QuantizedArray {
  const out = q.requant!.outputType === 'int8' ? new Int8Array(acc.length) : new Uint8Array(acc.length);
  requantizeInto(acc, q, out);
  return out;
}

function operands(spec: ConvSpec, quantized: boolean, input: unknown, filter: unknown, options: unknown) {
  const { fn } = spec;
  const x = quantizedParts(fn, 'input', input);
  const w = quantizedParts(fn, 'filter', filter);
  const q = resolveQConv(spec, quantized, x.shape, x.type, resolveQFilter(spec, quantized, w.shape, w.type, options), w.shape);
  checkQuantizedLength(fn, 'input', x.data, x.shape as number[]);
  checkQuantizedLength(fn, 'filter', w.data, w.shape as number[]);
  const spatial = spec.axes.length as 1 | 2;
  const shape = outputShapeOf(q.conv, spatial);
  checkElementCount(fn, 'the output', shape);
  const acc = accumulateQuantized(x.data, x.shape as number[], w.data, w.shape as number[], q);
  return { q, acc, shape };
}

/**
 * ONNX QLinearConv in pure JS, the oracle of the int8 kernels: a convolution of 8-bit operands
 * accumulated in int32 (see {@link accumulateQuantized}), requantized per output channel as
 * onnxruntime does it: `y = saturate(roundHalfEven(f32(f32(acc) · f32(f32(inputScale · filterScale[m]) / outputScale))) + outputZeroPoint)`,
 * then clamped by the activation. Input `[N, C, H, W]` (or `'nhwc'`), `Uint8Array` or
 * `Int8Array`; filter `[Cout, C/groups, kH, kW]` (or the `filterLayout` given), either type.
 *
 * @example
 * const y = qlinearConv2d(
 *   { data: pixels, shape: [1, 3, 32, 32] },       // Uint8Array
 *   { data: weights, shape: [8, 3, 3, 3] },        // Int8Array
 *   { padding: 1, inputScale: 1 / 255, filterScale: 0.01, outputScale: 0.05, outputZeroPoint: 0, activation: 'relu' },
 * ); // y.data: a Uint8Array of 8 × 32 × 32
 */
export function qlinearConv2d(input: QuantizedTensor, filter: QuantizedTensor, options: QLinearConv2dOptions): QuantizedTensor {
  const { q, acc, shape } = operands(QLINEAR_CONV2D, true, input, filter, options);
  return { data: requantizeAll(acc, q), shape };
}

/** {@link qlinearConv2d} on one spatial axis: input `[N, C, L]` (or `'nwc'`), filter `[Cout, C/groups, K]`. */
export function qlinearConv1d(input: QuantizedTensor, filter: QuantizedTensor, options: QLinearConv1dOptions): QuantizedTensor {
  const { q, acc, shape } = operands(QLINEAR_CONV1D, true, input, filter, options);
  return { data: requantizeAll(acc, q), shape };
}

/**
 * ONNX ConvInteger: `y = Σ (x − inputZeroPoint) · (w − filterZeroPoint)` in int32, no bias, no
 * requantization; the layouts and geometry of conv2d.
 *
 * @example
 * convInteger2d({ data: Uint8Array.of(1, 2, 3, 4), shape: [1, 1, 2, 2] },
 *               { data: Int8Array.of(1, -1), shape: [1, 1, 1, 2] }, { inputZeroPoint: 1 }).data; // Int32Array [-1, -1]
 */
export function convInteger2d(input: QuantizedTensor, filter: QuantizedTensor, options: ConvInteger2dOptions = {}): Int32Tensor {
  const { acc, shape } = operands(CONV_INTEGER2D, false, input, filter, options);
  return { data: acc, shape };
}

/** {@link convInteger2d} on one spatial axis. */
export function convInteger1d(input: QuantizedTensor, filter: QuantizedTensor, options: ConvInteger1dOptions = {}): Int32Tensor {
  const { acc, shape } = operands(CONV_INTEGER1D, false, input, filter, options);
  return { data: acc, shape };
}
