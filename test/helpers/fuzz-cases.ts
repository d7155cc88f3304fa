// Fuzz configurations drawn from a seed, the oracle that judges a backend's answer to them, and
// the bookkeeping of a fuzz run. Shared by test/fuzz.test.ts (bounded, in CI) and scripts/fuzz.ts
// (`npm run fuzz -- --minutes N`). No vitest import: the script runs outside vitest.
//
// What is checked, output by output (conv2d, conv1d, avgPool2d; max pooling, with indices too, and
// Lp pooling with p = 1 or 2 must be bit-exact):
//
// 1. The reference gives NaN → the backend gives NaN. Always: a NaN term (a NaN operand, or ±∞·0,
//    padding included) or +∞ and −∞ terms make every summation order NaN.
// 2. A term with a NaN or ±∞ operand, and the finite terms cannot overflow f32 (below) → the
//    backend gives exactly the reference's value: ±∞ with its sign, or the activation's limit
//    (relu(−∞) = 0, sigmoid(+∞) = 1, …, within 1e-6).
// 3. All terms finite and no f32 overflow possible → the tolerance (docs/architecture.md#tolerance), unchanged:
//    |y − ref| ≤ 1e-5 · slope · Σ|x·w| + 1e-6 with the sum over the output's terms (+|bias|) and
//    the activation's slope (test/helpers/expected.ts). Average pooling: Σ|x·w| is the mean of
//    |x| over the window (as test/helpers/pool-cases.ts), its overflow zone max|x| · window area.
// "f32 overflow possible" is the zone where the reference (f64 sums, one rounding) and an f32
// accumulator may legitimately part: headroom · Σ|x·w| (+|bias|) ≥ FLT_MAX / (1 + 1e-3), the sum
// taken over the finite terms. Below it no f32 product or partial sum can reach ±∞, whatever the
// order: each is at most Σ|x·w| plus rounding errors, which the tolerance's bound puts far below
// 0.1 % (headroom 1, see activationHeadroom). In the zone an f32 partial
// sum may overflow to ±∞ where the f64 sum stays finite, and ∞ − ∞ gives NaN; so there only rule 1
// holds, and rule 2 weakens to "the reference's ±∞ (or limit), or NaN". Those outputs are
// counted apart (overflowZone) so that a run shows how much it really compared.
//
// int8 (the int8 family, and the errors family's invalid int8 calls' follow-ups): qlinearConv2d,
// convInteger2d and qlinearConv1d give integers (int8/uint8, or int32 wrapping), bit for bit the
// reference's on every backend: the same shape, the same array type and length, every element
// equal. A mismatch names the first differing index, both values and how many differ. These
// outputs are counted apart (OutputClasses.integer) and never enter the worst error/bound ratio.
//
// Winograd's documented exception (README, algorithm option: errors follow the largest values of
// a 4×4 or 6×6 patch, NaN/∞ reach whole tiles, and its transforms grow intermediates) means value
// distributions with outliers, huge values or NaN/±∞ always run with `algorithm: 'direct'`;
// Winograd (forced or chosen by 'auto') only meets normal, zero and subnormal data, and huge
// operands of 2^120 rather than 2^126 beside subnormal ones (WINOGRAD_HUGE).
import {
  conv2dOutputShape,
  conv3dOutputShape,
  type Conv3dOptions,
  convertFilterLayout,
  convOutputSize,
  nchwToNhwc,
  pool2dOutputShape,
  reference,
  type Activation,
  type AvgPool2dOptions,
  type ConvAlgorithm,
  type Conv1dOptions,
  type Conv2dOptions,
  type ConvInteger2dOptions,
  type ConvTranspose2dOptions,
  type Engine,
  type FilterLayout,
  type FilterLayout1d,
  type Int32Tensor,
  type Layer,
  type LpPool2dOptions,
  type MaxPool2dWithIndicesOptions,
  type Padding,
  type Padding1d,
  type QLinearConv1dOptions,
  type QLinearConv2dOptions,
  type QuantizedConvLayer,
  type QuantizedTensor,
  type Tensor,
} from '../../src/index.js';
import { CONV2D, resolveConv, winogradApplies, with2dAxes } from '../../src/options/conv.js';
import { CONV_TRANSPOSE2D, resolveConvTranspose } from '../../src/options/conv-transpose.js';
import { activationSlope, randomConvCase } from './conv-cases.js';
import { rng } from './random.js';
import { engineName } from './engines.js';
import { randomWinogradCase } from './winograd-cases.js';
import { randomQConvCase, type QConvCase } from './qconv-cases.js';
import { indexedAsTensor } from './indexed-tensor.js';
import { WINOGRAD_MIN_INPUT_CHANNELS } from '../../src/engine/winograd-plan.js';

// ─── Vocabulary ──────────────────────────────────────────────────────────────────────────────

export const FAMILIES = [
  'ordinary',
  'kernel-larger-than-input',
  'stride-larger-than-kernel',
  'stride-larger-than-input-same',
  'errors',
  'one-by-one-input',
  'many-channels',
  'batch-16',
  'grouped-depthwise',
  'winograd',
  'conv1d',
  'pooling',
  'conv-transpose',
  'conv3d',
  'int8',
] as const;
export type Family = (typeof FAMILIES)[number];

/**
 * How often each family is drawn (percent; they sum to 100). int8's 7 came from the float
 * families (which summed to 105 before it): ordinary 14 → 12, one point each from
 * kernel-larger-than-input, stride-larger-than-kernel, stride-larger-than-input-same,
 * one-by-one-input, many-channels, batch-16, grouped-depthwise, winograd, conv1d and
 * conv-transpose; errors, pooling and conv3d kept theirs. Every family stays ≥ 5 %.
 */
export const FAMILY_WEIGHTS: Readonly<Record<Family, number>> = {
  ordinary: 12,
  'kernel-larger-than-input': 7,
  'stride-larger-than-kernel': 6,
  'stride-larger-than-input-same': 5,
  errors: 8,
  'one-by-one-input': 6,
  'many-channels': 5,
  'batch-16': 5,
  'grouped-depthwise': 6,
  winograd: 7,
  conv1d: 8,
  pooling: 8,
  'conv-transpose': 5,
  conv3d: 5,
  int8: 7,
};

export const VALUE_KINDS = ['normal', 'zeros', 'subnormal', 'subnormal-by-huge', 'huge', 'huge-products', 'outliers', 'nonfinite'] as const;
/**
 * - normal: uniform in [−1, 1), exact in f32.
 * - zeros: all ±0 in one operand, or half the entries ±0.
 * - subnormal: one operand subnormal (|v| < 2^−126), the other normal: products underflow.
 * - subnormal-by-huge: one operand subnormal, the other ~2^126: products of order 1, so a
 *   flush-to-zero anywhere would show.
 * - huge: one operand ~1e30–1e38, the other scaled so that sums land around FLT_MAX (2^122–2^129):
 *   some outputs overflow, some do not.
 * - huge-products: both operands ~2^64–2^127: most products overflow f32.
 * - outliers: normal, with ~3 % of one operand's entries 1e3–1e30 times larger.
 * - nonfinite: normal (or huge) with NaN / +∞ / −∞ sprinkled into the input, filter or bias.
 */
export type ValueKind = (typeof VALUE_KINDS)[number];

/** Percent weights of the value kinds for convolutions and pooling. */
export const VALUE_WEIGHTS: Readonly<Record<ValueKind, number>> = {
  normal: 34,
  zeros: 6,
  subnormal: 8,
  'subnormal-by-huge': 8,
  huge: 14,
  'huge-products': 4,
  outliers: 10,
  nonfinite: 16,
};
/**
 * What a case's values are: a float kind, or `bytes` for the int8 operations, whose operands
 * randomQConvCase draws (uniform 8-bit values with the type's ends weighted in, extreme zero
 * points and scales, biases up to ±2³¹: test/helpers/qconv-cases.ts); the float kinds do not
 * apply to them.
 */
export type CaseValues = ValueKind | 'bytes';

/** Kinds with which Winograd stays within the ordinary tolerance (see the header). */
const WINOGRAD_SAFE: readonly ValueKind[] = ['normal', 'zeros', 'subnormal', 'subnormal-by-huge'];

/**
 * How a backend is called: `call` = engine.conv2d / conv1d / maxPool2d / avgPool2d; `layer` =
 * engine.createConv2d(…).run(plain input); `layer-tensors` = run(engine tensor, engine tensor);
 * `layer-into-plain` = run(engine tensor, preallocated plain output). Outputs given to `run` are
 * filled with NaN first, so an output cell a kernel forgets to write shows.
 *
 * int8 operations (no engine tensors for int8: docs/int8.md): `call` = engine.qlinearConv2d /
 * convInteger2d / qlinearConv1d; `layer` = engine.createQLinearConv2d(…).run(input);
 * `layer-tensors` = the one-shot call into a preallocated output; `layer-into-plain` =
 * layer.run(input, preallocated output). A preallocated output holds the bitwise complement of
 * the reference's answer, so every element a kernel forgets to write differs.
 */
export const DELIVERIES = ['call', 'layer', 'layer-tensors', 'layer-into-plain'] as const;
export type Delivery = (typeof DELIVERIES)[number];
const DELIVERY_WEIGHTS: Readonly<Record<Delivery, number>> = { call: 45, layer: 20, 'layer-tensors': 25, 'layer-into-plain': 10 };

/** One operation with its operands. */
export type Op = FloatOp | QOp;

/** The int8 operations (ONNX QLinearConv and ConvInteger). */
export type QOp =
  | { readonly op: 'qlinearConv2d'; readonly input: QuantizedTensor; readonly filter: QuantizedTensor; readonly options: QLinearConv2dOptions }
  | { readonly op: 'qlinearConv1d'; readonly input: QuantizedTensor; readonly filter: QuantizedTensor; readonly options: QLinearConv1dOptions }
  | { readonly op: 'convInteger2d'; readonly input: QuantizedTensor; readonly filter: QuantizedTensor; readonly options: ConvInteger2dOptions };
const Q_OPS: readonly string[] = ['qlinearConv2d', 'qlinearConv1d', 'convInteger2d'];
export const isQuantized = (op: Op): op is QOp => Q_OPS.includes(op.op);

/** The float operations. */
export type FloatOp =
  | { readonly op: 'conv2d'; readonly input: Tensor; readonly filter: Tensor; readonly options: Conv2dOptions }
  | { readonly op: 'conv1d'; readonly input: Tensor; readonly filter: Tensor; readonly options: Conv1dOptions }
  | { readonly op: 'convTranspose2d'; readonly input: Tensor; readonly filter: Tensor; readonly options: ConvTranspose2dOptions }
  | { readonly op: 'conv3d'; readonly input: Tensor; readonly filter: Tensor; readonly options: Conv3dOptions }
  | { readonly op: 'maxPool2d'; readonly input: Tensor; readonly options: AvgPool2dOptions }
  | { readonly op: 'avgPool2d'; readonly input: Tensor; readonly options: AvgPool2dOptions }
  // No layers: every delivery is a call (with an engine tensor in, for the tensor deliveries).
  | { readonly op: 'lpPool2d'; readonly input: Tensor; readonly options: LpPool2dOptions }
  | { readonly op: 'maxPool2dWithIndices'; readonly input: Tensor; readonly options: MaxPool2dWithIndicesOptions };

