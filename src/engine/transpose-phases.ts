// A transposed convolution as stride-1 convolutions, one per output phase, so that no product
// with an inserted zero is ever computed and nothing is scattered with a read-modify-write.
//
// Along one axis, full-output cell t = o + padBegin receives input cell i through tap k where
// t = i·s + k·d. Split the cells by their phase r = t mod s: the taps that reach phase r are the
// k with k·d ≡ r (mod s), an arithmetic run k0, k0 + s', k0 + 2s', … (s' = s / gcd(s, d)), and
// with t = q·s + r they read i = q − c0 − j·d' (d' = d / gcd(s, d), c0 = (k0·d − r) / s) for the
// j-th of them. That is a stride-1 correlation with dilation d' of the input with the run of taps
// reversed: phase r is an ordinary convolution, computed by the fastest conv2d path, whose
// outputs land on every s-th output cell. Dilation, strides larger than the kernel and any
// padding need nothing else: a phase that no tap reaches holds the bias alone.

import type { ConvTransposeParams } from '../options/conv-transpose.js';

/** One axis of a transposed convolution, resolved. */
export interface TransposeAxis {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly kernelSize: number;
  readonly stride: number;
  readonly dilation: number;
  readonly padBegin: number;
}

/** One phase of one axis: which taps reach it and where its cells are. */
export interface AxisPhase {
  /** The taps that reach the phase, in the order the stride-1 correlation reads them (reversed). */
  readonly taps: readonly number[];
  /** Dilation of the phase's correlation. */
  readonly dilation: number;
  /** Output cells of the phase, and the first of them (the rest follow every `stride` cells). */
  readonly count: number;
  readonly first: number;
  /**
   * The correlation's padding before its first input cell: its output u reads input
   * u + j·dilation − pad. Negative when the transposed convolution's padding crops more than
   * this phase reaches back; the caller then computes |pad| more outputs and skips them.
   */
  readonly pad: number;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** The phases of one axis, one per residue r = 0 … s − 1, those with no output cell left out. */
export function axisPhases(a: TransposeAxis): AxisPhase[] {
  const { outputSize, kernelSize: k, stride: s, dilation: d, padBegin } = a;
  const common = gcd(s, d);
  const tapStep = s / common;
  const dilation = d / common;
  const phases: AxisPhase[] = [];
  for (let r = 0; r < s; r++) {
    const qFirst = Math.ceil((padBegin - r) / s);
    const qLast = Math.floor((outputSize - 1 + padBegin - r) / s);
    const count = qLast - qFirst + 1;
    if (count <= 0) continue;
    const first = qFirst * s + r - padBegin;
    let k0 = 0;
    while (k0 < Math.min(k, tapStep) && (k0 * d - r) % s !== 0) k0++;
    const taps: number[] = [];
    if (k0 < k && (k0 * d - r) % s === 0) for (let kk = k0; kk < k; kk += tapStep) taps.unshift(kk);
    const c0 = taps.length === 0 ? 0 : (k0 * d - r) / s;
    const pad = taps.length === 0 ? 0 : c0 + (taps.length - 1) * dilation - qFirst;
    phases.push({ taps, dilation, count, first, pad });
  }
  return phases;
}

/** A 2-D phase: a height phase and a width phase. */
export interface Phase {
  readonly h: AxisPhase;
  readonly w: AxisPhase;
}

/**
 * Stride-1 convolutions computing some phases at once: their sub-filters stacked along the
 * output channels (phase-major), one padding for all, each phase skipping the extra outputs
 * that padding gives it.
 */
export interface PhaseConv {
  readonly phases: readonly Phase[];
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly dilations: readonly [number, number];
  /** The correlation's `[beginH, endH, beginW, endW]`, each ≥ 0. */
  readonly padding: readonly [number, number, number, number];
  /** Per phase, the correlation outputs to skip before its first cell: `[rows, columns]`. */
  readonly skips: readonly (readonly [number, number])[];
}

/** The phases of a transposed convolution, as convolutions and bias-only fills. */
export interface PhasePlan {
  readonly convs: readonly PhaseConv[];
  /** Phases no tap reaches: their cells hold act(bias). */
  readonly fills: readonly Phase[];
}

export function axesOf(p: ConvTransposeParams): [TransposeAxis, TransposeAxis] {
  return [
    { inputSize: p.inHeight, outputSize: p.outHeight, kernelSize: p.kernelHeight, stride: p.strides[0], dilation: p.dilations[0], padBegin: p.padding[0] },
    { inputSize: p.inWidth, outputSize: p.outWidth, kernelSize: p.kernelWidth, stride: p.strides[1], dilation: p.dilations[1], padBegin: p.padding[2] },
  ];
}

/**
 * The plan of a transposed convolution. With `stack`, phases that read the same input windows
 * (the same number of taps, dilation and padding on each axis) share one convolution; groups 1
 * only, where the stacked output channels stay contiguous per phase.
 */
export function planPhases(p: ConvTransposeParams, stack: boolean): PhasePlan {
  const [axisH, axisW] = axesOf(p);
  const fills: Phase[] = [];
  const byShape = new Map<string, Phase[]>();
  const convs: PhaseConv[] = [];
  for (const h of axisPhases(axisH)) {
    for (const w of axisPhases(axisW)) {
      if (h.taps.length === 0 || w.taps.length === 0) {
        fills.push({ h, w });
        continue;
      }
      const key = stack && p.groups === 1 ? `${h.taps.length},${w.taps.length},${h.dilation},${w.dilation},${h.pad},${w.pad}` : `phase ${byShape.size}`;
      const list = byShape.get(key) ?? [];
      list.push({ h, w });
      byShape.set(key, list);
    }
  }
  for (const phases of byShape.values()) convs.push(phaseConv(phases, p.inHeight, p.inWidth));
  return { convs, fills };
}

function phaseConv(phases: readonly Phase[], inHeight: number, inWidth: number): PhaseConv {
  const { h, w } = phases[0]!;
  const kernelHeight = h.taps.length;
  const kernelWidth = w.taps.length;
  const padTop = Math.max(0, ...phases.map((f) => f.h.pad));
  const padLeft = Math.max(0, ...phases.map((f) => f.w.pad));
  const skips = phases.map((f) => [padTop - f.h.pad, padLeft - f.w.pad] as const);
  // Enough outputs for every phase's skip + count: outputs = in + padBegin + padEnd − (k−1)·d.
  const padBottom = Math.max(0, ...phases.map((f, i) => skips[i]![0] + f.h.count + (kernelHeight - 1) * h.dilation - inHeight - padTop));
  const padRight = Math.max(0, ...phases.map((f, i) => skips[i]![1] + f.w.count + (kernelWidth - 1) * w.dilation - inWidth - padLeft));
  return { phases, kernelHeight, kernelWidth, dilations: [h.dilation, w.dilation], padding: [padTop, padBottom, padLeft, padRight], skips };
}

/** A tap that multiplies by zero: widens a 2-tap phase axis to the 3 taps Winograd takes (see {@link widenToThree}). */
export const ZERO_TAP = -1;

type Side = 'none' | 'back' | 'front';

/**
 * The phase convolution widened to 3×3 by a zero tap on each 2-tap axis, so that Winograd's
 * F(4×4, 3×3) computes it: 36 products per 16 outputs instead of the 2×2 correlation's 64. The
 * zero tap goes after the run (one more padded cell at the end) or before it (one at the
 * beginning), whichever keeps that axis' padding within its dilation, F(4×4)'s condition
 * (src/engine/winograd-plan.ts, `paddingSuitsF4x4`). Null where an axis has neither 2 nor 3 taps,
 * both already have 3, or no side keeps the padding within the dilation.
 */
export function widenToThree(conv: PhaseConv, inHeight: number, inWidth: number): PhaseConv | null {
  const sides = (taps: number): Side[] => (taps === 3 ? ['none'] : taps === 2 ? ['back', 'front'] : []);
  for (const sh of sides(conv.kernelHeight)) {
    for (const sw of sides(conv.kernelWidth)) {
      if (sh === 'none' && sw === 'none') return null;
      const wide = phaseConv(conv.phases.map(({ h, w }) => ({ h: widen(h, sh), w: widen(w, sw) })), inHeight, inWidth);
      const [top, bottom, left, right] = wide.padding;
      const [dH, dW] = wide.dilations;
      if (top <= dH && bottom <= dH && left <= dW && right <= dW) return wide;
    }
  }
  return null;
}

function widen(a: AxisPhase, side: Side): AxisPhase {
  if (side === 'none') return a;
  // Output u of the run reads input u + j·d − pad: a tap before the run moves the rest by d.
  return side === 'back' ? { ...a, taps: [...a.taps, ZERO_TAP] } : { ...a, taps: [ZERO_TAP, ...a.taps], pad: a.pad + a.dilation };
}

/**
 * The stacked OIHW sub-filter of a phase convolution, from the IOHW filter: output channel
 * `φ·Cout + g·M/G + m`, input channel `c` of group g, tap (a, b) is
 * `w[g·C/G + c, m, tapsH[a], tapsW[b]]` of phase φ.
 */
export function phaseFilter(conv: PhaseConv, w: Float32Array, p: ConvTransposeParams): Float32Array {
  const { inChannels, outChannels, groups, kernelHeight: kH, kernelWidth: kW } = p;
  const cg = inChannels / groups;
  const mg = outChannels / groups;
  const sh = conv.kernelHeight;
  const sw = conv.kernelWidth;
  const out = new Float32Array(conv.phases.length * outChannels * cg * sh * sw);
  let at = 0;
  for (const { h, w: wp } of conv.phases) {
    for (let oc = 0; oc < outChannels; oc++) {
      const g = Math.floor(oc / mg);
      const m = oc - g * mg;
      for (let c = 0; c < cg; c++) {
        const base = ((g * cg + c) * mg + m) * kH;
        for (const th of h.taps) for (const tw of wp.taps) out[at++] = th === ZERO_TAP || tw === ZERO_TAP ? 0 : w[(base + th) * kW + tw]!;
      }
    }
  }
  return out;
}
