import { permute } from '../layout/permute.js';
import { conv3dShapeOf, resolveConv3d, type Conv3dOptions, type Conv3dParams } from '../options/conv3d.js';
import { indexMap } from '../options/padding-mode.js';
import { allocateFloat32, checkElementCount } from '../shape/element-limit.js';
import { checkLength, tensorParts, type Tensor } from '../tensor.js';
import { activationFunction } from './activation.js';

/**
 * The 3-D convolution formula on an NCDHW input and an OIDHW filter:
 *
 *   y[n, m, od, oh, ow] = act( bias[m] + Σ_{c, a, i, j} x̄[n, g·C/G + c, od·sd + a·dd − padFront, oh·sh + i·dh − padTop, ow·sw + j·dw − padLeft] · w[m, c, a, i, j] )
 *
 * with `x̄` the input padded as `paddingMode` says (zeros by default). f64 sums, rounded once.
 */
export function conv3dNcdhw(x: Float32Array, w: Float32Array, p: Conv3dParams, fn = 'conv3d'): Float32Array {
  const { batch, inChannels, outChannels, groups } = p;
  const [inD, inH, inW] = p.inSize;
  const [outD, outH, outW] = p.outSize;
  const [kD, kH, kW] = p.kernel;
  const [sd, sh, sw] = p.strides;
  const [dd, dh, dw] = p.dilations;
  const maps = [0, 1, 2].map((a) => indexMap(p.paddingMode, p.inSize[a]!, p.padding[2 * a]!, p.padding[2 * a + 1]!));
  const [depthOf, rowOf, colOf] = maps as [Int32Array, Int32Array, Int32Array];
  const channelsPerGroup = inChannels / groups;
  const outputsPerGroup = outChannels / groups;
  const y = allocateFloat32(fn, 'the output', conv3dShapeOf({ ...p, inputLayout: 'ncdhw' }));
  let out = 0;
  for (let n = 0; n < batch; n++) {
    for (let m = 0; m < outChannels; m++) {
      const first = Math.floor(m / outputsPerGroup) * channelsPerGroup;
      const bias = p.bias === null ? 0 : p.bias[m]!;
      const act = activationFunction(p.activation, m);
      for (let od = 0; od < outD; od++) {
        for (let oh = 0; oh < outH; oh++) {
          for (let ow = 0; ow < outW; ow++) {
            let sum = 0;
            for (let c = 0; c < channelsPerGroup; c++) {
              const volume = (n * inChannels + first + c) * inD;
              for (let a = 0; a < kD; a++) {
                const d = depthOf[od * sd + a * dd]!;
                for (let i = 0; i < kH; i++) {
                  const h = rowOf[oh * sh + i * dh]!;
                  for (let j = 0; j < kW; j++) {
                    const v = colOf[ow * sw + j * dw]!;
                    const value = d >= 0 && h >= 0 && v >= 0 ? x[((volume + d) * inH + h) * inW + v]! : 0;
                    sum += value * w[(((m * channelsPerGroup + c) * kD + a) * kH + i) * kW + j]!;
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

/** {@link conv3d} of operands already checked against their resolved parameters. */
export function conv3dResolved(x: Tensor, w: Tensor, p: Conv3dParams, fn = 'conv3d'): Tensor {
  const shape = conv3dShapeOf(p);
  checkElementCount(fn, 'the output', shape);
  const x5 = permute(x, p.inputLayout, 'ncdhw', fn, 'the NCDHW copy of the input');
  const w5 = permute(w, p.filterLayout, 'oidhw', fn, 'the OIDHW copy of the filter');
  const y = conv3dNcdhw(x5.data, w5.data, p, fn);
  const [d, h, wd] = p.outSize;
  return { data: permute({ data: y, shape: [p.batch, p.outChannels, d, h, wd] }, 'ncdhw', p.inputLayout, fn).data, shape };
}

/**
 * 3-D convolution (PyTorch Conv3d, ONNX Conv on 5-D tensors, TensorFlow conv3d), pure JS: input
 * `[N, C, D, H, W]` (or `'ndhwc'`), filter `[Cout, C/groups, kD, kH, kW]` (or `'dhwio'`).
 *
 * @example
 * conv3d({ data: new Float32Array(2 * 4 * 4 * 4).fill(1), shape: [1, 2, 4, 4, 4] },
 *        { data: new Float32Array(3 * 2 * 27).fill(1), shape: [3, 2, 3, 3, 3] }).shape; // [1, 3, 2, 2, 2], each 54
 */
export function conv3d(input: Tensor, filter: Tensor, options: Conv3dOptions = {}): Tensor {
  const fn = 'conv3d';
  const x = tensorParts(fn, 'input', input);
  const w = tensorParts(fn, 'filter', filter);
  const p = resolveConv3d(fn, x.shape, w.shape, options);
  return conv3dResolved(checkLength(fn, 'input', x.data, x.shape as number[]), checkLength(fn, 'filter', w.data, w.shape as number[]), p, fn);
}