export interface FuzzCase {
  readonly seed: number;
  readonly family: Family;
  readonly values: CaseValues;
  readonly delivery: Delivery;
  readonly call: Op;
  /**
   * The errors family: the call must be rejected (by the reference, and then by every backend
   * with the same error), and `next` is a valid call made right after it on the same engine
   * (on the same layer when `sameLayer`), which must give the right answer.
   */
  readonly expectError?: { readonly next: Op; readonly sameLayer: boolean; readonly what: string };
  readonly description: string;
}

// ─── Drawing ─────────────────────────────────────────────────────────────────────────────────

type Rand = () => number;
const int = (rand: Rand, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
function weighted<K extends string>(rand: Rand, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][];
  let u = rand() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [key, w] of entries) {
    if ((u -= w) < 0) return key;
  }
  return entries[entries.length - 1]![0];
}
const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Keeps each case cheap for the reference (which runs 2–3 convolutions per case). */
const MAX_MACS = 300_000;
const FILTER_LAYOUTS: readonly FilterLayout[] = ['oihw', 'hwio', 'ohwi', 'ihwo'];
const FILTER_LAYOUTS_1D: readonly FilterLayout1d[] = ['oiw', 'wio', 'owi', 'iwo'];
const ACTIVATIONS: readonly (Activation | undefined)[] = [
  undefined, undefined, undefined, 'relu', 'relu6', 'sigmoid', 'tanh', 'hardSwish',
  { type: 'clamp', min: -0.5, max: 0.75 }, { type: 'leakyRelu', alpha: 0.1 }, { type: 'leakyRelu' },
  'gelu', { type: 'gelu', approximate: 'tanh' }, 'silu', 'softplus', { type: 'elu', alpha: 0.7 }, { type: 'hardSigmoid', alpha: 0.3, beta: 0.4 },
];

function anyPadding(rand: Rand): Padding {
  return pick<Padding>(rand, [
    0, 1, 2, [int(rand, 0, 3), int(rand, 0, 3)], [int(rand, 0, 3), int(rand, 0, 3), int(rand, 0, 3), int(rand, 0, 3)],
    'same', 'same-lower', 'valid', 'full',
  ]);
}

/** Dense, grouped, depthwise (with a multiplier) or single-channel channel counts. */
function channels(rand: Rand, max: number): { inC: number; outC: number; groups: number } {
  const kind = pick(rand, ['dense', 'dense', 'grouped', 'depthwise', 'single'] as const);
  if (kind === 'single') return { inC: 1, outC: 1, groups: 1 };
  if (kind === 'depthwise') {
    const c = int(rand, 2, max);
    return { inC: c, outC: c * pick(rand, [1, 1, 2, 3]), groups: c };
  }
  if (kind === 'grouped') {
    const g = int(rand, 2, 6);
    const per = Math.max(1, Math.floor(max / g));
    return { inC: g * int(rand, 1, per), outC: g * int(rand, 1, per), groups: g };
  }
  return { inC: int(rand, 1, max), outC: int(rand, 1, max), groups: 1 };
}

// ─── Values ──────────────────────────────────────────────────────────────────────────────────

/** Uniform in [−1, 1), a multiple of 2^−23: exact in f32. */
const unit = (rand: Rand): number => Math.floor(rand() * 2 ** 24) / 2 ** 23 - 1;
/** A subnormal f32 (|v| < 2^−126), never 0. */
const subnormal = (rand: Rand): number => (rand() < 0.5 ? -1 : 1) * int(rand, 1, 2 ** 23 - 1) * 2 ** -149;
const signedZero = (rand: Rand): number => (rand() < 0.5 ? -0 : 0);

function fill(a: Float32Array | undefined, f: () => number): void {
  if (a !== undefined) for (let i = 0; i < a.length; i++) a[i] = f();
}

/**
 * The huge operand of `subnormal-by-huge` where Winograd may run: F(4×4)'s input transform grows
 * a value up to 49× (its Bᵀ rows sum to 7 in absolute value; F(2×2)'s to 2), so 2^126 would
 * overflow there while 2^120 · 49 stays below FLT_MAX. The products, ~2^−29 … 2^−6, still show a
 * flush-to-zero. README, `algorithm`, gives users the same limit.
 */
const WINOGRAD_HUGE = 2 ** 120;

/**
 * Fills the operands of one case with values of `kind` (in place). `terms` is the number of
 * products in each output's sum (C/G·kH·kW, or the pooling window's area), which `huge` uses to
 * aim its sums at FLT_MAX. `winograd`: the case may run Winograd (see WINOGRAD_HUGE).
 */
export function fillValues(kind: ValueKind, rand: Rand, terms: number, x: Float32Array, w?: Float32Array, b?: Float32Array, winograd = false): void {
  const swap = rand() < 0.5; // which operand gets the unusual values
  const [first, second] = w === undefined ? [x, undefined] : swap ? [w, x] : [x, w];
  switch (kind) {
    case 'normal':
      fill(x, () => unit(rand));
      fill(w, () => unit(rand));
      fill(b, () => unit(rand));
      return;
    case 'zeros':
      for (const a of [x, w, b]) {
        if (a === undefined) continue;
        const all = rand() < 0.3;
        fill(a, () => (all || rand() < 0.5 ? signedZero(rand) : unit(rand)));
      }
      return;
    case 'subnormal':
      fill(first, () => subnormal(rand));
      fill(second, () => unit(rand));
      fill(b, () => subnormal(rand));
      return;
    case 'subnormal-by-huge':
      fill(first, () => subnormal(rand));
      fill(second, () => unit(rand) * (winograd ? WINOGRAD_HUGE : 2 ** 126));
      fill(b, () => unit(rand));
      if (w === undefined) fill(x, () => (rand() < 0.5 ? subnormal(rand) : unit(rand) * 2 ** 126)); // pooling: both in one tensor
      return;
    case 'huge': {
      // Sums of `terms` products of |u·2^e1|·|u·2^e2| average terms·2^(e1+e2)/4: aim at 2^122…2^129.
      const target = 128 + int(rand, -6, 1);
      const e1 = int(rand, 100, 127);
      const e2 = Math.max(-126, Math.min(127, Math.round(target - Math.log2(Math.max(1, terms / 4)) - e1)));
      if (w === undefined) {
        const e = Math.max(-126, Math.min(127, Math.round(target + 1 - Math.log2(terms)))); // mean |x| is 2^(e−1)
        fill(x, () => unit(rand) * 2 ** e);
        return;
      }
      fill(first, () => unit(rand) * 2 ** e1);
      fill(second, () => unit(rand) * 2 ** e2);
      fill(b, () => unit(rand) * 2 ** Math.min(127, target - int(rand, 0, 4)));
      return;
    }
    case 'huge-products':
      fill(x, () => unit(rand) * 2 ** int(rand, 64, 127));
      fill(w, () => unit(rand) * 2 ** int(rand, 64, 127));
      fill(b, () => unit(rand) * 2 ** int(rand, 0, 127));
      return;
    case 'outliers': {
      fillValues('normal', rand, terms, x, w, b);
      const target = w === undefined || rand() < 0.7 ? x : w;
      for (let i = 0; i < target.length; i++) if (rand() < 0.03) target[i] = unit(rand) * 10 ** (3 + 27 * rand());
      return;
    }
    case 'nonfinite': {
      fillValues(rand() < 0.7 ? 'normal' : 'huge', rand, terms, x, w, b);
      const specials = pick(rand, [[NaN], [Infinity], [-Infinity], [Infinity, -Infinity], [NaN, Infinity, -Infinity]]);
      const targets = [x, w, b].filter((a): a is Float32Array => a !== undefined && rand() < (a === x ? 0.6 : 0.4));
      if (targets.length === 0) targets.push(w !== undefined && rand() < 0.4 ? w : x);
      for (const a of targets) {
        const p = pick(rand, [0.002, 0.01, 0.05]);
        for (let i = 0; i < a.length; i++) if (rand() < p) a[i] = pick(rand, specials);
        a[int(rand, 0, a.length - 1)] = pick(rand, specials); // at least one
      }
      return;
    }
  }
}

// ─── Convolutions ────────────────────────────────────────────────────────────────────────────

interface Geometry {
  readonly batch: number;
  readonly inC: number;
  readonly outC: number;
  readonly groups: number;
  readonly H: number;
  readonly W: number;
  readonly kH: number;
  readonly kW: number;
  readonly strides: [number, number];
  readonly dilations: [number, number];
  readonly padding: Padding;
}

const pair = (rand: Rand, lo: number, hi: number, square = 0.5): [number, number] => {
  const a = int(rand, lo, hi);
  return rand() < square ? [a, a] : [a, int(rand, lo, hi)];
};

/** Whether the geometry is a valid conv2d within MAX_MACS. */
function fits(g: Geometry): boolean {
  try {
    const out = conv2dOutputShape([g.batch, g.inC, g.H, g.W], [g.outC, g.inC / g.groups, g.kH, g.kW], {
      padding: g.padding, strides: g.strides, dilations: g.dilations, groups: g.groups,
    });
    return sizeOf(out) * (g.inC / g.groups) * g.kH * g.kW <= MAX_MACS;
  } catch {
    return false;
  }
}

/** Values with which a conv2d must not take Winograd (see the header). */
const directOnly = (values: ValueKind) => !WINOGRAD_SAFE.includes(values);

/**
 * A conv2d of geometry `g` (not validated: the errors family builds invalid ones): random
 * layouts, bias, activation, flip and algorithm, values of `kind`.
 */
function assembleConv2d(rand: Rand, g: Geometry, kind: ValueKind, algorithm?: ConvAlgorithm): Op & { op: 'conv2d' } {
  const inputLayout = rand() < 0.5 ? ('nchw' as const) : ('nhwc' as const);
  const filterLayout = pick(rand, FILTER_LAYOUTS);
  const activation = pick(rand, ACTIVATIONS);
  const withBias = rand() < 0.5;
  const flip = rand() < 0.2;
  const winograd = winogradApplies({ kernelHeight: g.kH, kernelWidth: g.kW, strides: g.strides, groups: g.groups });
  const algo: ConvAlgorithm =
    algorithm ?? (directOnly(kind) ? 'direct' : pick(rand, winograd ? ['auto', 'auto', 'direct', 'winograd'] : ['auto', 'auto', 'direct']));
  const x = new Float32Array(g.batch * g.inC * g.H * g.W);
  const w = new Float32Array(g.outC * (g.inC / g.groups) * g.kH * g.kW);
  const b = withBias ? new Float32Array(g.outC) : undefined;
  fillValues(kind, rand, (g.inC / g.groups) * g.kH * g.kW, x, w, b, winograd && algo !== 'direct');
  const input: Tensor = { data: x, shape: [g.batch, g.inC, g.H, g.W] };
  const filter: Tensor = { data: w, shape: [g.outC, g.inC / g.groups, g.kH, g.kW] };
  let options: Conv2dOptions = {
    padding: g.padding, strides: g.strides, dilations: g.dilations, groups: g.groups,
    inputLayout, filterLayout, flip, algorithm: algo,
    ...(b ? { bias: b } : {}),
    ...(activation ? { activation } : {}),
  };
  // A padding mode other than zeros, where the geometry allows it (reflect: pads below the size).
  if (rand() < 0.15) {
    const paddingMode = pick(rand, ['reflect', 'replicate', 'circular'] as const);
    try {
      resolveConv(CONV2D, [g.batch, g.inC, g.H, g.W], [g.outC, g.inC / g.groups, g.kH, g.kW], { ...options, inputLayout: 'nchw', filterLayout: 'oihw', paddingMode });
      options = { ...options, paddingMode };
    } catch {
      // the pads are too large for the mode, or the geometry is invalid (the errors family): zeros
    }
  }
  return {
    op: 'conv2d',
    input: inputLayout === 'nhwc' ? nchwToNhwc(input) : input,
    filter: convertFilterLayout(filter, 'oihw', filterLayout),
    options,
  };
}

