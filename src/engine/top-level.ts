import type { Conv1dOptions, Conv2dOptions } from '../options/conv.js';
import type { AvgPool2dOptions, Pool2dOptions } from '../options/pool.js';
import type { ConvTranspose1dOptions, ConvTranspose2dOptions, ConvTranspose3dOptions } from '../options/conv-transpose.js';
import type { Conv3dOptions } from '../options/conv3d.js';
import type { AvgPool3dOptions, Pool3dOptions } from '../options/pool3d.js';
import type { Tensor } from '../tensor.js';
import type { LpPool2dOptions } from '../reference/lp-pool.js';
import type { IndexTensor, MaxPool2dWithIndicesOptions } from '../reference/max-pool-indices.js';
import { getEngine } from './default.js';
import type { ConvInteger1dOptions, ConvInteger2dOptions, QLinearConv1dOptions, QLinearConv2dOptions } from '../quant/qconv-options.js';
import type { Int32Tensor, QuantizedTensor } from '../quant/tensor.js';

/**
 * 2-D convolution (cross-correlation, as in PyTorch, TensorFlow, ONNX and WebNN) on the default
 * engine ({@link getEngine}): `y[n, m, oh, ow] = act(bias[m] + Σ x[n, c, oh·sh + i·dh − padTop, ow·sw + j·dw − padLeft] · w[m, c, i, j])`.
 * Input `[N, C, H, W]` (or `[N, H, W, C]` with `inputLayout: 'nhwc'`); filter `[Cout, C/groups,
 * kH, kW]` (or the `filterLayout` given). The output has the input's layout. Same results, to
 * rounding, as `reference.conv2d`.
 *
 * `output`, when given, receives the result and is returned (no new array): it must have exactly
 * the output shape and must not overlap the input, as for a layer's `run(input, output)`. Reusing
 * one output across calls saves the allocation and the first touch of its memory, which on small
 * layers can cost more than the convolution (see the README's performance notes).
 *
 * @example
 * const y = conv2d({ data: image, shape: [1, 3, 32, 32] }, { data: weights, shape: [8, 3, 3, 3] },
 *                  { padding: 1, bias, activation: 'relu' }); // y.shape = [1, 8, 32, 32]
 * const out = { data: new Float32Array(8 * 32 * 32), shape: [1, 8, 32, 32] };
 * for (const frame of frames) conv2d(frame, w, { padding: 1 }, out); // fills out each time
 */
export function conv2d(input: Tensor, filter: Tensor, options: Conv2dOptions = {}, output?: Tensor): Tensor {
  return getEngine().conv2d(input, filter, options, output);
}

/**
 * 1-D convolution on the default engine: input `[N, C, L]` (or `[N, L, C]` with
 * `inputLayout: 'nwc'`), filter `[Cout, C/groups, K]` (or `'wio'`, `'owi'`, `'iwo'`). `output` as
 * for {@link conv2d}.
 *
 * @example
 * conv1d({ data: Float32Array.of(1, 2, 0, -1, 3, 1), shape: [1, 1, 6] },
 *        { data: Float32Array.of(2, -1, 1), shape: [1, 1, 3] }).data; // [0, 3, 4, -4]
 */
export function conv1d(input: Tensor, filter: Tensor, options: Conv1dOptions = {}, output?: Tensor): Tensor {
  return getEngine().conv1d(input, filter, options, output);
}

/**
 * 3-D convolution on the default engine (PyTorch Conv3d, ONNX Conv on volumes, TensorFlow
 * conv3d): input `[N, C, D, H, W]` (or `'ndhwc'`), filter `[Cout, C/groups, kD, kH, kW]` (or
 * `'dhwio'`); conv2d's options with three axes `[depth, height, width]`, padding
 * `[beginD, endD, beginH, endH, beginW, endW]`. Same results, to rounding, as `reference.conv3d`;
 * `output` as for {@link conv2d}.
 *
 * @example
 * // A video block: 16 frames of 56², 64 → 64 channels, 3×3×3.
 * const y = conv3d(clip, { data: w, shape: [64, 64, 3, 3, 3] }, { padding: 1, bias, activation: 'relu' });
 */
export function conv3d(input: Tensor, filter: Tensor, options: Conv3dOptions = {}, output?: Tensor): Tensor {
  return getEngine().conv3d(input, filter, options, output);
}

/**
 * 2-D transposed convolution on the default engine (PyTorch ConvTranspose2d, ONNX ConvTranspose,
 * WebNN convTranspose2d): every input cell spreads its value over the output, weighted by the
 * kernel — the adjoint of {@link conv2d} with the same filter, and the layer that upsamples in
 * decoders, U-Nets and generators. Input `[N, C, H, W]` (or `'nhwc'`), filter
 * `[C, Cout/groups, kH, kW]` (`'iohw'`, PyTorch's and ONNX's weight; or `'hwoi'`, TensorFlow's,
 * or `'ohwi'`). Each output axis has `(in − 1)·s − padBegin − padEnd + d·(k − 1) + 1 + outputPadding`
 * cells; `padding: 'same'` gives `in · s` (ONNX `auto_pad`). Same results, to rounding, as
 * `reference.convTranspose2d`; `output` as for {@link conv2d}.
 *
 * @example
 * // PyTorch: nn.ConvTranspose2d(64, 32, 4, stride=2, padding=1) doubles H and W
 * const y = convTranspose2d(x, { data: weight, shape: [64, 32, 4, 4] }, { strides: 2, padding: 1, bias });
 */
