import { QCONV_OC_BLOCK } from '../wasm/abi.generated.js';
import type { QFilterParams, QLayerWindow } from '../quant/qconv-options.js';
import type { QuantizedArray } from '../quant/tensor.js';
import { letterStrides } from '../layout/letter-strides.js';

/** An int8 filter packed for the kernels (assembly/qconv-dense.ts, qconv-depthwise.ts, qconv-dot.ts). */
export interface QPackedFilter {
  /**
   * Which kernel: `'depthwise'` (one input and one output channel per group), `'dot'` (relaxed
   * SIMD's byte dot product: one group, every `w − wZero` an int8) or `'dense'` (the rest).
   */
  readonly kind: 'dense' | 'depthwise' | 'dot';
  /** `w − wZero[oc]` in the kernel's order: int16 (dense, depthwise) or int8 (dot). */
  readonly weights: Int16Array | Int8Array;
  /** Dot: Σ of each output channel's `w − wZero` (for the zero-point term folded into the bias). */
  readonly weightSums: Int32Array | null;
  /** int32 bias per packed output channel (0 where none, and in padding). */
  readonly bias: Int32Array;
  /** f32 requantization scale per packed output channel (0 in padding; 1 for convInteger). */
  readonly scales: Float32Array;
  /**
   * int16s from one group's channels to the next in the prologue's padded pixel: dense, the
   * group's channels, rounded up to even unless a kernel row is one run (one group, no
   * horizontal dilation; packQFilter); depthwise 1; dot the channels rounded up to 4.
   */
  readonly groupStride: number;
  /** Dense: blocks of QCONV_OC_BLOCK output channels per group. */
  readonly blocks: number;
  /** Depthwise: the NCHW kernel's filter too (assembly/qconv-depthwise-planes.ts; {@link packPlanes}). */
  readonly planeWeights: Int16Array | null;
}

const B = QCONV_OC_BLOCK;

/**
 * Channel pairs the dense kernel reads per run of `values` int16s (assembly/qconv-dense.ts
 * computes the same, and why not a multiple of 4 pairs): the values rounded up to even.
 */
export function runPairsOf(values: number): number {
  return (values + 1) >> 1;
}

/** Whether the depthwise kernel runs this filter: groups = output channels, one input channel each. */
export function isQDepthwise(f: QFilterParams): boolean {
  return f.groups === f.outChannels && f.groupChannels === 1;
}

/**
 * Packs a quantized filter once, subtracting its zero points (so the kernels multiply plain
 * int16s) and laying bias and scales out per packed block, in the layout of the kernel that
 * `window` (qLayerWindow) and `dot` (the relaxed dot kernel runs exactly here) choose;
 * `withWeights` false: bias and scales only (a layer that always runs int8 Winograd,
 * src/engine/qconv-winograd.ts).
 */