/** Draws geometries until one fits, then assembles it. */
function conv2dFrom(rand: Rand, kind: ValueKind, draw: () => Geometry): Op {
  for (;;) {
    const g = draw();
    if (fits(g)) return assembleConv2d(rand, g, kind);
  }
}

function kernelLargerThanInput(rand: Rand): Geometry {
  const { inC, outC, groups } = channels(rand, 12);
  const [H, W] = [int(rand, 1, 6), int(rand, 1, 6)];
  const kH = int(rand, H + 1, H + 4);
  const kW = rand() < 0.6 ? int(rand, W + 1, W + 4) : int(rand, 1, W);
  const dilations: [number, number] = rand() < 0.7 ? [1, 1] : pair(rand, 1, 2);
  // Enough padding for the kernel to fit: a word, or explicit totals ≥ extent − size.
  const explicit = (size: number, k: number, d: number): [number, number] => {
    const total = Math.max(0, d * (k - 1) + 1 - size) + int(rand, 0, 2);
    const begin = int(rand, 0, total);
    return [begin, total - begin];
  };
  const padding: Padding =
    rand() < 0.5
      ? pick<Padding>(rand, ['same', 'same-lower', 'full'])
      : [...explicit(H, kH, dilations[0]), ...explicit(W, kW, dilations[1])];
  const strides: [number, number] = rand() < 0.6 ? [1, 1] : pair(rand, 1, 3);
  return { batch: int(rand, 1, 3), inC, outC, groups, H, W, kH, kW, strides, dilations, padding };
}

function strideLargerThanKernel(rand: Rand): Geometry {
  const { inC, outC, groups } = channels(rand, 32);
  const [kH, kW] = pair(rand, 1, 3);
  const dilations: [number, number] = rand() < 0.7 ? [1, 1] : pair(rand, 1, 2);
  // Stride beyond the dilated kernel's extent: some input cells are never read.
  const strides: [number, number] = [dilations[0] * (kH - 1) + 1 + int(rand, 1, 4), dilations[1] * (kW - 1) + 1 + int(rand, 1, 4)];
  return { batch: int(rand, 1, 3), inC, outC, groups, H: int(rand, 1, 40), W: int(rand, 1, 40), kH, kW, strides, dilations, padding: anyPadding(rand) };
}

function strideLargerThanInputSame(rand: Rand): Geometry {
  const { inC, outC, groups } = channels(rand, 32);
  const [H, W] = [int(rand, 1, 6), int(rand, 1, 6)];
  const [kH, kW] = pair(rand, 1, 5);
  const strides: [number, number] = [H + int(rand, 1, 6), W + int(rand, 1, 6)];
  const dilations: [number, number] = rand() < 0.6 ? [1, 1] : pair(rand, 1, 3);
  return { batch: int(rand, 1, 3), inC, outC, groups, H, W, kH, kW, strides, dilations, padding: pick<Padding>(rand, ['same', 'same-lower']) };
}

function oneByOneInput(rand: Rand): Geometry {
  const { inC, outC, groups } = channels(rand, 64);
  const u = rand();
  const [H, W] = u < 0.75 ? [1, 1] : u < 0.875 ? [1, int(rand, 2, 12)] : [int(rand, 2, 12), 1];
  const v = rand();
  const [kH, kW, padding]: [number, number, Padding] =
    v < 0.35 ? [1, 1, pick<Padding>(rand, [0, 'valid', 'same', 1])]
    : v < 0.7 ? [3, 3, pick<Padding>(rand, [1, 'same', 'same-lower', 'full'])]
    : [int(rand, 2, 5), int(rand, 2, 5), pick<Padding>(rand, ['same', 'same-lower', 'full'])];
  const strides: [number, number] = rand() < 0.7 ? [1, 1] : pair(rand, 1, 3);
  const dilations: [number, number] = rand() < 0.7 ? [1, 1] : pair(rand, 1, 3);
  return { batch: int(rand, 1, 4), inC, outC, groups, H, W, kH, kW, strides, dilations, padding };
}

/** 1000+ channels, the work kept bounded by 1×1 images, 1×1 kernels or a depthwise filter. */
function manyChannels(rand: Rand): Geometry {
  const wide = int(rand, 1000, 1100);
  const batch = int(rand, 1, 2);
  const layouts = { strides: [1, 1] as [number, number], dilations: [1, 1] as [number, number] };
  switch (pick(rand, ['1x1-image', 'pointwise', 'depthwise', 'many-outputs'] as const)) {
    case '1x1-image': {
      const k = pick(rand, [1, 3]);
      return { batch, inC: wide, outC: int(rand, 1, 24), groups: 1, H: 1, W: 1, kH: k, kW: k, padding: k === 3 ? pick<Padding>(rand, [1, 'same']) : 0, ...layouts };
    }
    case 'pointwise':
      return { batch, inC: wide, outC: int(rand, 1, 16), groups: 1, H: int(rand, 1, 4), W: int(rand, 1, 4), kH: 1, kW: 1, padding: 0, ...layouts };
    case 'depthwise':
      return { batch: 1, inC: wide, outC: wide, groups: wide, H: int(rand, 1, 5), W: int(rand, 1, 5), kH: 3, kW: 3, padding: pick<Padding>(rand, [1, 'same', 'same-lower']), ...layouts, strides: pair(rand, 1, 2) };
    case 'many-outputs': {
      const k = pick(rand, [1, 3]);
      return { batch, inC: int(rand, 1, 8), outC: wide, groups: 1, H: int(rand, 1, 4), W: int(rand, 1, 4), kH: k, kW: k, padding: k === 3 ? 1 : 0, ...layouts };
    }
  }
}

function batch16(rand: Rand): Geometry {
  const { inC, outC, groups } = channels(rand, 8);
  const [kH, kW] = pair(rand, 1, 3);
  return {
    batch: 16, inC, outC, groups, H: int(rand, 1, 10), W: int(rand, 1, 10), kH, kW,
    strides: rand() < 0.6 ? [1, 1] : pair(rand, 1, 2), dilations: rand() < 0.7 ? [1, 1] : pair(rand, 1, 2), padding: anyPadding(rand),
  };
}

function groupedDepthwise(rand: Rand): Geometry {
  let inC: number, outC: number, groups: number;
  if (rand() < 0.5) {
    groups = int(rand, 2, 8);
    inC = groups * int(rand, 1, 8);
    outC = groups * int(rand, 1, 8);
  } else {
    groups = inC = int(rand, 1, 48);
    outC = inC * int(rand, 1, 3);
  }
  const [kH, kW] = pair(rand, 1, 5);
  return {
    batch: int(rand, 1, 3), inC, outC, groups, H: int(rand, 1, 24), W: int(rand, 1, 24), kH, kW,
    strides: rand() < 0.5 ? [1, 1] : pair(rand, 1, 3), dilations: rand() < 0.7 ? [1, 1] : pair(rand, 1, 2), padding: anyPadding(rand),
  };
}

/** randomConvCase's or randomWinogradCase's configuration, refilled with values of `kind`. */
function refilled(rand: Rand, kind: ValueKind, c: { input: Tensor; filter: Tensor; options: Conv2dOptions }): Op {
  const bias = c.options.bias instanceof Float32Array ? c.options.bias : undefined;
  const terms = c.filter.data.length / filterOutChannels(c.filter, c.options.filterLayout ?? 'oihw');
  fillValues(kind, rand, terms, c.input.data, c.filter.data, bias, (c.options.algorithm ?? 'auto') !== 'direct');
  const options: Conv2dOptions = directOnly(kind) ? { ...c.options, algorithm: 'direct' } : c.options;
  return { op: 'conv2d', input: c.input, filter: c.filter, options };
}

const filterOutChannels = (filter: Tensor, layout: string): number => filter.shape[layout.indexOf('o')]!;

// ─── convTranspose2d ─────────────────────────────────────────────────────────────────────────

const TRANSPOSE_LAYOUTS = ['iohw', 'hwoi', 'ohwi'] as const;

/** Products per output of a transposed convolution, at most: one group's inputs times the taps. */
function transposeTerms(op: { readonly input: Tensor; readonly filter: Tensor; readonly options: ConvTranspose2dOptions }): number {
  const layout = op.options.filterLayout ?? 'iohw';
  const f = op.filter.shape;
  const channels = op.input.shape[op.options.inputLayout === 'nhwc' ? 3 : 1]!;
  return (channels / (op.options.groups ?? 1)) * f[layout.indexOf('h')]! * f[layout.indexOf('w')]!;
}

/**
 * A transposed convolution: any layouts, groups, strides (beyond the kernel too), dilations,
 * padding forms, output padding or sizes, bias and activation; Winograd may run on its phases,
 * so the value kinds it is not held to the tolerance on get fewer channels than it needs. Its filter and bias stay finite
 * (a non-finite weight over a phase convolution's padding gives NaN where the scatter definition
 * has no product: docs/kernels.md, "Transposed convolution"); the input takes every value kind.
 */
function randomConvTranspose(rand: Rand, kind: ValueKind): Op {
  for (;;) {
    // A phase convolution may run Winograd (a 3×3 phase, or a 2-tap one widened to 3×3) from 8
    // input channels (WINOGRAD_MIN_INPUT_CHANNELS): the kinds it is not held to run below that.
    const { inC, outC, groups } = channels(rand, WINOGRAD_SAFE.includes(kind) ? 16 : WINOGRAD_MIN_INPUT_CHANNELS.nhwc - 1);
    const batch = pick(rand, [1, 1, 2, 3]);
    const [H, W] = [rand() < 0.2 ? 1 : int(rand, 1, 12), int(rand, 1, 12)];
    const k = [int(rand, 1, 5), int(rand, 1, 5)];
    const s = [int(rand, 1, 4), int(rand, 1, 4)];
    const d = rand() < 0.7 ? [1, 1] : [int(rand, 1, 3), int(rand, 1, 3)];
    const padding = pick<ConvTranspose2dOptions['padding']>(rand, [0, 1, [int(rand, 0, 3), int(rand, 0, 3)], [int(rand, 0, 3), int(rand, 0, 3), int(rand, 0, 3), int(rand, 0, 3)], 'same', 'same-lower', 'valid']);
    const outputPadding = [int(rand, 0, Math.max(s[0]!, d[0]!) - 1), int(rand, 0, Math.max(s[1]!, d[1]!) - 1)] as [number, number];
    const nhwc = rand() < 0.5;
    const layout = pick(rand, TRANSPOSE_LAYOUTS);
    const mg = outC / groups;
    const dims: Record<string, number> = { i: inC, o: mg, h: k[0]!, w: k[1]! };
    const b = rand() < 0.5 ? new Float32Array(outC) : undefined;
    const activation = pick(rand, ACTIVATIONS);
    const options: ConvTranspose2dOptions = {
      strides: s as [number, number],
      dilations: d as [number, number],
      padding,
      ...(rand() < 0.8 ? { outputPadding } : {}),
      groups,
      inputLayout: nhwc ? 'nhwc' : 'nchw',
      filterLayout: layout,
      ...(b ? { bias: b } : {}),
      ...(activation ? { activation } : {}),
    };
    const input = { data: new Float32Array(batch * inC * H * W), shape: nhwc ? [batch, H, W, inC] : [batch, inC, H, W] };
    const filter = { data: new Float32Array(inC * mg * k[0]! * k[1]!), shape: [...layout].map((l) => dims[l]!) };
    let shape: number[];
    try {
      shape = transposeShapeOf(input, filter, options);
    } catch {
      continue; // the padding crops the whole output: draw again
    }
    if (sizeOf(shape) * transposeTerms({ input, filter, options }) > MAX_MACS) continue;
    fillValues(kind, rand, transposeTerms({ input, filter, options }), input.data, filter.data, b, groups === 1 && inC >= WINOGRAD_MIN_INPUT_CHANNELS.nhwc);
    for (const a of [filter.data, b]) if (a) for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) a[i] = unit(rand);
    return { op: 'convTranspose2d', input, filter, options };
  }
}

