import type { QFilterParams, QLayerWindow } from '../quant/qconv-options.js';
import type { QuantizedArray, QuantizedType } from '../quant/tensor.js';
import { letterStrides } from '../layout/letter-strides.js';
import { QCONV_OC_BLOCK } from '../wasm/abi.generated.js';

/**
 * int8 Winograd F(2×2, 3×3) (assembly/qconv-winograd.ts): the transformed filter and the bound
 * that keeps it exact. The kernel computes 4·y modulo 2³² (every step a ring operation on int32)
 * and shifts it right by 2, which is y while |y| < 2²⁹: {@link qWinogradExact} checks that from
 * the operands' ranges before a call takes this path; otherwise it takes the direct kernel.
 */
export interface QWinogradFilter {
  /** U' = G'·g·G'ᵀ (G' = 2G) of `w − wZero`, packed as the dense kernel's filter of a grouped 1×1 of 16 groups. */
  readonly weights: Int16Array;
  /** int16s per group of a tile's V (input channels rounded up to even). */
  readonly slots: number;
  /** Blocks of QCONV_OC_BLOCK output channels. */
  readonly blocks: number;
  /** The largest |w − wZero|. */
  readonly weightMax: number;
}

/** The tile positions of F(2×2, 3×3): the GEMM's groups. */
export const WINOGRAD_GROUPS = 16;

/**
 * Bytes from one of V's or M's planes to the next, for planes of `bytes`: rounded up to 64 (a
 * cache line), then to an odd number of lines. The transforms read or write a tile's 16 planes
 * at once; at a stride that is a multiple of 4 KB (a 56² output's M: 784 tiles × 256 bytes, 49
 * pages) those 16 streams share the L1 sets of one address and evict each other. Odd lines put
 * plane k in its own set: Q1n's output transform 0.30 → 0.16 ms and input transform 0.18 →
 * 0.08 ms (simd, Zen 4; 54² and 58² ran at 0.13–0.17 and 0.08 unpadded).
 */
export function planeBytes(bytes: number): number {
  const lines = Math.ceil(bytes / 64);
  return 64 * (lines | 1);
}

/** G' = 2G: integer rows, so that U' = G'·g·G'ᵀ = 4·G·g·Gᵀ is exact. */
const G2 = [
  [2, 0, 0],
  [1, 1, 1],
  [1, -1, 1],
  [0, 0, 2],
] as const;

/** Whether a layer is Winograd's: 2-D, 3×3, one group, strides and dilations 1. */
export function qWinogradLayer(f: QFilterParams, window: QLayerWindow): boolean {
  const ones = (values: readonly number[]) => values.every((v) => v === 1);
  return window.strides.length === 2 && f.groups === 1 && f.kernelHeight === 3 && f.kernelWidth === 3 && ones(window.strides) && ones(window.dilations);
}

/** Packs U' of every (output channel, input channel) in the dense kernel's grouped layout, group t = 4i + j holding U'[i][j]. */
export function packQWinograd(w: QuantizedArray, f: QFilterParams): QWinogradFilter {
  const s = letterStrides(f.filterLayout, f.filterShape);
  const channels = f.groupChannels;
  const slots = channels + (channels & 1);
  const pairs = slots / 2;
  const blocks = Math.ceil(f.outChannels / QCONV_OC_BLOCK);
  const weights = new Int16Array(WINOGRAD_GROUPS * blocks * pairs * 2 * QCONV_OC_BLOCK);
  let weightMax = 0;
  const g = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let oc = 0; oc < f.outChannels; oc++) {
    const zero = f.filterZeroPoints[oc]!;
    const block = Math.floor(oc / QCONV_OC_BLOCK);
    const lane = 2 * (oc % QCONV_OC_BLOCK);
    for (let c = 0; c < channels; c++) {
      for (let u = 0; u < 3; u++) {
        for (let v = 0; v < 3; v++) {
          g[3 * u + v] = w[oc * s.o! + c * s.i! + u * s.h! + v * s.w!]! - zero;
          weightMax = Math.max(weightMax, Math.abs(g[3 * u + v]!));
        }
      }
      for (let i = 0; i < 4; i++) {
        // r = G'·g, row i; then U'[i][j] = Σ_v r[v]·G'[j][v].
        const r = [0, 1, 2].map((v) => G2[i]![0] * g[v]! + G2[i]![1] * g[3 + v]! + G2[i]![2] * g[6 + v]!);
        for (let j = 0; j < 4; j++) {
          const u = r[0]! * G2[j]![0] + r[1]! * G2[j]![1] + r[2]! * G2[j]![2];
          const group = 4 * i + j;
          weights[((group * blocks + block) * pairs + (c >> 1)) * 2 * QCONV_OC_BLOCK + lane + (c & 1)] = u;
        }
      }
    }
  }
  return { weights, slots, blocks, weightMax };
}

/**
 * Whether every output sum of a call is below 2²⁹ in magnitude, whatever the values: 9·C terms
 * of at most |x − xZero|·|w − wZero| each, for inputs of `type` with zero point `inputZeroPoint`.
 */
export function qWinogradExact(f: QFilterParams, filter: QWinogradFilter, type: QuantizedType, inputZeroPoint: number): boolean {
  const [low, high] = type === 'uint8' ? [0, 255] : [-128, 127];
  const inputMax = Math.max(inputZeroPoint - low, high - inputZeroPoint);
  return 9 * f.groupChannels * inputMax * filter.weightMax < 2 ** 29;
}

/**
 * Whether every call is exact, whatever its input's type and zero point (|x − xZero| ≤ 255):
 * then the direct kernel's filter is never needed and the layer does not pack it.
 */
export function qWinogradAlways(f: QFilterParams, filter: QWinogradFilter): boolean {
  return 9 * f.groupChannels * 255 * filter.weightMax < 2 ** 29;
}
