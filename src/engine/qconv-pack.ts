import { QCONV_OC_BLOCK } from '../wasm/abi.generated.js';
import type { QFilterParams } from '../options/qlinear-conv.js';
import type { QuantizedArray } from '../quant/tensor.js';

/** An int8 filter packed for the kernels (assembly/qconv-dense.ts, assembly/qconv-depthwise.ts). */
export interface QPackedFilter {
  /** The depthwise kernel (one input and one output channel per group), else the dense one. */
  readonly depthwise: boolean;
  /** int16 `w − wZero[oc]` in the kernel's order. */
  readonly weights: Int16Array;
  /** int32 bias per packed output channel (0 where none, and in padding). */
  readonly bias: Int32Array;
  /** f32 requantization scale per packed output channel (0 in padding; 1 for convInteger). */
  readonly scales: Float32Array;
  /** int16s from one group's channels to the next in the prologue's padded pixel. */
  readonly groupStride: number;
  /** Dense: blocks of QCONV_OC_BLOCK output channels per group. */
  readonly blocks: number;
}

const B = QCONV_OC_BLOCK;

/** Each letter's stride in a row-major array of `shape` laid out as `layout`. */
function letterStrides(layout: string, shape: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (let axis = layout.length - 1, stride = 1; axis >= 0; axis--) {
    out[layout[axis]!] = stride;
    stride *= shape[axis]!;
  }
  return out;
}

/** Whether the depthwise kernel runs this filter: groups = output channels, one input channel each. */
export function isQDepthwise(f: QFilterParams): boolean {
  return f.groups === f.outChannels && f.groupChannels === 1;
}

/**
 * Packs a quantized filter once, subtracting its zero points (so the kernels multiply plain
 * int16s) and laying bias and scales out per packed block.
 */
export function packQFilter(w: QuantizedArray, f: QFilterParams): QPackedFilter {
  const s = letterStrides(f.filterLayout, f.filterShape);
  const at = (oc: number, c: number, i: number, j: number) => w[oc * s.o! + c * s.i! + i * s.h! + j * s.w!]! - f.filterZeroPoints[oc]!;
  const taps = f.kernelHeight * f.kernelWidth;
  const depthwise = isQDepthwise(f);
  const perGroup = f.outChannels / f.groups;
  const channelSlots = depthwise ? Math.ceil(f.outChannels / B) * B : f.groups * Math.ceil(perGroup / B) * B;
  // Where output channel oc sits among the packed channels.
  const slotOf = (oc: number) => (depthwise ? oc : Math.floor(oc / perGroup) * Math.ceil(perGroup / B) * B + (oc % perGroup));
  const bias = new Int32Array(channelSlots);
  const scales = new Float32Array(channelSlots);
  for (let oc = 0; oc < f.outChannels; oc++) {
    bias[slotOf(oc)] = f.bias?.[oc] ?? 0;
    scales[slotOf(oc)] = f.scales?.[oc] ?? 1;
  }
  if (depthwise) {
    // Per block of 8 channels, per tap, the 8 channels' weights.
    const weights = new Int16Array((channelSlots / B) * taps * B);
    for (let c = 0; c < f.outChannels; c++) {
      const block = Math.floor(c / B);
      for (let i = 0; i < f.kernelHeight; i++) {
        for (let j = 0; j < f.kernelWidth; j++) weights[(block * taps + i * f.kernelWidth + j) * B + (c % B)] = at(c, 0, i, j);
      }
    }
    return { depthwise, weights, bias, scales, groupStride: 1, blocks: channelSlots / B };
  }
  const groupStride = f.groupChannels + (f.groupChannels & 1);
  const pairs = groupStride / 2;
  const blocks = Math.ceil(perGroup / B);
  // Per group, per block of 8 output channels, per tap, per channel pair: (oc0 c0, oc0 c1, oc1 c0, …).
  const weights = new Int16Array(f.groups * blocks * taps * pairs * 2 * B);
  for (let g = 0; g < f.groups; g++) {
    for (let m = 0; m < perGroup; m++) {
      const oc = g * perGroup + m;
      const block = g * blocks + Math.floor(m / B);
      const lane = 2 * (m % B);
      for (let i = 0; i < f.kernelHeight; i++) {
        for (let j = 0; j < f.kernelWidth; j++) {
          const tapBase = (block * taps + i * f.kernelWidth + j) * pairs;
          for (let c = 0; c < f.groupChannels; c++) weights[(tapBase + (c >> 1)) * 2 * B + lane + (c & 1)] = at(oc, c, i, j);
        }
      }
    }
  }
  return { depthwise, weights, bias, scales, groupStride, blocks };
}