/** The output's NCHW shape; throws where the options do not resolve. */
function transposeShapeOf(input: Tensor, filter: Tensor, options: ConvTranspose2dOptions): number[] {
  const p = resolveConvTranspose(CONV_TRANSPOSE2D, input.shape, filter.shape, options);
  return [p.batch, p.outChannels, p.outHeight, p.outWidth];
}

// ─── conv3d ──────────────────────────────────────────────────────────────────────────────────

/**
 * A conv3d: any layouts, groups, strides, dilations, padding forms and modes, bias and
 * activation; values of every kind (Winograd may run on its folded 2-D layer, so the kinds it is
 * not held to the tolerance on run with a kernel other than 3×3 in height and width).
 */
function randomConv3d(rand: Rand, kind: ValueKind): Op {
  for (;;) {
    const { inC, outC, groups } = channels(rand, 8);
    const size = [int(rand, 1, 6), int(rand, 1, 7), int(rand, 1, 7)];
    const k = [int(rand, 1, 3), int(rand, 1, 3), int(rand, 1, 3)];
    if (!WINOGRAD_SAFE.includes(kind) && k[1] === 3 && k[2] === 3) k[2] = 2;
    const ndhwc = rand() < 0.5;
    const dhwio = rand() < 0.5;
    const b = rand() < 0.5 ? new Float32Array(outC) : undefined;
    const activation = pick(rand, ACTIVATIONS);
    const options: Conv3dOptions = {
      padding: pick<Conv3dOptions['padding']>(rand, [0, 1, 'same', [int(rand, 0, 2), int(rand, 0, 2), int(rand, 0, 2)], [int(rand, 0, 2), int(rand, 0, 2), int(rand, 0, 2), int(rand, 0, 2), int(rand, 0, 2), int(rand, 0, 2)]]),
      paddingMode: pick(rand, ['zeros', 'zeros', 'zeros', 'reflect', 'replicate', 'circular'] as const),
      strides: [int(rand, 1, 2), int(rand, 1, 2), int(rand, 1, 2)],
      dilations: [int(rand, 1, 2), 1, int(rand, 1, 2)],
      groups,
      inputLayout: ndhwc ? 'ndhwc' : 'ncdhw',
      filterLayout: dhwio ? 'dhwio' : 'oidhw',
      ...(b ? { bias: b } : {}),
      ...(activation ? { activation } : {}),
    };
    const batch = int(rand, 1, 2);
    const input = { data: new Float32Array(batch * inC * size[0]! * size[1]! * size[2]!), shape: ndhwc ? [batch, ...size, inC] : [batch, inC, ...size] };
    const filter = { data: new Float32Array(outC * (inC / groups) * k[0]! * k[1]! * k[2]!), shape: dhwio ? [k[0]!, k[1]!, k[2]!, inC / groups, outC] : [outC, inC / groups, k[0]!, k[1]!, k[2]!] };
    let shape: number[];
    try {
      shape = conv3dOutputShape(input.shape, filter.shape, options);
    } catch {
      continue; // the kernel does not fit, or a pad is too large for its mode
    }
    const terms = (inC / groups) * k[0]! * k[1]! * k[2]!;
    if (sizeOf(shape) * terms > MAX_MACS) continue;
    fillValues(kind, rand, terms, input.data, filter.data, b, k[1] === 3 && k[2] === 3);
    return { op: 'conv3d', input, filter, options };
  }
}

// ─── conv1d ──────────────────────────────────────────────────────────────────────────────────

/** A conv1d from NCW / OIW data, in the layouts asked for. */
function conv1dOp(x: Tensor, w: Tensor, options: Conv1dOptions): Op & { op: 'conv1d' } {
  const [n, c, l] = x.shape as [number, number, number];
  const input = options.inputLayout === 'nwc' ? { data: nchwToNhwc({ data: x.data, shape: [n, c, 1, l] }).data, shape: [n, l, c] } : x;
  const layout = options.filterLayout ?? 'oiw';
  const [o, i, k] = w.shape as [number, number, number];
  const layout2d = with2dAxes(layout) as FilterLayout;
  const w2 = convertFilterLayout({ data: w.data, shape: [o, i, 1, k] }, 'oihw', layout2d);
  const filter = { data: w2.data, shape: w2.shape.filter((_, a) => a !== layout2d.indexOf('h')) };
  return { op: 'conv1d', input, filter, options };
}

function randomConv1d(rand: Rand, kind: ValueKind): Op {
  for (;;) {
    const batch = pick(rand, [1, 1, 2, 3, 16]);
    const { inC, outC, groups } = channels(rand, 24);
    const length = rand() < 0.2 ? int(rand, 1, 4) : int(rand, 1, 200);
    const k = int(rand, 1, 9);
    const stride = rand() < 0.5 ? 1 : int(rand, 1, 5);
    const dilation = rand() < 0.6 ? 1 : int(rand, 1, 3);
    const padding = pick<Padding1d>(rand, [0, int(rand, 0, 3), [int(rand, 0, 3), int(rand, 0, 3)], 'same', 'same-lower', 'valid', 'full']);
    let out: number;
    try {
      out = convOutputSize(length, k, { strides: stride, dilations: dilation, padding });
    } catch {
      continue;
    }
    if (batch * outC * out * (inC / groups) * k > MAX_MACS) continue;
    const x = new Float32Array(batch * inC * length);
    const w = new Float32Array(outC * (inC / groups) * k);
    const b = rand() < 0.5 ? new Float32Array(outC) : undefined;
    fillValues(kind, rand, (inC / groups) * k, x, w, b);
    const activation = pick(rand, ACTIVATIONS);
    const options: Conv1dOptions = {
      padding, strides: stride, dilations: [dilation], groups,
      inputLayout: rand() < 0.5 ? 'ncw' : 'nwc', filterLayout: pick(rand, FILTER_LAYOUTS_1D), flip: rand() < 0.2,
      ...(b ? { bias: b } : {}),
      ...(activation ? { activation } : {}),
    };
    return conv1dOp({ data: x, shape: [batch, inC, length] }, { data: w, shape: [outC, inC / groups, k] }, options);
  }
}

// ─── Pooling ─────────────────────────────────────────────────────────────────────────────────

function poolOp(rand: Rand, kind: ValueKind): Op {
  for (;;) {
    const op = pick(rand, ['maxPool2d', 'maxPool2d', 'avgPool2d', 'avgPool2d', 'lpPool2d', 'maxPool2dWithIndices'] as const);
    const shape = pick(rand, ['ordinary', 'ordinary', 'global', 'window-larger', 'one-by-one', 'many-channels', 'batch-16', 'stride-larger'] as const);
    let batch = int(rand, 1, 3);
    let C = int(rand, 1, 16);
    let [H, W] = [int(rand, 1, 24), int(rand, 1, 24)];
    let window: [number, number] | undefined = pair(rand, 1, 5);
    let strides: [number, number] = rand() < 0.4 ? [1, 1] : pair(rand, 1, 4);
    let padding: Padding = anyPadding(rand);
    if (shape === 'global') window = undefined;
    if (shape === 'window-larger') {
      [H, W] = [int(rand, 1, 5), int(rand, 1, 5)];
      window = [H + int(rand, 1, 3), W + int(rand, 0, 3)];
      padding = pick<Padding>(rand, ['same', 'same-lower', 'full', [window[0] - H, 0, Math.max(0, window[1] - W), 1]]);
    }
    if (shape === 'one-by-one') [H, W] = rand() < 0.7 ? [1, 1] : [1, int(rand, 2, 9)];
    if (shape === 'many-channels') [C, H, W] = [int(rand, 1000, 1100), int(rand, 1, 4), int(rand, 1, 4)];
    if (shape === 'batch-16') [batch, H, W] = [16, int(rand, 1, 12), int(rand, 1, 12)];
    if (shape === 'stride-larger' && window) strides = [window[0] + int(rand, 1, 4), window[1] + int(rand, 1, 4)];
    const inputLayout = rand() < 0.5 ? ('nchw' as const) : ('nhwc' as const);
    const options: AvgPool2dOptions = {
      ...(window ? { windowDimensions: window, strides, padding, dilations: rand() < 0.7 ? 1 : pair(rand, 1, 2) } : {}),
      inputLayout,
      roundingType: rand() < 0.7 ? 'floor' : 'ceil',
      ...(op === 'avgPool2d' ? { countIncludePad: rand() < 0.5 } : {}),
    };
    const extra =
      op === 'lpPool2d' ? { p: pick(rand, [1, 2]) }
      : op === 'maxPool2dWithIndices' ? { indices: pick(rand, ['plane', 'tensor'] as const), storageOrder: pick(rand, ['row', 'column'] as const) }
      : {};
    const xShape = inputLayout === 'nchw' ? [batch, C, H, W] : [batch, H, W, C];
    let out: number[];
    try {
      out = pool2dOutputShape(xShape, options);
    } catch {
      continue; // the window does not fit, or one would pool padding only: draw again
    }
    if (sizeOf(out) * (window ? window[0] * window[1] : H * W) > MAX_MACS) continue;
    const x = new Float32Array(sizeOf(xShape));
    fillValues(kind, rand, window ? window[0] * window[1] : H * W, x);
    return { op, input: { data: x, shape: xShape }, options: { ...options, ...extra } } as Op;
  }
}

// ─── int8 ────────────────────────────────────────────────────────────────────────────────────

/**
 * The int8 operations' cost cap, in multiply-adds (batch · output pixels · output channels · taps,
 * bounded above by ignoring strides): the reference and the js engine run one convolution each,
 * in integers, so a little more than MAX_MACS.
 */
const Q_MAX_MACS = 1_000_000;

/**
 * Which layers an int8 case draws, beyond randomQConvCase's own mix: the two NCHW kernels with
 * pixels in the lanes (depthwise, and 1×1, each at horizontal stride 1: docs/int8.md), and
 * weights the relaxed dot kernel accepts (w − wZero fits an int8; the relaxed builds use that
 * kernel where the instruction is exact and fast here, the others never).
 */
const INT8_SHAPES = { any: 45, 'nchw-depthwise': 15, 'nchw-1x1': 15, 'dot-weights': 25 } as const;
type Int8Shape = keyof typeof INT8_SHAPES;

/** An upper bound of a case's multiply-adds: every input pixel times the filter's size per input channel. */
function qconvMacs(c: QConvCase): number {
  const layout = String((c.integerOptions as { inputLayout: string }).inputLayout);
  const inChannels = c.input.shape[layout.indexOf('c')]!;
  return (c.input.data.length / inChannels) * c.filter.data.length;
}

function quantizedOp(op: QOp['op'], c: QConvCase): QOp {
  switch (op) {
    case 'qlinearConv2d': return { op, input: c.input, filter: c.filter, options: c.options };
    case 'qlinearConv1d': return { op, input: c.input, filter: c.filter, options: c.options as unknown as QLinearConv1dOptions };
    case 'convInteger2d': return { op, input: c.input, filter: c.filter, options: c.integerOptions as ConvInteger2dOptions };
  }
}