export function convTranspose2d(input: Tensor, filter: Tensor, options: ConvTranspose2dOptions = {}, output?: Tensor): Tensor {
  return getEngine().convTranspose2d(input, filter, options, output);
}

/**
 * 3-D transposed convolution on the default engine (PyTorch ConvTranspose3d, ONNX ConvTranspose
 * on volumes): input `[N, C, D, H, W]` (or `'ndhwc'`), filter `[C, Cout/groups, kD, kH, kW]`
 * (`'iodhw'`; TensorFlow's `'dhwoi'`); convTranspose2d's options on `[depth, height, width]`.
 * `output` as for {@link conv2d}.
 *
 * @example
 * // A 3-D U-Net's up-convolution: doubles D, H and W.
 * const y = convTranspose3d(x, { data: w, shape: [128, 64, 2, 2, 2] }, { strides: 2, bias });
 */
export function convTranspose3d(input: Tensor, filter: Tensor, options: ConvTranspose3dOptions = {}, output?: Tensor): Tensor {
  return getEngine().convTranspose3d(input, filter, options, output);
}

/**
 * 1-D transposed convolution on the default engine: input `[N, C, L]` (or `'nwc'`), filter
 * `[C, Cout/groups, K]` (`'iow'`; or `'woi'`, `'owi'`). `output` as for {@link conv2d}.
 *
 * @example
 * convTranspose1d({ data: Float32Array.of(1, 2), shape: [1, 1, 2] },
 *                 { data: Float32Array.of(1, 10, 100), shape: [1, 1, 3] }).data; // [1, 12, 120, 200]
 */
export function convTranspose1d(input: Tensor, filter: Tensor, options: ConvTranspose1dOptions = {}, output?: Tensor): Tensor {
  return getEngine().convTranspose1d(input, filter, options, output);
}

/**
 * 2-D max pooling on the default engine (see `reference.maxPool2d` for the definition).
 * `output` as for {@link conv2d}.
 *
 * @example
 * maxPool2d(x, { windowDimensions: 3, strides: 2, padding: 1 }); // ResNet's stem pool
 * maxPool2d(x, { windowDimensions: 2, strides: 2 }, out);        // into a preallocated out
 */
export function maxPool2d(input: Tensor, options: Pool2dOptions = {}, output?: Tensor): Tensor {
  return getEngine().maxPool2d(input, options, output);
}

/**
 * 2-D average pooling on the default engine (see `reference.avgPool2d` for the definition).
 * `output` as for {@link conv2d}.
 *
 * @example
 * avgPool2d(x); // global average pooling → [N, C, 1, 1]
 * avgPool2d(x, {}, out); // the same into out, shape [N, C, 1, 1]
 */
export function avgPool2d(input: Tensor, options: AvgPool2dOptions = {}, output?: Tensor): Tensor {
  return getEngine().avgPool2d(input, options, output);
}

/**
 * 3-D max pooling on the default engine: input `[N, C, D, H, W]` (or `'ndhwc'`), pool2d's
 * options on `[depth, height, width]`. The same values as `reference.maxPool3d`, bit for bit.
 * `output` as for {@link conv2d}.
 *
 * @example
 * maxPool3d(clip, { windowDimensions: [2, 2, 2], strides: 2 }); // C3D's pool
 */
export function maxPool3d(input: Tensor, options: Pool3dOptions = {}, output?: Tensor): Tensor {
  return getEngine().maxPool3d(input, options, output);
}

/**
 * 3-D average pooling on the default engine (see {@link maxPool3d}); `countIncludePad` as
 * avgPool2d's. The same values as `reference.avgPool3d`, to rounding.
 *
 * @example
 * avgPool3d(features); // global average over depth, height and width → [N, C, 1, 1, 1]
 */
export function avgPool3d(input: Tensor, options: AvgPool3dOptions = {}, output?: Tensor): Tensor {
  return getEngine().avgPool3d(input, options, output);
}

/**
 * Lp pooling on the default engine (ONNX LpPool, WebNN l2Pool2d, PyTorch LPPool2d on |x|): the
 * p-norm of each window, `y = (Σ |x|^p)^(1/p)` over its cells inside the input (padding adds
 * nothing); max pooling's options plus `p` (default 2). The WebAssembly engines compute p = 2
 * and p = 1 with f64 sums, bit for bit as `reference.lpPool2d`; other exponents run the
 * reference. `output` as for {@link conv2d}.
 *
 * @example
 * lpPool2d({ data: Float32Array.of(3, 4, 0, 0), shape: [1, 1, 2, 2] }).data; // [5] (global, p = 2)
 */
