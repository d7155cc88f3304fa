import { permute } from '../layout/permute.js';
import { resolveConv, shape2d, type ConvParams, type ConvSpec } from '../options/conv.js';
import { outputShapeOf } from '../shape/conv-shape.js';
import { allocateFloat32, checkElementCount } from '../shape/element-limit.js';
import { checkLength, tensorParts, type Tensor } from '../tensor.js';
import { activationFunction } from './activation.js';
import { indexMap } from '../options/padding-mode.js';

/**
 * The convolution formula, on an NCHW input and an OIHW filter:
 *
 *   y[n, m, oh, ow] = act( bias[m] + Σ_{c, i, j} x̄[n, g·C/G + c, oh·sh + i·dh − padTop, ow·sw + j·dw − padLeft] · w[m, c, i, j] )
 *
 * where `g = ⌊m / (M/G)⌋` is the group of output channel `m`, `c` runs over the group's `C/G`
 * input channels, and `x̄` is `x` with zeros outside the image (or, with `paddingMode`, the
 * reflected, replicated or wrapped cell). Padded zeros take part in the
 * products, so an infinite weight over padding gives NaN, as it would with explicit padding.
 * Sums are accumulated in f64 and rounded to f32 once, on store: the oracle is the most
 * accurate result, and faster kernels are compared against it. `fn` names the public function
 * in the error when the output would pass the element limit.
 */
export function convolveNchw(x: Float32Array, w: Float32Array, p: ConvParams, fn = 'conv2d'): Float32Array {
  const { batch, inChannels, inHeight, inWidth, outChannels, outHeight, outWidth } = p;
  const { kernelHeight, kernelWidth, groups } = p;
  const [strideH, strideW] = p.strides;
  const [dilationH, dilationW] = p.dilations;
  const [padTop, padBottom, padLeft, padRight] = p.padding;
  // x̄'s cell for each padded row and column: the input's own, or −1 for a zero.
  const rowOf = indexMap(p.paddingMode, inHeight, padTop, padBottom);
  const colOf = indexMap(p.paddingMode, inWidth, padLeft, padRight);
  const channelsPerGroup = inChannels / groups;
  const outputsPerGroup = outChannels / groups;

  const y = allocateFloat32(fn, 'the output', [batch, outChannels, outHeight, outWidth]);
  let out = 0;
  for (let n = 0; n < batch; n++) {
    for (let m = 0; m < outChannels; m++) {
      const firstChannel = Math.floor(m / outputsPerGroup) * channelsPerGroup;
      const bias = p.bias === null ? 0 : p.bias[m]!;
      const act = activationFunction(p.activation, m);
      for (let oh = 0; oh < outHeight; oh++) {
        for (let ow = 0; ow < outWidth; ow++) {
          let sum = 0;
          for (let c = 0; c < channelsPerGroup; c++) {
            const inputPlane = (n * inChannels + firstChannel + c) * inHeight; // x[n, g·C/G + c, ·, ·]
            const kernel = (m * channelsPerGroup + c) * kernelHeight; // w[m, c, ·, ·]
            for (let i = 0; i < kernelHeight; i++) {
              const h = rowOf[oh * strideH + i * dilationH]!; // padded row oh·sh + i·dh − padTop
              const inputRow = (inputPlane + h) * inWidth;
              const kernelRow = (kernel + i) * kernelWidth;
              for (let j = 0; j < kernelWidth; j++) {
                const w_ = colOf[ow * strideW + j * dilationW]!;
                const value = h >= 0 && w_ >= 0 ? x[inputRow + w_]! : 0; // x̄: zero outside (paddingMode 'zeros')
                sum += value * w[kernelRow + j]!;
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

/** Rotates every kernel of an OIHW filter by 180°: `flip: true` turns correlation into convolution. */
export function rotateKernels(w: Float32Array, kernelHeight: number, kernelWidth: number, fn = 'conv2d'): Float32Array {
  const rotated = allocateFloat32(fn, 'the flipped filter', [w.length]);
  const area = kernelHeight * kernelWidth;
  for (let base = 0; base < w.length; base += area) {
    for (let t = 0; t < area; t++) rotated[base + t] = w[base + area - 1 - t]!;
  }
  return rotated;
}

/**
 * Validates and runs a 1-D or 2-D convolution on any layouts: transposes to NCHW / OIHW,
 * applies the formula, transposes back to the input's layout.
 */
export function convolve(spec: ConvSpec, input: Tensor, filter: Tensor, options: unknown): Tensor {
  const { fn } = spec;
  const x = tensorParts(fn, 'input', input);
  const w = tensorParts(fn, 'filter', filter);
  const p = resolveConv(spec, x.shape, w.shape, options);
  const xChecked = checkLength(fn, 'input', x.data, x.shape as number[]);
  const wChecked = checkLength(fn, 'filter', w.data, w.shape as number[]);
  return convolveResolved(spec, xChecked, wChecked, p);
}

/** {@link convolve} of operands already checked against their resolved parameters `p`. */
export function convolveResolved(spec: ConvSpec, x: Tensor, w: Tensor, p: ConvParams): Tensor {
  const { fn } = spec;
  // The output's size is checked before anything is allocated, and reported in the input's layout.
  checkElementCount(fn, 'the output', outputShapeOf(p, spec.axes.length as 1 | 2));
  const inputLayout = p.inputLayout;
  const x4 = permute({ data: x.data, shape: shape2d(x.shape, inputLayout) }, inputLayout, 'nchw', fn, 'the NCHW copy of the input');
  const w4 = permute({ data: w.data, shape: shape2d(w.shape, p.filterLayout) }, p.filterLayout, 'oihw', fn, 'the OIHW copy of the filter');
  const kernels = p.flip ? rotateKernels(w4.data, p.kernelHeight, p.kernelWidth, fn) : w4.data;
  const y = convolveNchw(x4.data, kernels, p, fn);
  const out = permute({ data: y, shape: [p.batch, p.outChannels, p.outHeight, p.outWidth] }, 'nchw', inputLayout, fn);
  return { data: out.data, shape: outputShapeOf(p, spec.axes.length as 1 | 2) };
}