/**
 * An int8 case: qlinearConv2d (most), convInteger2d or qlinearConv1d, from randomQConvCase (every
 * layout, groups and depthwise with multipliers, strides, dilations, paddings, per-channel zero
 * points and scales at their extremes, int32 biases up to ±2³¹, the fused activations), in one of
 * INT8_SHAPES, up to 40 per side in a third of the cases, batches up to 4 in a fifth.
 */
function randomInt8(rand: Rand): { call: QOp; shape: Int8Shape } {
  const op = weighted(rand, { qlinearConv2d: 65, convInteger2d: 20, qlinearConv1d: 15 } as const);
  const shape = weighted(rand, INT8_SHAPES);
  const maxSide = rand() < 1 / 3 ? 40 : 12;
  const maxBatch = rand() < 0.2 ? 4 : 2;
  const kernel =
    shape === 'nchw-depthwise' ? { depthwise: true, nchw: true, unitStride: true }
    : shape === 'nchw-1x1' ? { pointwise: true, nchw: true, unitStride: true }
    : shape === 'dot-weights' ? { dotWeights: true }
    : {};
  for (;;) {
    const c = randomQConvCase(rand, { maxSide, maxBatch, oneD: op === 'qlinearConv1d', ...kernel });
    if (qconvMacs(c) <= Q_MAX_MACS) return { call: quantizedOp(op, c), shape };
  }
}

/** The same bytes as the other 8-bit type: a valid input where a zero point fits only that type. */
const otherType = (t: QuantizedTensor): QuantizedTensor => ({
  data: t.data instanceof Int8Array ? new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.length) : new Int8Array(t.data.buffer, t.data.byteOffset, t.data.length),
  shape: t.shape,
});
const rangeOf = (signed: boolean): [number, number] => (signed ? [-128, 127] : [0, 255]);

/**
 * An invalid int8 call and a valid one after it: a zero point out of its type's range, a
 * filterScale array of the wrong length, a bias that is not an Int32Array (floats). The input's
 * and output's zero points are drawn within [−128, 255] (the other 8-bit type's range): a layer,
 * made before it sees an input, checks them against either type (src/quant/qconv-options.ts,
 * checkQLayerOptions), so a value outside both would get the layer's own wording, not the
 * reference's. An input zero point that fits only the other type is rejected when the layer
 * runs, and the same layer must then run that input as the other type.
 */
function int8ErrorCase(rand: Rand): { call: QOp; next: QOp; sameLayer: boolean; what: string } {
  const c = randomQConvCase(rand, { maxSide: 8 });
  const op = pick(rand, ['qlinearConv2d', 'qlinearConv2d', 'convInteger2d', 'qlinearConv1d'] as const);
  const valid = quantizedOp(op, op === 'qlinearConv1d' ? randomQConvCase(rand, { maxSide: 8, oneD: true }) : c);
  const o = valid.options as Record<string, unknown>;
  const outChannels = valid.filter.shape[String(o.filterLayout).indexOf('o')]!;
  const kinds = op === 'convInteger2d' ? (['input zero point', 'filter zero point'] as const) : (['input zero point', 'filter zero point', 'output zero point', 'filterScale length', 'float bias'] as const);
  const kind = pick(rand, kinds);
  const broken = (options: Record<string, unknown>): QOp => ({ ...valid, options } as QOp);
  /** An integer outside [low, high] for a type of range [low, high]; `within` keeps it in [−128, 255]. */
  const outside = (signed: boolean, within: boolean): number => {
    const [low, high] = rangeOf(signed);
    if (within) return signed ? int(rand, 128, 255) : int(rand, -128, -1);
    return rand() < 0.5 ? low - int(rand, 1, 300) : high + int(rand, 1, 300);
  };
  switch (kind) {
    case 'input zero point': {
      const zero = outside(valid.input.data instanceof Int8Array, true);
      const call = broken({ ...o, inputZeroPoint: zero });
      return { call, next: { ...call, input: otherType(valid.input) } as QOp, sameLayer: true, what: `int8 ${kind}` };
    }
    case 'filter zero point': {
      const zero = outside(valid.filter.data instanceof Int8Array, rand() < 0.5);
      const perChannel = rand() < 0.5;
      let filterZeroPoint: number | number[] = zero;
      if (perChannel) {
        const [low, high] = rangeOf(valid.filter.data instanceof Int8Array);
        filterZeroPoint = Array.from({ length: outChannels }, () => int(rand, low, high));
        filterZeroPoint[int(rand, 0, outChannels - 1)] = zero;
      }
      return { call: broken({ ...o, filterZeroPoint }), next: valid, sameLayer: false, what: `int8 ${kind}` };
    }
    case 'output zero point': {
      const zero = outside(o.outputType === 'int8', true);
      return { call: broken({ ...o, outputZeroPoint: zero }), next: valid, sameLayer: false, what: `int8 ${kind}` };
    }
    case 'filterScale length': {
      const length = rand() < 0.5 ? int(rand, 1, outChannels + 3) : outChannels + 1;
      const scales = Float32Array.from({ length: length === outChannels ? outChannels + 1 : length }, () => 0.001 + rand() * 0.05);
      return { call: broken({ ...o, filterScale: scales }), next: valid, sameLayer: false, what: `int8 ${kind}` };
    }
    case 'float bias': {
      const values = Array.from({ length: outChannels }, () => int(rand, -1000, 1000) + pick(rand, [0, 0.5, 0.25]));
      const bias = rand() < 0.5 ? Float32Array.from(values) : values;
      return { call: broken({ ...o, bias }), next: valid, sameLayer: false, what: `int8 ${kind}` };
    }
  }
}

// ─── Errors ──────────────────────────────────────────────────────────────────────────────────

/** Smallest dilation (plus a random extra) whose extent d·(k−1)+1 exceeds size + padding. */
const tooWide = (rand: Rand, size: number, k: number, pads: number) => Math.ceil((size + pads) / (k - 1)) + int(rand, 0, 2);

/**
 * An invalid call and a valid one to make right after it. Dilations that make the kernel (or
 * pooling window) exceed the padded input, in conv2d, conv1d and pooling; a pooling window of
 * padding only; `algorithm: 'winograd'` on a convolution it does not apply to; invalid int8
 * options (int8ErrorCase).
 */
function errorCase(rand: Rand, kind: ValueKind): { call: Op; next: Op; sameLayer: boolean; what: string; values: CaseValues } {
  const what = weighted(rand, { 'conv2d dilation': 45, 'conv1d dilation': 15, 'pool dilation': 15, 'pool window of padding only': 10, 'winograd where it does not apply': 15, 'int8 options': 15 });
  if (what === 'int8 options') return { ...int8ErrorCase(rand), values: 'bytes' };
  const [pb, pe, pl, pr] = [int(rand, 0, 2), int(rand, 0, 2), int(rand, 0, 2), int(rand, 0, 2)];
  if (what === 'conv2d dilation') {
    const { inC, outC, groups } = channels(rand, 8);
    const [H, W] = [int(rand, 1, 12), int(rand, 1, 12)];
    const [kH, kW] = pair(rand, 2, 5);
    const axis = pick(rand, ['height', 'width', 'both'] as const);
    const dilations: [number, number] = [axis === 'width' ? 1 : tooWide(rand, H, kH, pb + pe), axis === 'height' ? 1 : tooWide(rand, W, kW, pl + pr)];
    const padding: Padding = pick<Padding>(rand, [[pb, pe, pl, pr], 'valid']);
    const real = padding === 'valid' ? [0, 0, 0, 0] : [pb, pe, pl, pr];
    // Keep the other axis valid: the input grows there if the kernel would not fit either.
    const g: Geometry = {
      batch: int(rand, 1, 2), inC, outC, groups, kH, kW, dilations, padding, strides: pair(rand, 1, 2),
      H: axis === 'width' ? Math.max(H, kH - real[0]! - real[1]!) : H,
      W: axis === 'height' ? Math.max(W, kW - real[2]! - real[3]!) : W,
    };
    const call = assembleConv2d(rand, g, kind, 'auto');
    // The same filter and options on an input large enough: valid, on the same layer.
    const bigger = { ...g, H: Math.max(g.H, dilations[0] * (kH - 1) + 1), W: Math.max(g.W, dilations[1] * (kW - 1) + 1) };
    const x = new Float32Array(bigger.batch * inC * bigger.H * bigger.W);
    fillValues('normal', rand, 1, x);
    const nchw = { data: x, shape: [bigger.batch, inC, bigger.H, bigger.W] };
    const next: Op = { ...call, input: call.options.inputLayout === 'nhwc' ? nchwToNhwc(nchw) : nchw };
    return { call, next, sameLayer: true, what, values: kind };
  }
  if (what === 'conv1d dilation') {
    const { inC, outC, groups } = channels(rand, 8);
    const [L, k] = [int(rand, 1, 12), int(rand, 2, 5)];
    const d = tooWide(rand, L, k, pb + pe);
    const options: Conv1dOptions = { padding: [pb, pe], dilations: d, groups, inputLayout: rand() < 0.5 ? 'ncw' : 'nwc', filterLayout: pick(rand, FILTER_LAYOUTS_1D) };
    const w = new Float32Array(outC * (inC / groups) * k);
    const batch = int(rand, 1, 2);
    const x = new Float32Array(batch * inC * L);
    const big = new Float32Array(batch * inC * d * (k - 1) + batch * inC);
    fillValues(kind, rand, (inC / groups) * k, x, w);
    fillValues('normal', rand, 1, big);
    const filter = { data: w, shape: [outC, inC / groups, k] };
    const call = conv1dOp({ data: x, shape: [batch, inC, L] }, filter, options);
    const next = conv1dOp({ data: big, shape: [batch, inC, d * (k - 1) + 1] }, filter, options);
    return { call, next: { ...next, filter: call.filter, options: call.options }, sameLayer: true, what, values: kind };
  }
  const op = rand() < 0.5 ? ('maxPool2d' as const) : ('avgPool2d' as const);
  const inputLayout = rand() < 0.5 ? ('nchw' as const) : ('nhwc' as const);
  const [batch, C, H, W] = [int(rand, 1, 2), int(rand, 1, 8), int(rand, 1, 10), int(rand, 1, 10)];
  const tensorOf = (h: number, w: number): Tensor => {
    const data = new Float32Array(batch * C * h * w);
    fillValues(kind, rand, 1, data);
    return { data, shape: inputLayout === 'nchw' ? [batch, C, h, w] : [batch, h, w, C] };
  };
  const extra = op === 'avgPool2d' ? { countIncludePad: rand() < 0.5 } : {};
  if (what === 'pool dilation') {
    const window = pair(rand, 2, 4);
    const dilations: [number, number] = [tooWide(rand, H, window[0], pb + pe), 1];
    const options: AvgPool2dOptions = { windowDimensions: window, dilations, padding: [pb, pe, 0, 0], inputLayout, ...extra };
    const call: Op = { op, input: tensorOf(H, Math.max(W, window[1])), options };
    const next: Op = { op, input: tensorOf(dilations[0] * (window[0] - 1) + 1, Math.max(W, window[1])), options };
    return { call, next, sameLayer: true, what, values: kind };
  }
  if (what === 'pool window of padding only') {
    // The first window lies wholly in the top padding: padding ≥ the window's extent.
    const [k, d] = [int(rand, 1, 3), int(rand, 1, 2)];
    const extent = d * (k - 1) + 1;
    const options: AvgPool2dOptions = { windowDimensions: [k, 1], dilations: [d, 1], padding: [extent + int(rand, 0, 2), 0, 0, 0], inputLayout, ...extra };
    const next: Op = { op, input: tensorOf(H, W), options: { inputLayout, ...extra } }; // global pooling
    return { call: { op, input: tensorOf(H, W), options }, next, sameLayer: false, what, values: kind };
  }
  // algorithm: 'winograd' on a conv that is not dense 3×3 at stride 1.
  const g: Geometry = {
    batch: 1, inC: 4, outC: 4, groups: 1, H: int(rand, 5, 10), W: int(rand, 5, 10), kH: 3, kW: 3,
    strides: [1, 1], dilations: [1, 1], padding: pick<Padding>(rand, [1, 'same', 0]),
  };
  const broken: Geometry = pick(rand, [
    { ...g, strides: [1, 2] as [number, number] },
    { ...g, kW: pick(rand, [1, 2, 5]) },
    { ...g, groups: 2, outC: 2 * int(rand, 1, 3) },
    { ...g, groups: 4 },
  ]);
  const values = WINOGRAD_SAFE.includes(kind) ? kind : 'normal';
  const call = assembleConv2d(rand, broken, values, 'winograd');
  return { call, next: { ...call, options: { ...call.options, algorithm: 'auto' } }, sameLayer: false, what, values };
}