export function lpPool2d(input: Tensor, options: LpPool2dOptions = {}, output?: Tensor): Tensor {
  return getEngine().lpPool2d(input, options, output);
}

/**
 * Max pooling that also says where each maximum was, on the default engine: `output` as
 * {@link maxPool2d}, and `indices` (an `Int32Array` tensor of the same shape), each its window's
 * maximum's position in the input, numbered in NCHW whatever the layout: within its H×W plane
 * (`indices: 'plane'`, PyTorch's `return_indices`) or over the whole tensor (`'tensor'`, ONNX
 * MaxPool's `Indices`), row-major or, with `storageOrder: 'column'`, column-major (ONNX
 * `storage_order`). The first NaN of a window is its maximum; otherwise the first of equal
 * maxima in row-major window order, +0 above −0. Bit for bit as `reference.maxPool2dWithIndices`.
 *
 * @example
 * const { output, indices } = maxPool2dWithIndices(x, { windowDimensions: 2, strides: 2 });
 * const restored = maxUnpool2d(output, indices, { windowDimensions: 2, strides: 2 }); // SegNet's decoder
 */
export function maxPool2dWithIndices(input: Tensor, options: MaxPool2dWithIndicesOptions = {}): { output: Tensor; indices: IndexTensor } {
  return getEngine().maxPool2dWithIndices(input, options);
}

/**
 * ONNX QLinearConv on the default engine: a 2-D convolution of 8-bit quantized tensors,
 * accumulated exactly in int32 and requantized as onnxruntime does, bit for bit as
 * `reference.qlinearConv2d` on every build and thread count:
 *
 *   acc[m] = bias[m] + Σ (x − inputZeroPoint) · (w − filterZeroPoint[m])       (int32)
 *   y = saturate(roundHalfEven(f32(acc) · f32(f32(inputScale · filterScale[m]) / outputScale)) + outputZeroPoint)
 *
 * then clamped by a fused `'relu'`, `'relu6'` or clamp activation. Input `[N, C, H, W]` (or
 * `'nhwc'`), a `Uint8Array` or `Int8Array`; filter `[Cout, C/groups, kH, kW]` (or the
 * `filterLayout` given), either type; padding holds the input's zero point (real 0). The output
 * has the input's layout and type unless `outputType` says otherwise. `output`, when given, must
 * be an array of that type and exactly the output shape.
 *
 * @example
 * // A MobileNet layer exported by ONNX's quantizer: uint8 activations, int8 per-channel weights.
 * const y = qlinearConv2d({ data: x, shape: [1, 32, 112, 112] }, { data: w, shape: [64, 32, 3, 3] }, {
 *   padding: 1, inputScale: 0.0235, inputZeroPoint: 128, filterScale: perChannel, outputScale: 0.0471,
 *   outputZeroPoint: 128, bias, activation: 'relu6',
 * }); // y.data: Uint8Array(64 × 112 × 112)
 */
export function qlinearConv2d(input: QuantizedTensor, filter: QuantizedTensor, options: QLinearConv2dOptions, output?: QuantizedTensor): QuantizedTensor {
  return getEngine().qlinearConv2d(input, filter, options, output);
}

/** {@link qlinearConv2d} on one spatial axis: input `[N, C, L]` (or `'nwc'`), filter `[Cout, C/groups, K]` (or `'wio'`, `'owi'`, `'iwo'`). */
export function qlinearConv1d(input: QuantizedTensor, filter: QuantizedTensor, options: QLinearConv1dOptions, output?: QuantizedTensor): QuantizedTensor {
  return getEngine().qlinearConv1d(input, filter, options, output);
}

/**
 * ONNX ConvInteger on the default engine: `y = Σ (x − inputZeroPoint) · (w − filterZeroPoint)`
 * as int32 (wrapping as int32 does), no bias, no requantization; what dynamically quantized
 * models use, scaling the result in float themselves. The geometry and layouts of conv2d.
 *
 * @example
 * convInteger2d({ data: Uint8Array.of(1, 2, 3, 4), shape: [1, 1, 2, 2] },
 *               { data: Int8Array.of(1, -1), shape: [1, 1, 1, 2] }, { inputZeroPoint: 1 }).data; // Int32Array [-1, -1]
 */
export function convInteger2d(input: QuantizedTensor, filter: QuantizedTensor, options: ConvInteger2dOptions = {}, output?: Int32Tensor): Int32Tensor {
  return getEngine().convInteger2d(input, filter, options, output);
}

/** {@link convInteger2d} on one spatial axis. */
export function convInteger1d(input: QuantizedTensor, filter: QuantizedTensor, options: ConvInteger1dOptions = {}, output?: Int32Tensor): Int32Tensor {
  return getEngine().convInteger1d(input, filter, options, output);
}