export function packQFilter(w: QuantizedArray, f: QFilterParams, window: QLayerWindow, dot = false, withWeights = true): QPackedFilter {
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
  if (!withWeights) return { kind: 'dense', weights: new Int16Array(0), weightSums: null, bias, scales, groupStride: 0, blocks: 0, planeWeights: null };
  if (dot && !depthwise && f.groups === 1) {
    const packed = packDot(f, at, bias, scales);
    if (packed !== null) return packed;
  }
  if (depthwise) {
    // Per block of 8 channels, per tap pair (t0, t1): channels 0–3 as (t0, t1) pairs, then 4–7;
    // an odd last tap's partner weighs 0.
    const tapPairs = Math.ceil(taps / 2);
    const weights = new Int16Array((channelSlots / B) * tapPairs * 2 * B);
    for (let c = 0; c < f.outChannels; c++) {
      const block = Math.floor(c / B);
      for (let t = 0; t < taps; t++) {
        const i = Math.floor(t / f.kernelWidth);
        weights[(block * tapPairs + (t >> 1)) * 2 * B + 2 * (c % B) + (t & 1)] = at(c, 0, i, t - i * f.kernelWidth);
      }
    }
    return { kind: 'depthwise', weights, weightSums: null, bias, scales, groupStride: 1, blocks: channelSlots / B, planeWeights: packPlanes(f, at) };
  }
  // With one group and no horizontal dilation a kernel row's taps are adjacent pixels of the
  // padded copy whose channels follow each other, and the dense kernel reads the row as one run
  // (assembly/qconv-geometry.ts): the pixel then holds just its channels, odd or even, and the
  // row's kernelWidth · C values v = j·C + c pair up in order, (v >> 1, v & 1), an odd count's
  // last pair with a zero weight (its other value is the next pixel's first channel, or the
  // padded copy's slack: entryOf in src/engine/qconv-layer.ts). The stem's 3 channels × 7 taps:
  // 11 pairs a row, not 7 × 2 with a zero channel in each. Otherwise one run per tap, each
  // group's channels rounded up to even, so that no pair spans two taps or groups. For an even C
  // both orders are the same.
  const merged = f.groups === 1 && window.dilations[window.dilations.length - 1] === 1;
  const groupStride = merged ? f.groupChannels : f.groupChannels + (f.groupChannels & 1);
  const runsPerRow = merged ? 1 : f.kernelWidth;
  const runs = f.kernelHeight * runsPerRow;
  const runPairs = runPairsOf(merged ? f.kernelWidth * groupStride : groupStride);
  const blocks = Math.ceil(perGroup / B);
  // Per group, per block of 8 output channels, per run, per channel pair: (oc0 c0, oc0 c1, oc1 c0, …).
  const weights = new Int16Array(f.groups * blocks * runs * runPairs * 2 * B);
  for (let g = 0; g < f.groups; g++) {
    for (let m = 0; m < perGroup; m++) {
      const oc = g * perGroup + m;
      const block = g * blocks + Math.floor(m / B);
      const lane = 2 * (m % B);
      for (let i = 0; i < f.kernelHeight; i++) {
        for (let j = 0; j < f.kernelWidth; j++) {
          const runBase = (block * runs + i * runsPerRow + (merged ? 0 : j)) * runPairs;
          const first = merged ? j * groupStride : 0;
          for (let c = 0; c < f.groupChannels; c++) {
            const v = first + c;
            weights[(runBase + (v >> 1)) * 2 * B + lane + (v & 1)] = at(oc, c, i, j);
          }
        }
      }
    }
  }
  return { kind: 'dense', weights, weightSums: null, bias, scales, groupStride, blocks, planeWeights: null };
}

/**
 * The NCHW depthwise kernel's filter (assembly/qconv-depthwise-planes.ts): per channel, per kernel
 * row, per tap pair (j, j + 1) the two `w − wZero`; an odd row's last tap is paired with a 0.
 */
function packPlanes(f: QFilterParams, at: (oc: number, c: number, i: number, j: number) => number): Int16Array {
  const tapPairs = Math.ceil(f.kernelWidth / 2);
  const weights = new Int16Array(f.outChannels * f.kernelHeight * tapPairs * 2);
  for (let c = 0; c < f.outChannels; c++) {
    for (let i = 0; i < f.kernelHeight; i++) {
      for (let j = 0; j < f.kernelWidth; j++) weights[((c * f.kernelHeight + i) * tapPairs + (j >> 1)) * 2 + (j & 1)] = at(c, 0, i, j);
    }
  }
  return weights;
}

/**
 * The dot kernel's filter (assembly/qconv-dot.ts): per block of 8 output channels, per tap, per
 * quad of input channels, 32 int8s (channel k's 4 weights at 4k); and each output channel's sum.
 * Null when some `w − wZero[oc]` is not an int8 (the dot kernel's first operand): the dense
 * kernel takes the layer then. One group: the bias and scales are laid out as the dense kernel's.
 */
function packDot(f: QFilterParams, at: (oc: number, c: number, i: number, j: number) => number, bias: Int32Array, scales: Float32Array): QPackedFilter | null {
  const taps = f.kernelHeight * f.kernelWidth;
  const quads = Math.ceil(f.groupChannels / 4);
  const blocks = Math.ceil(f.outChannels / B);
  const weights = new Int8Array(blocks * taps * quads * 4 * B);
  const weightSums = new Int32Array(f.outChannels);
  for (let oc = 0; oc < f.outChannels; oc++) {
    const block = Math.floor(oc / B);
    let sum = 0;
    for (let i = 0; i < f.kernelHeight; i++) {
      for (let j = 0; j < f.kernelWidth; j++) {
        for (let c = 0; c < f.groupChannels; c++) {
          const v = at(oc, c, i, j);
          if (v < -128 || v > 127) return null;
          sum += v;
          weights[((block * taps + i * f.kernelWidth + j) * quads + (c >> 2)) * 4 * B + 4 * (oc % B) + (c & 3)] = v;
        }
      }
    }
    weightSums[oc] = sum;
  }
  return { kind: 'dot', weights, weightSums, bias, scales, groupStride: quads * 4, blocks, planeWeights: null };
}