// ─── A case from a seed ──────────────────────────────────────────────────────────────────────

/** The configuration of fuzz case `seed`: the same on every machine and every run. */
export function fuzzCase(seed: number): FuzzCase {
  const rand = rng(seed);
  const family = weighted(rand, FAMILY_WEIGHTS);
  const delivery = weighted(rand, DELIVERY_WEIGHTS);
  let values: CaseValues = weighted(rand, VALUE_WEIGHTS);
  const subSeed = Math.floor(rand() * 2 ** 32);
  let call: Op;
  let expectError: FuzzCase['expectError'];
  let detail = '';
  switch (family) {
    case 'ordinary':
      call = refilled(rand, values, randomConvCase(subSeed));
      break;
    case 'winograd':
      if (!WINOGRAD_SAFE.includes(values)) values = pick(rand, WINOGRAD_SAFE);
      call = refilled(rand, values, randomWinogradCase(subSeed, 'winograd'));
      break;
    case 'kernel-larger-than-input':
      call = conv2dFrom(rand, values, () => kernelLargerThanInput(rand));
      break;
    case 'stride-larger-than-kernel':
      call = conv2dFrom(rand, values, () => strideLargerThanKernel(rand));
      break;
    case 'stride-larger-than-input-same':
      call = conv2dFrom(rand, values, () => strideLargerThanInputSame(rand));
      break;
    case 'one-by-one-input':
      call = conv2dFrom(rand, values, () => oneByOneInput(rand));
      break;
    case 'many-channels':
      call = conv2dFrom(rand, values, () => manyChannels(rand));
      break;
    case 'batch-16':
      call = conv2dFrom(rand, values, () => batch16(rand));
      break;
    case 'grouped-depthwise':
      call = conv2dFrom(rand, values, () => groupedDepthwise(rand));
      break;
    case 'conv1d':
      call = randomConv1d(rand, values);
      break;
    case 'pooling':
      call = poolOp(rand, values);
      break;
    case 'conv-transpose':
      call = randomConvTranspose(rand, values);
      break;
    case 'conv3d':
      call = randomConv3d(rand, values);
      break;
    case 'int8': {
      const q = randomInt8(rand);
      call = q.call;
      values = 'bytes';
      detail = ` (${q.shape})`;
      break;
    }
    case 'errors': {
      const e = errorCase(rand, values as ValueKind);
      call = e.call;
      values = e.values;
      expectError = { next: e.next, sameLayer: e.sameLayer, what: e.what };
      break;
    }
  }
  const label = `seed ${seed} [${family}${expectError ? ` (${expectError.what})` : detail} · ${values} · ${delivery}]`;
  return { seed, family, values, delivery, call, ...(expectError ? { expectError } : {}), description: `${label} ${describeOp(call)}` };
}

/** `conv2d x[…] w[…] {options}`, the bias shown by its length; int8: the operands' types, typed arrays in options by type and length. */
export function describeOp(op: Op): string {
  if (isQuantized(op)) {
    const type = (t: QuantizedTensor) => (t.data instanceof Int8Array ? 'int8' : 'uint8');
    const shown = JSON.stringify(op.options, (_key, value: unknown) => (ArrayBuffer.isView(value) && !(value instanceof DataView) ? `${value.constructor.name}(${(value as Float32Array).length})` : value));
    return `${op.op} ${type(op.input)} x${JSON.stringify(op.input.shape)} ${type(op.filter)} w${JSON.stringify(op.filter.shape)} ${shown}`;
  }
  const bias = 'bias' in op.options && op.options.bias !== undefined ? op.options.bias : undefined;
  const shown = JSON.stringify({ ...op.options, bias: bias ? `[${bias instanceof Float32Array ? bias.length : bias.shape.join(', ')}]` : undefined });
  return `${op.op} x${JSON.stringify(op.input.shape)}${'filter' in op ? ` w${JSON.stringify(op.filter.shape)}` : ''} ${shown}`;
}

// ─── The oracle ──────────────────────────────────────────────────────────────────────────────

const F32_MAX = 3.4028234663852886e38;
/** Σ|x·w| from which an f32 product or partial sum may overflow (see the header). */
const OVERFLOW_LIMIT = F32_MAX / (1 + 1e-3);

/**
 * How many times the pre-activation value an activation's f32 arithmetic may hold in an
 * intermediate. 1 for every activation: hardSwish once computed (x·t)/6, where x·6 overflowed
 * for |x| > FLT_MAX/6 (found here: seeds 537 and 617), and now computes x·(t/6).
 */
const activationHeadroom = (_activation: Activation | undefined): number => 1;

/** An int8 operation's result: int8 or uint8 (QLinearConv), int32 (ConvInteger). */
export type IntegerTensor = QuantizedTensor | Int32Tensor;

/** What a backend must produce for an operation. */
export type Expected =
  | { readonly kind: 'error'; readonly name: string; readonly message: string }
  | { readonly kind: 'exact'; readonly output: Tensor }
  /** int8 operations: the reference's integers, bit for bit (and the same array type). */
  | { readonly kind: 'integer'; readonly output: IntegerTensor }
  | {
      readonly kind: 'bounded';
      readonly output: Tensor;
      /** Σ|x·w| (+|bias|) over the finite terms, per output. */
      readonly magnitude: Float32Array;
      readonly slope: number;
      /** Per output: 1 where a term has a NaN or ±∞ operand; null when none has. */
      readonly nonFinite: Uint8Array | null;
      /** Per output: 1 in the f32 overflow zone; null when no output is. */
      readonly overflow: Uint8Array | null;
    };

const finiteAbs = (a: Float32Array): Float32Array => a.map((v) => (Number.isFinite(v) ? Math.abs(v) : 0));
const indicator = (a: Float32Array): Float32Array => a.map((v) => (Number.isFinite(v) ? 0 : 1));
const maxAbs = (a: Float32Array | undefined): number => {
  let m = 0;
  if (a !== undefined) for (const v of a) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m;
};
const hasNonFinite = (a: Float32Array | undefined): boolean => a !== undefined && a.some((v) => !Number.isFinite(v));

function runReference(op: FloatOp): Tensor {
  switch (op.op) {
    case 'conv2d': return reference.conv2d(op.input, op.filter, op.options);
    case 'conv1d': return reference.conv1d(op.input, op.filter, op.options);
    case 'convTranspose2d': return reference.convTranspose2d(op.input, op.filter, op.options);
    case 'conv3d': return reference.conv3d(op.input, op.filter, op.options);
    case 'maxPool2d': return reference.maxPool2d(op.input, op.options);
    case 'avgPool2d': return reference.avgPool2d(op.input, op.options);
    case 'lpPool2d': return reference.lpPool2d(op.input, op.options);
    case 'maxPool2dWithIndices': return indexedAsTensor(reference.maxPool2dWithIndices(op.input, op.options));
  }
}

function runQuantizedReference(op: QOp): IntegerTensor {
  switch (op.op) {
    case 'qlinearConv2d': return reference.qlinearConv2d(op.input, op.filter, op.options);
    case 'qlinearConv1d': return reference.qlinearConv1d(op.input, op.filter, op.options);
    case 'convInteger2d': return reference.convInteger2d(op.input, op.filter, op.options);
  }
}


