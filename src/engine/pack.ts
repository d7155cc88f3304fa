import type { ConvParams } from '../options/conv.js';
import { A_WINOGRAD_TILE } from '../wasm/args.js';
import type { WasmKernels } from '../wasm/kernels.js';
import type { ConvPlan } from './plan.js';

/** Element strides of the o, i, h, w axes of a filter in `layout` with the given 4-D shape. */
export function filterStrides(layout: string, shape: readonly number[]): [number, number, number, number] {
  const stride = (letter: string) => {
    let s = 1;
    for (let axis = layout.length - 1; axis > layout.indexOf(letter); axis--) s *= shape[axis]!;
    return s;
  };
  return [stride('o'), stride('i'), stride('h'), stride('w')];
}

/** Packs a filter (at `src`, in its own layout) into the form its path reads, at `dst`. */
export function packWeights(kernels: WasmKernels, fn: string, p: ConvParams, plan: ConvPlan, src: number, shape: readonly number[], dst: number): void {
  const [so, sc, sh, sw] = filterStrides(p.filterLayout, shape);
  const flip = p.flip ? 1 : 0;
  const { kernelHeight: kH, kernelWidth: kW, outChannels } = p;
  const groupIn = p.inChannels / p.groups;
  const k = kernels.exports;
  if (plan.path === 'winograd') {
    // The packer's scratch: the module writes no static data (test/wasm-builds.test.ts).
    const scratch = kernels.alloc(fn, kernels.exports.PACK_WINOGRAD_SCRATCH.value as number);
    try {
      k.packWinograd(src, so, sc, sh, sw, outChannels, p.inChannels, flip, plan.args[A_WINOGRAD_TILE]!, dst, scratch);
    } finally {
      kernels.release(scratch);
    }
  } else if (plan.path === 'nhwc') k.packPanels(src, so, sc, sh, sw, outChannels, groupIn, kH, kW, flip, p.groups, dst);
  else if (plan.path === 'depthwise-nhwc') k.packTaps(src, so, sc, sh, sw, outChannels, plan.biasFloats, kH, kW, flip, dst);
  else k.packRows(src, so, sc, sh, sw, outChannels, groupIn, kH, kW, flip, dst);
}

/** The bias as each path reads it: per channel, or per NR-wide panel of each group (NHWC GEMM). */
export function packBias(p: ConvParams, plan: ConvPlan, nr: number): Float32Array {
  const packed = new Float32Array(plan.biasFloats);
  if (p.bias === null) return packed;
  if (plan.path !== 'nhwc') {
    packed.set(p.bias);
    return packed;
  }
  const groupOut = p.outChannels / p.groups;
  const panels = Math.ceil(groupOut / nr);
  for (let g = 0; g < p.groups; g++) {
    packed.set(p.bias.subarray(g * groupOut, (g + 1) * groupOut), g * panels * nr);
  }
  return packed;
}

