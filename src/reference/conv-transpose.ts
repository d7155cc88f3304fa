import { permute } from '../layout/permute.js';
import { shape2d } from '../options/conv.js';
import {
  CONV_TRANSPOSE1D,
  CONV_TRANSPOSE2D,
  CONV_TRANSPOSE3D,
  resolveTransposeAxes,
  type ConvTranspose3dOptions,
  type TransposeAxes,
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

/**
 * The 3-D transposed convolution on NCDHW / IODHW, as {@link convTransposeNchw} with a depth axis:
 * output cell `(od, oh, ow)` sums `x[n, c, id, ih, iw] · w[c, m, a, i, j]` over the taps where
 * `od + padFront = id·sd + a·dd` (and likewise for height and width). f64 sums, rounded once.
 */
export function convTranspose3dNcdhw(x: Float32Array, w: Float32Array, r: TransposeAxes, fn = 'convTranspose3d'): Float32Array {
  const [inD, inH, inW] = r.inputSize as [number, number, number];
  const [outD, outH, outW] = r.outputSize as [number, number, number];
  const [kD, kH, kW] = r.kernelSize as [number, number, number];
  const [sd, sh, sw] = r.strides as [number, number, number];
  const [dd, dh, dw] = r.dilations as [number, number, number];
  const [front, , top, , left] = r.pads as [number, number, number, number, number, number];
  const cg = r.inChannels / r.groups;
  const mg = r.outChannels / r.groups;
  // Per axis and output cell, the (input cell, tap) pairs that reach it.
  const reach = (out: number, size: number, k: number, s: number, d: number, pad: number) =>
    Array.from({ length: out }, (_, o) => {
      const pairs: [number, number][] = [];
      for (let t = 0; t < k; t++) {
        const v = o + pad - t * d;
        if (v >= 0 && v % s === 0 && v / s < size) pairs.push([v / s, t]);
      }
      return pairs;
    });
  const [rd, rh, rw] = [reach(outD, inD, kD, sd, dd, front), reach(outH, inH, kH, sh, dh, top), reach(outW, inW, kW, sw, dw, left)];
  const y = allocateFloat32(fn, 'the output', [r.batch, r.outChannels, outD, outH, outW]);
  let out = 0;
  for (let n = 0; n < r.batch; n++) {
    for (let oc = 0; oc < r.outChannels; oc++) {
      const g = Math.floor(oc / mg);
      const m = oc - g * mg;
      const act = activationFunction(r.activation, oc);
      const bias = r.bias === null ? 0 : r.bias[oc]!;
      for (let od = 0; od < outD; od++) {
        for (let oh = 0; oh < outH; oh++) {
          for (let ow = 0; ow < outW; ow++) {
            let sum = 0;
            for (let c = g * cg; c < (g + 1) * cg; c++) {
              for (const [id, a] of rd[od]!) {
                for (const [ih, i] of rh[oh]!) {
                  for (const [iw, j] of rw[ow]!) {
                    sum += x[(((n * r.inChannels + c) * inD + id) * inH + ih) * inW + iw]! * w[(((c * mg + m) * kD + a) * kH + i) * kW + j]!;
                  }
                }
              }
            }
            y[out++] = act(sum + bias);
          }
        }
      }
    }
  }
  return y;
}

/**
 * 3-D transposed convolution (PyTorch ConvTranspose3d, ONNX ConvTranspose on volumes), pure JS:
 * input `[N, C, D, H, W]` (or `'ndhwc'`), filter `[C, Cout/groups, kD, kH, kW]` (`'iodhw'`, or
 * `'dhwoi'`); convTranspose2d's options on `[depth, height, width]`.
 *
 * @example
 * convTranspose3d(x, { data: w, shape: [64, 32, 2, 2, 2] }, { strides: 2 }); // a 3-D U-Net's up-convolution
 */
export function convTranspose3d(input: Tensor, filter: Tensor, options: ConvTranspose3dOptions = {}): Tensor {
  const fn = 'convTranspose3d';
  const x = tensorParts(fn, 'input', input);
  const w = tensorParts(fn, 'filter', filter);
  const r = resolveTransposeAxes(CONV_TRANSPOSE3D, x.shape, w.shape, options);
  return convTranspose3dResolved(checkLength(fn, 'input', x.data, x.shape as number[]), checkLength(fn, 'filter', w.data, w.shape as number[]), r);
}

/** {@link convTranspose3d} of operands already checked against `r`. */
export function convTranspose3dResolved(x: Tensor, w: Tensor, r: TransposeAxes, fn = 'convTranspose3d'): Tensor {
  const [d, h, wd] = r.outputSize as [number, number, number];
  const shape = r.inputLayout === 'ncdhw' ? [r.batch, r.outChannels, d, h, wd] : [r.batch, d, h, wd, r.outChannels];
  checkElementCount(fn, 'the output', shape);
  const x5 = permute(x, r.inputLayout, 'ncdhw', fn, 'the NCDHW copy of the input');
  const w5 = permute(w, r.filterLayout, 'iodhw', fn, 'the IODHW copy of the filter');
  const y = convTranspose3dNcdhw(x5.data, w5.data, r, fn);
  return { data: permute({ data: y, shape: [r.batch, r.outChannels, d, h, wd] }, 'ncdhw', r.inputLayout, fn).data, shape };
}