/** The reference's answer to `op` and what a backend's answer is held to (see the header). */
export function expectedOf(op: Op): Expected {
  if (isQuantized(op)) {
    try {
      return { kind: 'integer', output: runQuantizedReference(op) };
    } catch (error) {
      const e = error as Error;
      return { kind: 'error', name: e.name, message: e.message };
    }
  }
  let output: Tensor;
  try {
    output = runReference(op);
  } catch (error) {
    const e = error as Error;
    return { kind: 'error', name: e.name, message: e.message };
  }
  const x = op.input.data;
  // Lp pooling with p = 1 or 2 sums exact f64 terms in the reference's order: bit for bit.
  if (op.op === 'lpPool2d' || op.op === 'maxPool2dWithIndices') return { kind: 'exact', output };
  if (op.op === 'maxPool2d' || op.op === 'avgPool2d') {
    if (op.op === 'maxPool2d') return { kind: 'exact', output };
    const { countIncludePad: _, ...maxOptions } = op.options;
    const magnitude = reference.avgPool2d({ data: finiteAbs(x), shape: op.input.shape }, op.options).data;
    const nonFinite = hasNonFinite(x) ? reference.maxPool2d({ data: indicator(x), shape: op.input.shape }, maxOptions).data.map((v) => (v > 0 ? 1 : 0)) : null;
    // A window's sum is at most its largest |x| times its area.
    const nchw = op.options.inputLayout !== 'nhwc';
    const [h, w] = nchw ? op.input.shape.slice(2) : op.input.shape.slice(1, 3);
    const win = op.options.windowDimensions;
    const area = win === undefined ? h! * w! : typeof win === 'number' ? win * win : win[0] * win[1];
    let overflow: Uint8Array | null = null;
    if (maxAbs(x) * area >= OVERFLOW_LIMIT) {
      const largest = reference.maxPool2d({ data: finiteAbs(x), shape: op.input.shape }, maxOptions).data;
      overflow = Uint8Array.from(largest, (m) => (m * area >= OVERFLOW_LIMIT ? 1 : 0));
    }
    return { kind: 'bounded', output, magnitude, slope: 1, nonFinite: nonFinite && Uint8Array.from(nonFinite), overflow };
  }
  // Convolutions: Σ|x·w| + |bias| over the finite terms; which outputs see a NaN or ±∞ operand.
  const { bias: rawBias, activation, ...plain } = op.options;
  const bias = rawBias === undefined ? undefined : rawBias instanceof Float32Array ? rawBias : rawBias.data;
  const conv = (input: Float32Array, filter: Float32Array, b: Float32Array | undefined): Float32Array => {
    const o = { ...plain, ...(b ? { bias: b } : {}) };
    const xt = { data: input, shape: op.input.shape };
    const wt = { data: filter, shape: op.filter.shape };
    if (op.op === 'convTranspose2d') return reference.convTranspose2d(xt, wt, o as ConvTranspose2dOptions).data;
    if (op.op === 'conv3d') return reference.conv3d(xt, wt, o as Conv3dOptions).data;
    return (op.op === 'conv2d' ? reference.conv2d(xt, wt, o as Conv2dOptions) : reference.conv1d(xt, wt, o as Conv1dOptions)).data;
  };
  const w = op.filter.data;
  const magnitude = conv(finiteAbs(x), finiteAbs(w), bias && finiteAbs(bias));
  let nonFinite: Uint8Array | null = null;
  if (hasNonFinite(x) || hasNonFinite(w) || hasNonFinite(bias)) {
    // Every tap of a filter is a term of every output of its channel (over padding, 0·w), so a
    // non-finite weight or bias marks its whole channel; a non-finite input marks the outputs
    // whose windows read it. Counted by a convolution of the indicators.
    // The conv-transpose family draws finite filters and biases (see randomConvTranspose): only its input marks outputs.
    if (op.op === 'convTranspose2d' && (hasNonFinite(w) || hasNonFinite(bias))) throw new Error('fuzz: a conv-transpose case with a non-finite weight or bias');
    const layout = op.options.filterLayout ?? (op.op === 'conv2d' ? 'oihw' : op.op === 'conv1d' ? 'oiw' : op.op === 'conv3d' ? 'oidhw' : 'iohw');
    // A transposed filter's O axis holds one group's outputs.
    const outC = filterOutChannels(op.filter, layout) * (op.op === 'convTranspose2d' ? (op.options.groups ?? 1) : 1);
    const stride = sizeOf(op.filter.shape.slice(layout.indexOf('o') + 1));
    const flags = new Float32Array(outC);
    if (op.op !== 'convTranspose2d') for (let k = 0; k < w.length; k++) if (!Number.isFinite(w[k]!)) flags[Math.floor(k / stride) % outC] = 1;
    if (bias) for (let m = 0; m < outC; m++) if (!Number.isFinite(bias[m]!)) flags[m] = 1;
    const counts = conv(indicator(x), new Float32Array(w.length).fill(1), flags);
    nonFinite = Uint8Array.from(counts, (c) => (c > 0 ? 1 : 0));
  }
  const headroom = activationHeadroom(activation);
  // A transposed filter's terms per output are at most its taps over one group's inputs.
  const terms = op.op === 'convTranspose2d' ? transposeTerms(op) : w.length / filterOutChannels(op.filter, op.options.filterLayout ?? (op.op === 'conv2d' ? 'oihw' : op.op === 'conv3d' ? 'oidhw' : 'oiw'));
  let overflow: Uint8Array | null = null;
  if (headroom * (maxAbs(x) * maxAbs(w) * terms + maxAbs(bias)) >= OVERFLOW_LIMIT) {
    overflow = Uint8Array.from(magnitude, (m) => (headroom * m >= OVERFLOW_LIMIT ? 1 : 0));
  }
  return { kind: 'bounded', output, magnitude, slope: activationSlope(activation), nonFinite, overflow };
}

/** How the outputs of a result were judged (rules 1–3 of the header; exact for max pooling). */
export interface OutputClasses {
  /** Rule 3: the tolerance (docs/architecture.md#tolerance). */
  tolerance: number;
  /** Rule 2 below the overflow zone: a non-finite term, the exact value. */
  nonFiniteExact: number;
  /** In the overflow zone: rule 1 (and rule 2's weak form) only. */
  overflowZone: number;
  /** Rule 1 outside the overflow zone (the reference is NaN). */
  nan: number;
  /** Max pooling: bit-exact. */
  exact: number;
  /** int8 operations: integers bit for bit the reference's (no tolerance, no float classes). */
  integer: number;
}
export const noClasses = (): OutputClasses => ({ tolerance: 0, nonFiniteExact: 0, overflowZone: 0, nan: 0, exact: 0, integer: 0 });

export interface Judgement {
  /** Why the result is wrong, or undefined. */
  readonly failure?: string;
  /** The largest |y − ref| / (1e-5 · slope · Σ|x·w| + 1e-6) over the outputs held to the tolerance. */
  readonly worst: number;
  readonly classes: OutputClasses;
}

const show = (v: number) => (Object.is(v, -0) ? '-0' : String(v));

/**
 * An int8 operation's result against the reference's: the same shape, array type and length,
 * and every element equal; a failure names the first differing index, both values and how many
 * of the outputs differ.
 */
function judgeIntegers(actual: IntegerTensor, ref: IntegerTensor): Judgement {
  const classes = noClasses();
  const kind = (t: IntegerTensor) => t.data.constructor.name;
  if (JSON.stringify(actual.shape) !== JSON.stringify(ref.shape) || kind(actual) !== kind(ref) || actual.data.length !== ref.data.length) {
    return {
      failure: `result ${JSON.stringify(actual.shape)} as ${kind(actual)}(${actual.data.length}), expected ${JSON.stringify(ref.shape)} as ${kind(ref)}(${ref.data.length})`,
      worst: 0,
      classes,
    };
  }
  let first = -1;
  let differ = 0;
  for (let k = 0; k < ref.data.length; k++) {
    if (actual.data[k] !== ref.data[k]) {
      if (first < 0) first = k;
      differ++;
    }
  }
  if (first >= 0) {
    return {
      failure: `output ${first}: got ${actual.data[first]}, expected ${ref.data[first]} (int8 operations must be bit-exact; ${differ} of ${ref.data.length} ${kind(ref)} outputs differ)`,
      worst: 0,
      classes,
    };
  }
  classes.integer = ref.data.length;
  return { worst: 0, classes };
}

/** Judges a backend's result against the expectation (never an error expectation). */
export function judge(actual: Tensor | IntegerTensor, expected: Exclude<Expected, { kind: 'error' }>): Judgement {
  if (expected.kind === 'integer') return judgeIntegers(actual as IntegerTensor, expected.output);
  if (!(actual.data instanceof Float32Array)) {
    return { failure: `a ${actual.data.constructor.name} result, expected a Float32Array`, worst: 0, classes: noClasses() };
  }
  return judgeFloats(actual as Tensor, expected);
}

function judgeFloats(actual: Tensor, expected: Exclude<Expected, { kind: 'error' | 'integer' }>): Judgement {
  const classes = noClasses();
  const ref = expected.output;
  if (JSON.stringify(actual.shape) !== JSON.stringify(ref.shape) || actual.data.length !== ref.data.length) {
    return { failure: `shape ${JSON.stringify(actual.shape)} (${actual.data.length} values), expected ${JSON.stringify(ref.shape)} (${ref.data.length})`, worst: 0, classes };
  }
  let worst = 0;
  const fail = (k: number, why: string): Judgement => ({
    failure: `output ${k}: got ${show(actual.data[k]!)}, expected ${show(ref.data[k]!)} (${why})`,
    worst,
    classes,
  });
  for (let k = 0; k < ref.data.length; k++) {
    const y = actual.data[k]!;
    const r = ref.data[k]!;
    if (expected.kind === 'exact') {
      if (!Object.is(y, r)) return fail(k, 'max pooling must be bit-exact');
      classes.exact++;
      continue;
    }
    const zone = expected.overflow !== null && expected.overflow[k] === 1;
    if (Number.isNaN(r)) {
      if (!Number.isNaN(y)) return fail(k, 'a NaN or ±∞·0 term, or +∞ and −∞ terms: NaN in any order');
      zone ? classes.overflowZone++ : classes.nan++;
      continue;
    }
    if (expected.nonFinite !== null && expected.nonFinite[k] === 1) {
      const same = y === r || Math.abs(y - r) <= 1e-6;
      if (!same && !(zone && Number.isNaN(y))) {
        return fail(k, zone ? 'a ±∞ term: its ∞ (or the activation of it), or NaN where f32 partial sums may overflow' : 'a ±∞ term and finite terms that cannot overflow: exactly the reference');
      }
      zone ? classes.overflowZone++ : classes.nonFiniteExact++;
      continue;
    }
    if (zone) {
      classes.overflowZone++;
      continue;
    }
    // As test/helpers/expected.ts and tolerance.ts: the slope stretches Σ|x·w|, not the 1e-6.
    const bound = 1e-5 * expected.slope * expected.magnitude[k]! + 1e-6;
    const diff = Math.abs(y - r);
    if (!(diff <= bound)) return fail(k, `|diff| ${diff} > bound ${bound} = 1e-5 · slope ${expected.slope} · Σ|x·w| ${expected.magnitude[k]} + 1e-6`);
    worst = Math.max(worst, diff / bound);
    classes.tolerance++;
  }
  return { worst, classes };
}

// ─── Running a case on the backends ──────────────────────────────────────────────────────────

/** A layer a delivery made, kept for the errors family's follow-up on the same layer. */
type AnyLayer = Layer | QuantizedConvLayer<IntegerTensor>;
interface LayerHolder {
  layer?: AnyLayer;
}

function createLayer(engine: Engine, op: FloatOp): Layer {
  switch (op.op) {
    case 'conv2d': return engine.createConv2d(op.filter, op.options);
    case 'conv1d': return engine.createConv1d(op.filter, op.options);
    case 'convTranspose2d': return engine.createConvTranspose2d(op.filter, op.options);
    case 'conv3d': return engine.createConv3d(op.filter, op.options);
    case 'maxPool2d': return engine.createMaxPool2d(op.options);
    case 'avgPool2d': return engine.createAvgPool2d(op.options);
    case 'lpPool2d':
    case 'maxPool2dWithIndices':
      throw new Error(`fuzz: ${op.op} has no layer`);
  }
}

function createQuantizedLayer(engine: Engine, op: QOp): QuantizedConvLayer<IntegerTensor> {
  switch (op.op) {
    case 'qlinearConv2d': return engine.createQLinearConv2d(op.filter, op.options);
    case 'qlinearConv1d': return engine.createQLinearConv1d(op.filter, op.options);
    case 'convInteger2d': return engine.createConvInteger2d(op.filter, op.options) as QuantizedConvLayer<IntegerTensor>;
  }
}

/** An output the size and type of `template` holding its bitwise complement: every element differs from the answer. */
function poisoned(template: IntegerTensor): IntegerTensor {
  const data = template.data.slice();
  for (let k = 0; k < data.length; k++) data[k] = ~data[k]!;
  return { data, shape: template.shape.slice() } as IntegerTensor;
}

/**
 * An int8 operation on `engine` as `delivery` says (see DELIVERIES). `template` is the
 * reference's answer, for the preallocated outputs; without one (a call the reference rejects)
 * the delivery runs without an output.
 */
function deliverQuantized(engine: Engine, op: QOp, delivery: Delivery, holder: LayerHolder, template: IntegerTensor | undefined): IntegerTensor {
  const output = template === undefined || delivery === 'call' || delivery === 'layer' ? undefined : poisoned(template);
  if (delivery === 'call' || delivery === 'layer-tensors') {
    switch (op.op) {
      case 'qlinearConv2d': return engine.qlinearConv2d(op.input, op.filter, op.options, output as QuantizedTensor | undefined);
      case 'qlinearConv1d': return engine.qlinearConv1d(op.input, op.filter, op.options, output as QuantizedTensor | undefined);
      case 'convInteger2d': return engine.convInteger2d(op.input, op.filter, op.options, output as Int32Tensor | undefined);
    }
  }
  const layer = (holder.layer ??= createQuantizedLayer(engine, op)) as QuantizedConvLayer<IntegerTensor>;
  return layer.run(op.input, output);
}

