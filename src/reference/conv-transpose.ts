import { permute } from '../layout/permute.js';
import { shape2d } from '../options/conv.js';
import {
  CONV_TRANSPOSE1D,
  CONV_TRANSPOSE2D,
  resolveConvTranspose,
  transposeOutputShape,
  type ConvTranspose1dOptions,
  type ConvTranspose2dOptions,
  type ConvTransposeParams,
  type ConvTransposeSpec,
} from '../options/conv-transpose.js';
import { allocateFloat32, checkElementCount } from '../shape/element-limit.js';
import { checkLength, tensorParts, type Tensor } from '../tensor.js';
import { activationFunction } from './activation.js';

/**
 * The transposed convolution formula, on an NCHW input and an IOHW filter:
 *
 *   y[n, g·M/G + m, oh, ow] = act( bias + Σ_{c, i, j} x[n, g·C/G + c, ih, iw] · w[g·C/G + c, m, i, j] )
 *
 * over the taps where `oh + padTop = ih·sh + i·dh` and `ow + padLeft = iw·sw + j·dw` land on an
 * input cell: every input cell spreads its value, weighted by the kernel, over the output, and
 * the padding crops the result. It is the adjoint of conv2d: ⟨conv2d(x, w), y⟩ = ⟨x, convTranspose2d(y, w)⟩
 * with the same filter array (conv2d's O axis is the transposed one's I axis). Sums in f64,
 * rounded to f32 once.
 */
export function convTransposeNchw(x: Float32Array, w: Float32Array, p: ConvTransposeParams, fn = 'convTranspose2d'): Float32Array {
  const { batch, inChannels, inHeight, inWidth, outChannels, outHeight, outWidth, kernelHeight, kernelWidth, groups } = p;
  const [strideH, strideW] = p.strides;
  const [dilationH, dilationW] = p.dilations;
  const [padTop, , padLeft] = p.padding;
  const channelsPerGroup = inChannels / groups;
  const outputsPerGroup = outChannels / groups;

  const y = allocateFloat32(fn, 'the output', [batch, outChannels, outHeight, outWidth]);
  let out = 0;
  for (let n = 0; n < batch; n++) {
    for (let oc = 0; oc < outChannels; oc++) {
      const g = Math.floor(oc / outputsPerGroup);
      const m = oc - g * outputsPerGroup;
      const bias = p.bias === null ? 0 : p.bias[oc]!;
      const act = activationFunction(p.activation, oc);
      for (let oh = 0; oh < outHeight; oh++) {
        for (let ow = 0; ow < outWidth; ow++) {
          let sum = 0;
          for (let c = g * channelsPerGroup; c < (g + 1) * channelsPerGroup; c++) {
            for (let i = 0; i < kernelHeight; i++) {
              const th = oh + padTop - i * dilationH; // = ih · strideH where a tap lands
              if (th < 0 || th % strideH !== 0 || th / strideH >= inHeight) continue;
              const ih = th / strideH;
              for (let j = 0; j < kernelWidth; j++) {
                const tw = ow + padLeft - j * dilationW;
                if (tw < 0 || tw % strideW !== 0 || tw / strideW >= inWidth) continue;
                const iw = tw / strideW;
                sum += x[((n * inChannels + c) * inHeight + ih) * inWidth + iw]! * w[((c * outputsPerGroup + m) * kernelHeight + i) * kernelWidth + j]!;
              }
            }
          }
          y[out++] = act(sum + bias);
        }
      }
    }
  }
  return y;
}

/** Validates and runs a 1-D or 2-D transposed convolution on any layouts, through NCHW / IOHW. */
export function convolveTransposed(spec: ConvTransposeSpec, input: Tensor, filter: Tensor, options: unknown): Tensor {
  const { fn } = spec;
  const x = tensorParts(fn, 'input', input);
  const w = tensorParts(fn, 'filter', filter);
  const p = resolveConvTranspose(spec, x.shape, w.shape, options);
  const xChecked = checkLength(fn, 'input', x.data, x.shape as number[]);
  const wChecked = checkLength(fn, 'filter', w.data, w.shape as number[]);
  return convolveTransposedResolved(spec, xChecked, wChecked, p);
}

/** {@link convolveTransposed} of operands already checked against their resolved parameters. */
export function convolveTransposedResolved(spec: ConvTransposeSpec, x: Tensor, w: Tensor, p: ConvTransposeParams): Tensor {
  const { fn } = spec;
  const axes = spec.axes.length as 1 | 2;
  checkElementCount(fn, 'the output', transposeOutputShape(p, axes));
  const x4 = permute({ data: x.data, shape: shape2d(x.shape, p.inputLayout) }, p.inputLayout, 'nchw', fn, 'the NCHW copy of the input');
  const w4 = permute({ data: w.data, shape: shape2d(w.shape, p.filterLayout) }, p.filterLayout, 'iohw', fn, 'the IOHW copy of the filter');
  const y = convTransposeNchw(x4.data, w4.data, p, fn);
  const out = permute({ data: y, shape: [p.batch, p.outChannels, p.outHeight, p.outWidth] }, 'nchw', p.inputLayout, fn);
  return { data: out.data, shape: transposeOutputShape(p, axes) };
}

/**
 * 2-D transposed convolution (PyTorch ConvTranspose2d, ONNX ConvTranspose, WebNN
 * convTranspose2d), pure JS. Input `[N, C, H, W]` (or NHWC), filter `[C, Cout/groups, kH, kW]`
 * (`'iohw'`; or `'hwoi'`, `'ohwi'`). Each output axis has
 * `(in − 1)·s − padBegin − padEnd + d·(k − 1) + 1 + outputPadding` cells.
 *
 * @example
 * convTranspose2d({ data: Float32Array.of(1, 2, 3, 4), shape: [1, 1, 2, 2] },
 *                 { data: Float32Array.of(1, 1, 1, 1), shape: [1, 1, 2, 2] }, { strides: 2 }).data;
 * // [1, 1, 2, 2,  1, 1, 2, 2,  3, 3, 4, 4,  3, 3, 4, 4]: each cell spread over a 2×2 block
 */
export function convTranspose2d(input: Tensor, filter: Tensor, options: ConvTranspose2dOptions = {}): Tensor {
  return convolveTransposed(CONV_TRANSPOSE2D, input, filter, options);
}

/**
 * 1-D transposed convolution, pure JS: input `[N, C, L]` (or `'nwc'`), filter `[C, Cout/groups, K]`
 * (`'iow'`; or `'woi'`, `'owi'`).
 *
 * @example
 * convTranspose1d({ data: Float32Array.of(1, 2), shape: [1, 1, 2] },
 *                 { data: Float32Array.of(1, 10, 100), shape: [1, 1, 3] }).data; // [1, 12, 120, 200]
 */
export function convTranspose1d(input: Tensor, filter: Tensor, options: ConvTranspose1dOptions = {}): Tensor {
  return convolveTransposed(CONV_TRANSPOSE1D, input, filter, options);
}