/**
 * Runs `op` on `engine` as `delivery` says; a layer it creates is left in `holder` for reuse.
 * `template`: the reference's answer to an int8 operation (deliverQuantized).
 */
function deliver(engine: Engine, op: Op, delivery: Delivery, holder: LayerHolder, template?: IntegerTensor): Tensor | IntegerTensor {
  if (isQuantized(op)) return deliverQuantized(engine, op, delivery, holder, template);
  if (delivery === 'call') {
    switch (op.op) {
      case 'conv2d': return engine.conv2d(op.input, op.filter, op.options);
      case 'conv1d': return engine.conv1d(op.input, op.filter, op.options);
      case 'convTranspose2d': return engine.convTranspose2d(op.input, op.filter, op.options);
      case 'conv3d': return engine.conv3d(op.input, op.filter, op.options);
      case 'maxPool2d': return engine.maxPool2d(op.input, op.options);
      case 'avgPool2d': return engine.avgPool2d(op.input, op.options);
    }
  }
  if (op.op === 'lpPool2d' || op.op === 'maxPool2dWithIndices') {
    // No layer: the tensor deliveries call with the input in an engine tensor.
    const xs = delivery === 'layer' ? undefined : engine.tensor(op.input.shape, op.input.data);
    try {
      const input = xs ?? op.input;
      return op.op === 'lpPool2d' ? engine.lpPool2d(input, op.options) : indexedAsTensor(engine.maxPool2dWithIndices(input, op.options));
    } finally {
      xs?.dispose();
    }
  }
  const layer = (holder.layer ??= createLayer(engine, op)) as Layer;
  if (delivery === 'layer') return layer.run(op.input);
  const xs = engine.tensor(op.input.shape, op.input.data);
  try {
    const shape = layer.outputShape(op.input.shape);
    const poison = new Float32Array(sizeOf(shape)).fill(NaN);
    if (delivery === 'layer-into-plain') return layer.run(xs, { data: poison, shape });
    const ys = engine.tensor(shape, poison);
    try {
      layer.run(xs, ys);
      return { data: ys.read(), shape: ys.shape.slice() };
    } finally {
      ys.dispose();
    }
  } finally {
    xs.dispose();
  }
}

/** One backend's verdict on one case. */
export interface BackendVerdict {
  readonly backend: string;
  readonly failure?: string;
  readonly worst: number;
}

export interface CaseReport {
  readonly case: FuzzCase;
  /** `RangeError: …` when the reference rejected the call. */
  readonly referenceError?: string;
  readonly verdicts: readonly BackendVerdict[];
  /** How the outputs were judged (the first backend's count; the same for all). */
  readonly classes: OutputClasses;
}

const describeError = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : `a thrown ${typeof e}: ${String(e)}`);

/**
 * Runs a case on every engine against the reference. A call the reference rejects must be
 * rejected by every backend with the same error type and message, and the engine (the same
 * layer, where the case says so) must then answer the case's valid follow-up call correctly.
 */
export function runCase(c: FuzzCase, engines: readonly Engine[]): CaseReport {
  const expected = expectedOf(c.call);
  const verdicts: BackendVerdict[] = [];
  let classes: OutputClasses | undefined;
  const judged = (actual: Tensor | IntegerTensor, e: Exclude<Expected, { kind: 'error' }>, what: string): { failure?: string; worst: number } => {
    const j = judge(actual, e);
    classes ??= j.classes;
    return j.failure === undefined ? { worst: j.worst } : { failure: `${what}: ${j.failure}`, worst: j.worst };
  };

  if (expected.kind === 'error' && c.expectError === undefined) {
    return { case: c, referenceError: `${expected.name}: ${expected.message}`, verdicts: [{ backend: 'generator', failure: `the reference rejected a configuration outside the errors family (${expected.name}: ${expected.message})`, worst: 0 }], classes: noClasses() };
  }
  if (expected.kind !== 'error' && c.expectError !== undefined) {
    return { case: c, verdicts: [{ backend: 'generator', failure: `the reference accepted a configuration of the errors family (${c.expectError.what})`, worst: 0 }], classes: noClasses() };
  }
  const next = c.expectError === undefined ? undefined : expectedOf(c.expectError.next);
  if (next !== undefined && next.kind === 'error') {
    return { case: c, verdicts: [{ backend: 'generator', failure: `the follow-up call is invalid: ${next.name}: ${next.message}`, worst: 0 }], classes: noClasses() };
  }

  /** The reference's integers, for an int8 operation's preallocated output. */
  const templateOf = (e: Expected | undefined) => (e?.kind === 'integer' ? e.output : undefined);
  for (const engine of engines) {
    const holder: LayerHolder = {};
    try {
      if (expected.kind !== 'error') {
        let actual: Tensor | IntegerTensor;
        try {
          actual = deliver(engine, c.call, c.delivery, holder, templateOf(expected));
        } catch (error) {
          verdicts.push({ backend: engineName(engine), failure: `threw ${describeError(error)}`, worst: 0 });
          continue;
        }
        verdicts.push({ backend: engineName(engine), ...judged(actual, expected, 'result') });
        continue;
      }
      // The reference rejected the call: so must the backend, with the same error.
      let thrown: unknown;
      let returned = false;
      try {
        deliver(engine, c.call, c.delivery, holder);
        returned = true;
      } catch (error) {
        thrown = error;
      }
      const want = `${expected.name}: ${expected.message}`;
      if (returned || !(thrown instanceof Error) || thrown.name !== expected.name || thrown.message !== expected.message) {
        verdicts.push({ backend: engineName(engine), failure: `${returned ? 'returned a result' : `threw ${describeError(thrown)}`}, expected ${want}`, worst: 0 });
        continue;
      }
      // …and then work on the very next call.
      const followUp = c.expectError!;
      if (!followUp.sameLayer && holder.layer !== undefined) {
        holder.layer.dispose();
        delete holder.layer;
      }
      let actual: Tensor | IntegerTensor;
      try {
        actual = deliver(engine, followUp.next, c.delivery, holder, templateOf(next));
      } catch (error) {
        verdicts.push({ backend: engineName(engine), failure: `after the expected error, the next call (${describeOp(followUp.next)}) threw ${describeError(error)}`, worst: 0 });
        continue;
      }
      verdicts.push({ backend: engineName(engine), ...judged(actual, next as Exclude<Expected, { kind: 'error' }>, `after the expected error, the next call (${describeOp(followUp.next)})`) });
    } finally {
      holder.layer?.dispose();
    }
  }
  return {
    case: c,
    ...(expected.kind === 'error' ? { referenceError: `${expected.name}: ${expected.message}` } : {}),
    verdicts,
    classes: classes ?? noClasses(),
  };
}

// ─── Bookkeeping ─────────────────────────────────────────────────────────────────────────────

export interface Failure {
  readonly seed: number;
  readonly backend: string;
  readonly description: string;
  readonly message: string;
}

/** Counts of a fuzz run: cases per family and backend, output classes, failures, worst ratio. */
export class FuzzStats {
  cases = 0;
  readonly perFamily = new Map<Family, { cases: number; errors: number; byBackend: Map<string, { runs: number; failures: number }> }>();
  readonly perValues = new Map<CaseValues, number>();
  readonly perDelivery = new Map<Delivery, number>();
  readonly classes = noClasses();
  readonly failures: Failure[] = [];
  worst = { ratio: 0, seed: -1, backend: '' };
  slowest = { ms: 0, seed: -1 };

  /** Records a case's report and how long it took (reference and every backend). */
  add(report: CaseReport, ms: number): void {
    const c = report.case;
    this.cases++;
    if (ms > this.slowest.ms) this.slowest = { ms, seed: c.seed };
    const family = this.perFamily.get(c.family) ?? { cases: 0, errors: 0, byBackend: new Map() };
    this.perFamily.set(c.family, family);
    family.cases++;
    if (report.referenceError !== undefined) family.errors++;
    this.perValues.set(c.values, (this.perValues.get(c.values) ?? 0) + 1);
    this.perDelivery.set(c.delivery, (this.perDelivery.get(c.delivery) ?? 0) + 1);
    for (const key of Object.keys(this.classes) as (keyof OutputClasses)[]) this.classes[key] += report.classes[key];
    for (const v of report.verdicts) {
      const b = family.byBackend.get(v.backend) ?? { runs: 0, failures: 0 };
      family.byBackend.set(v.backend, b);
      b.runs++;
      if (v.failure !== undefined) {
        b.failures++;
        this.failures.push({ seed: c.seed, backend: v.backend, description: c.description, message: v.failure });
      }
      if (v.worst > this.worst.ratio) this.worst = { ratio: v.worst, seed: c.seed, backend: v.backend };
    }
  }

  /** A case that could not even be generated or judged (a bug of the fuzzer or the reference). */
  addCrash(seed: number, error: unknown): void {
    this.cases++;
    this.failures.push({ seed, backend: 'harness', description: `seed ${seed}`, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }

  /** A plain-text summary; `replay(seed)` says how to run one case again. */
  summary(backends: readonly string[], replay: (seed: number) => string): string {
    const lines: string[] = [];
    const pad = (s: string | number, n: number) => String(s).padStart(n);
    const widths = backends.map((b) => Math.max(15, b.length + 2));
    lines.push(`${this.cases} configurations; per family (cases, of which errors; runs per backend, failures in parentheses):`);
    lines.push(`  ${'family'.padEnd(30)}${pad('cases', 7)}${pad('errors', 8)}${backends.map((b, i) => pad(b, widths[i]!)).join('')}`);
    for (const family of FAMILIES) {
      const f = this.perFamily.get(family);
      const cells = backends.map((b, i) => {
        const r = f?.byBackend.get(b);
        return pad(r === undefined ? '0' : r.failures > 0 ? `${r.runs} (${r.failures})` : `${r.runs}`, widths[i]!);
      });
      lines.push(`  ${family.padEnd(30)}${pad(f?.cases ?? 0, 7)}${pad(f?.errors ?? 0, 8)}${cells.join('')}`);
    }
    lines.push(`values: ${VALUE_KINDS.map((v) => `${v} ${this.perValues.get(v) ?? 0}`).join(', ')}; int8 bytes ${this.perValues.get('bytes') ?? 0}`);
    lines.push(`deliveries: ${DELIVERIES.map((d) => `${d} ${this.perDelivery.get(d) ?? 0}`).join(', ')}`);
    const k = this.classes;
    lines.push(
      `outputs judged (first backend of each case): ${k.tolerance} within the tolerance, ${k.exact} bit-exact (max pooling, with indices, Lp pooling), ` +
        `${k.nonFiniteExact} exact with a NaN/±∞ operand, ${k.nan} NaN as the reference, ${k.overflowZone} in the f32 overflow zone (NaN propagation only); ` +
        `${k.integer} int8/int32 outputs bit-exact (int8 operations)`,
    );
    lines.push(`float outputs, worst |y − ref| / bound: ${this.worst.ratio.toPrecision(3)}${this.worst.seed >= 0 ? ` (${this.worst.backend}, ${replay(this.worst.seed)})` : ''}`);
    lines.push(`slowest case: ${this.slowest.ms.toFixed(0)} ms${this.slowest.seed >= 0 ? ` (${replay(this.slowest.seed)})` : ''}`);
    lines.push(`failures: ${this.failures.length}`);
    for (const f of this.failures.slice(0, 20)) lines.push(`  ${f.backend} on ${f.description}\n    ${f.message}\n    replay: ${replay(f.seed)}`);
    if (this.failures.length > 20) lines.push(`  … and ${this.failures.length - 20} more`);
    return lines.join('\n');
  }
}
