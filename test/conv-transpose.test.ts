// Transposed convolution: the reference against worked examples of ONNX's and PyTorch's
// documentation and against conv2d through the adjoint identity; every engine (every build,
// and the threaded builds with every call in the pool) against the reference on random cases;
// the layers' contract. Replay with SIMDCONV_SEED=<seed>.
import { describe, expect, it } from 'vitest';
import {
  convTranspose1d,
  convTranspose2d,
  createEngineSync,
  nchwToNhwc,
  reference,
  type ConvTranspose2dOptions,
  type Tensor,
} from '../src/index.js';
import { phaseFilter, planPhases, widenToThree, ZERO_TAP } from '../src/engine/transpose-phases.js';
import { winogradPhases } from '../src/engine/conv-transpose-layer.js';
import { CONV_TRANSPOSE2D, resolveConvTranspose } from '../src/options/conv-transpose.js';
import { engineName, pooledEnginesForFile, wasmEngines } from './helpers/engines.js';
import { randomTensor, rng } from './helpers/random.js';
import { abs, expectWithinTolerance } from './helpers/tolerance.js';

const t = (data: readonly number[], shape: readonly number[]): Tensor => ({ data: Float32Array.from(data), shape });
const ones = (shape: readonly number[]) => t(new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(1), shape);
const X3 = t([0, 1, 2, 3, 4, 5, 6, 7, 8], [1, 1, 3, 3]);
const W2 = ones([1, 2, 3, 3]); // IOHW: one input channel, two output channels

describe('worked examples', () => {
  it("ONNX ConvTranspose's basic example: a 3×3 input, 3×3 filters of ones", () => {
    const y = reference.convTranspose2d(X3, W2);
    const plane = [0, 1, 3, 3, 2, 3, 8, 15, 12, 7, 9, 21, 36, 27, 15, 9, 20, 33, 24, 13, 6, 13, 21, 15, 8];
    expect(y.shape).toEqual([1, 2, 5, 5]);
    expect(Array.from(y.data)).toEqual([...plane, ...plane]);
  });

  it("ONNX's pads example: strides [3, 2], pads [1, 2, 1, 2] (ONNX order) = padding [1, 1, 2, 2]", () => {
    const y = reference.convTranspose2d(X3, W2, { strides: [3, 2], padding: [1, 1, 2, 2] });
    const plane = [1, 1, 3, 1, 1, 3, 7, 4, 9, 7, 4, 9, 7, 4, 9, 13, 7, 15, 13, 7, 15];
    expect(y.shape).toEqual([1, 2, 7, 3]);
    expect(Array.from(y.data)).toEqual([...plane, ...plane]);
  });

  it("ONNX's output_padding and output_shape examples: outputPadding [1, 1] = outputSizes [10, 8]", () => {
    const row = (a: number, b: number, c: number, d: number, e: number) => [a, a, b, c, d, e, e, 0];
    const plane = [
      ...row(0, 1, 1, 3, 2), ...row(0, 1, 1, 3, 2), ...row(0, 1, 1, 3, 2),
      ...row(3, 7, 4, 9, 5), ...row(3, 7, 4, 9, 5), ...row(3, 7, 4, 9, 5),
      ...row(6, 13, 7, 15, 8), ...row(6, 13, 7, 15, 8), ...row(6, 13, 7, 15, 8),
      0, 0, 0, 0, 0, 0, 0, 0,
    ];
    for (const options of [{ strides: [3, 2], outputPadding: [1, 1] }, { strides: [3, 2], outputSizes: [10, 8] }] as ConvTranspose2dOptions[]) {
      const y = reference.convTranspose2d(X3, W2, options);
      expect(y.shape).toEqual([1, 2, 10, 8]);
      expect(Array.from(y.data)).toEqual([...plane, ...plane]);
      expect(convTranspose2d(X3, W2, options).data).toEqual(y.data);
    }
  });

  it("ONNX's 1-D example and its dilated 2-D example", () => {
    expect(Array.from(reference.convTranspose1d(t([0, 1, 2], [1, 1, 3]), ones([1, 2, 3])).data)).toEqual([0, 1, 3, 3, 2, 0, 1, 3, 3, 2]);
    const y = reference.convTranspose2d(t([3, 8, 1, 9, 5, 7, 3, 2, 6], [1, 1, 3, 3]), t([7, 2, 1, 9], [1, 1, 2, 2]), { dilations: 2 });
    expect(Array.from(y.data)).toEqual([21, 56, 13, 16, 2, 63, 35, 67, 10, 14, 24, 22, 76, 76, 21, 9, 5, 88, 45, 63, 3, 2, 33, 18, 54]);
  });

  it("PyTorch's sizes: ConvTranspose2d(k=4, stride=2, padding=1) doubles H and W; output_padding adds cells", () => {
    const x = randomTensor([1, 3, 5, 7], rng(1));
    expect(reference.convTranspose2d(x, ones([3, 2, 4, 4]), { strides: 2, padding: 1 }).shape).toEqual([1, 2, 10, 14]);
    expect(reference.convTranspose2d(x, ones([3, 2, 3, 3]), { strides: 2, padding: 1, outputPadding: 1 }).shape).toEqual([1, 2, 10, 14]);
  });

  it("padding 'same' gives input · stride (ONNX auto_pad), the odd crop at the end, or the start with 'same-lower'", () => {
    const x = t([1, 2, 3], [1, 1, 3]);
    const w = t([1, 10, 100, 1000], [1, 1, 4]); // full output: 8 cells, 6 kept: crop 2 of k=4 s=2
    const full = Array.from(reference.convTranspose1d(x, w, { strides: 2 }).data);
    expect(full).toEqual([1, 10, 102, 1020, 203, 2030, 300, 3000]);
    expect(Array.from(reference.convTranspose1d(x, w, { strides: 2, padding: 'same' }).data)).toEqual(full.slice(1, 7));
    const w3 = t([1, 10, 100], [1, 1, 3]); // full output 7, crop 1: 'same' drops the last, 'same-lower' the first
    const full3 = Array.from(reference.convTranspose1d(x, w3, { strides: 2 }).data);
    expect(Array.from(reference.convTranspose1d(x, w3, { strides: 2, padding: 'same' }).data)).toEqual(full3.slice(0, 6));
    expect(Array.from(reference.convTranspose1d(x, w3, { strides: 2, padding: 'same-lower' }).data)).toEqual(full3.slice(1));
    // A kernel shorter than the stride: no crop, and the cells no tap reaches hold the bias.
    const y = reference.convTranspose1d(x, t([1], [1, 1, 1]), { strides: 3, padding: 'same', bias: Float32Array.of(0.5) });
    expect(Array.from(y.data)).toEqual([1.5, 0.5, 0.5, 2.5, 0.5, 0.5, 3.5, 0.5, 0.5]);
  });
});

/** ⟨a, b⟩ in f64. */
const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, v, i) => sum + v * b[i]!, 0);

describe('the adjoint identity ⟨conv2d(x, w), y⟩ = ⟨x, convTranspose2d(y, w)⟩', () => {
  it('holds on random geometries, with the same filter array', () => {
    const rand = rng(77);
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    for (let i = 0; i < 60; i++) {
      const groups = int(1, 3);
      const [cin, cout] = [groups * int(1, 3), groups * int(1, 3)]; // conv2d's channels in and out
      const k = [int(1, 4), int(1, 4)];
      const s = [int(1, 3), int(1, 3)];
      const d = [int(1, 2), int(1, 2)];
      const p = [int(0, 2), int(0, 2)];
      const size = [int(1, 6) + d[0]! * (k[0]! - 1), int(1, 6) + d[1]! * (k[1]! - 1)];
      const x = randomTensor([1, cin, size[0]!, size[1]!], rand);
      const w = randomTensor([cout, cin / groups, k[0]!, k[1]!], rand); // conv2d OIHW = convTranspose IOHW
      const options = { strides: s as [number, number], dilations: d as [number, number], padding: p as [number, number], groups };
      const y0 = reference.conv2d(x, w, options);
      const y = randomTensor(y0.shape, rand);
      const outputPadding = [0, 1].map((a) => size[a]! - ((y.shape[2 + a]! - 1) * s[a]! - 2 * p[a]! + d[a]! * (k[a]! - 1) + 1)) as [number, number];
      const back = reference.convTranspose2d(y, w, { ...options, outputPadding });
      expect(back.shape).toEqual(x.shape);
      const lhs = dot(y0.data, y.data);
      const rhs = dot(x.data, back.data);
      expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-4 * (1 + dot(abs(y0).data, abs(y).data)));
    }
  });
});

describe('layouts', () => {
  const rand = rng(5);
  const x = randomTensor([2, 4, 5, 6], rand);
  const w = randomTensor([4, 3, 3, 2], rand); // IOHW, groups 2 → 6 outputs
  const options: ConvTranspose2dOptions = { strides: [2, 3], padding: [1, 0, 0, 1], groups: 2, bias: Float32Array.of(1, 2, 3, 4, 5, 6) };
  const expected = reference.convTranspose2d(x, w, options);
  const permuteFilter = (to: string): Tensor => {
    const [ci, co, kh, kw] = w.shape as number[];
    const dims: Record<string, number> = { i: ci!, o: co!, h: kh!, w: kw! };
    const shape = [...to].map((l) => dims[l]!);
    const data = new Float32Array(w.data.length);
    const strides: Record<string, number> = {};
    let step = 1;
    for (const l of [...to].reverse()) [strides[l], step] = [step, step * dims[l]!];
    let at = 0;
    for (let i = 0; i < ci!; i++) for (let o = 0; o < co!; o++) for (let h = 0; h < kh!; h++) for (let k = 0; k < kw!; k++) data[i * strides.i! + o * strides.o! + h * strides.h! + k * strides.w!] = w.data[at++]!;
    return { data, shape };
  };

  it.each(['hwoi', 'ohwi'] as const)("filterLayout '%s' and NHWC give the NCHW/IOHW result", (layout) => {
    const y = reference.convTranspose2d(nchwToNhwc(x), permuteFilter(layout), { ...options, inputLayout: 'nhwc', filterLayout: layout });
    expect(y.data).toEqual(nchwToNhwc(expected).data);
  });

  it('convTranspose1d is convTranspose2d with a height of 1', () => {
    const x1 = randomTensor([1, 2, 9], rand);
    const w1 = randomTensor([2, 3, 4], rand);
    const o = { strides: 3, padding: [2, 1] as [number, number], dilations: 2, outputPadding: 1 };
    const y1 = convTranspose1d(x1, w1, o);
    const y2 = reference.convTranspose2d({ data: x1.data, shape: [1, 2, 1, 9] }, { data: w1.data, shape: [2, 3, 1, 4] }, { strides: [1, 3], padding: [0, 0, 2, 1], dilations: [1, 2], outputPadding: [0, 1] });
    expect(y1.shape).toEqual([1, 3, y2.shape[3]]);
    expectWithinTolerance(y1, { data: y2.data, shape: y1.shape }, reference.convTranspose1d(abs(x1), abs(w1), o).data);
  });
});

describe('phases', () => {
  it('a k2 s2 layer runs as one 1×1 convolution of the 4 phases stacked; k4 s2 p1 as 4 of 2×2 (their paddings differ)', () => {
    const up = planPhases(resolveConvTranspose(CONV_TRANSPOSE2D, [1, 8, 16, 16], [8, 4, 2, 2], { strides: 2 }), true);
    expect(up.fills).toEqual([]);
    expect(up.convs.map((c) => [c.phases.length, c.kernelHeight, c.kernelWidth])).toEqual([[4, 1, 1]]);
    const p = resolveConvTranspose(CONV_TRANSPOSE2D, [1, 8, 16, 16], [8, 4, 4, 4], { strides: 2, padding: 1 });
    const plan = planPhases(p, true);
    expect(plan.convs.map((c) => [c.phases.length, c.kernelHeight, c.kernelWidth])).toEqual([[1, 2, 2], [1, 2, 2], [1, 2, 2], [1, 2, 2]]);
    expect(plan.convs.map((c) => c.padding)).toEqual([[0, 1, 0, 1], [0, 1, 1, 0], [1, 0, 0, 1], [1, 0, 1, 0]]);
  });

  it('a stride larger than the kernel leaves phases no tap reaches: bias-only fills', () => {
    const p = resolveConvTranspose(CONV_TRANSPOSE2D, [1, 1, 4, 4], [1, 1, 1, 2], { strides: [2, 3] });
    const plan = planPhases(p, true);
    expect(plan.convs.reduce((n, c) => n + c.phases.length, 0)).toBe(2); // rows r=0; columns r=0,1
    expect(plan.fills.length).toBe(4);
  });
});

describe('2-tap phases widened to 3×3 for Winograd', () => {
  it('k4 s2 p1: each 2×2 phase gets a zero tap on the side that keeps its padding within 1; the sub-filter holds zeros there', () => {
    const p = resolveConvTranspose(CONV_TRANSPOSE2D, [1, 2, 6, 6], [2, 3, 4, 4], { strides: 2, padding: 1 });
    const wide = planPhases(p, true).convs.map((c) => widenToThree(c, p.inHeight, p.inWidth)!);
    expect(wide.map((c) => [c.kernelHeight, c.kernelWidth])).toEqual([[3, 3], [3, 3], [3, 3], [3, 3]]);
    expect(wide.map((c) => c.padding)).toEqual([[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]);
    // The first phase (output cells 1, 3, 5, …, full-output cells ≡ 0 mod 2) reads taps 2 then 0
    // on each axis, after a zero tap (its padding was [0, 1]).
    expect(wide[0]!.phases[0]!.h.taps).toEqual([ZERO_TAP, 2, 0]);
    const w = randomTensor([2, 3, 4, 4], rng(3)).data;
    const f = phaseFilter(wide[0]!, w, p);
    expect(f.length).toBe(3 * 2 * 9);
    // Output channel 1, input channel 0: row 0 and column 0 are zero taps.
    const taps = Array.from(f.subarray(2 * 9, 3 * 9));
    const at = (i: number, j: number) => w[(0 * 3 + 1) * 16 + i * 4 + j]!;
    expect(taps).toEqual([0, 0, 0, 0, at(2, 2), at(2, 0), 0, at(0, 2), at(0, 0)]);
  });

  it("'auto' takes the widened phases where Winograd wins on them as 3×3 (enough channels and pixels), and not otherwise", () => {
    const kinds = (shape: number[], filter: number[], o: ConvTranspose2dOptions) => {
      const p = resolveConvTranspose(CONV_TRANSPOSE2D, shape, filter, o);
      return winogradPhases(planPhases(p, true), p).convs.map((c) => `${c.kernelHeight}×${c.kernelWidth}`);
    };
    expect(kinds([1, 64, 56, 56], [64, 64, 4, 4], { strides: 2, padding: 1 })).toEqual(['3×3', '3×3', '3×3', '3×3']);
    expect(kinds([1, 4, 56, 56], [4, 4, 4, 4], { strides: 2, padding: 1 })).toEqual(['2×2', '2×2', '2×2', '2×2']); // 4 channels
    expect(kinds([1, 64, 2, 2], [64, 64, 4, 4], { strides: 2, padding: 1 })).toEqual(['2×2', '2×2', '2×2', '2×2']); // 2² outputs a phase
    // k4 s2 p2: the 4 phases read the same windows and are stacked, then widened together; at p0
    // they are stacked too, but a zero tap would give them 2 padded cells on one side.
    expect(kinds([1, 16, 12, 12], [16, 8, 4, 4], { strides: 2, padding: 2 })).toEqual(['3×3']);
    expect(kinds([1, 16, 12, 12], [16, 8, 4, 4], { strides: 2 })).toEqual(['2×2']);
    // A 3×2 phase (k3 s1 by k4 s2): only the width is widened.
    expect(kinds([1, 16, 12, 12], [16, 8, 3, 4], { strides: [1, 2], padding: [1, 1, 1, 1] })).toEqual(['3×3', '3×3']);
  });

  const wide: readonly (readonly [string, number[], number[], ConvTranspose2dOptions])[] = [
    ['NCHW 16→8 k4 s2 p1, batch 2', [2, 16, 9, 11], [16, 8, 4, 4], { strides: 2, padding: 1 }],
    ['NHWC 8→8 k4 s2 p1 with bias and gelu', [1, 10, 9, 8], [8, 8, 4, 4], { strides: 2, padding: 1, inputLayout: 'nhwc', activation: 'gelu' }],
    ['NCHW 16→8 k4 s2 p2 (4 phases stacked)', [1, 16, 8, 8], [16, 8, 4, 4], { strides: 2, padding: 2 }],
    ['NCHW 16→8 k4 s2 p[2, 1, 0, 3], dilations 3', [1, 16, 10, 9], [16, 8, 4, 4], { strides: 2, dilations: 3, padding: [2, 1, 0, 3] }],
    ['NHWC 16→16 k3×4 s[1, 2] p1, hwoi', [1, 12, 12, 16], [3, 4, 16, 16], { strides: [1, 2], padding: 1, inputLayout: 'nhwc', filterLayout: 'hwoi' }],
  ];
  /** Random layers with at least one widened phase: enough channels and pixels for Winograd, 2-tap phases. */
  const widenedCases = (() => {
    const rand = rng(Number(process.env.SIMDCONV_SEED ?? 4242));
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    const out: [string, number[], number[], ConvTranspose2dOptions][] = [];
    while (out.length < 24) {
      const nhwc = rand() < 0.5;
      const [cin, cout] = [int(nhwc ? 8 : 16, 24), int(8, 16)];
      const [h, w] = [int(5, 14), int(5, 14)];
      const s = [int(1, 3), int(1, 3)] as [number, number];
      const k = [s[0] * 2 + int(-1, 1), s[1] * 2 + int(-1, 1)].map((v) => Math.max(2, v));
      const d = rand() < 0.2 ? ([2, 2] as [number, number]) : ([1, 1] as [number, number]);
      const padding = [int(0, 2), int(0, 2), int(0, 2), int(0, 2)] as [number, number, number, number];
      const options: ConvTranspose2dOptions = { strides: s, dilations: d, padding, inputLayout: nhwc ? 'nhwc' : 'nchw' };
      const shape = nhwc ? [1, h, w, cin] : [1, cin, h, w];
      const filterShape = [cin, cout, k[0]!, k[1]!];
      let p;
      try {
        p = resolveConvTranspose(CONV_TRANSPOSE2D, shape, filterShape, options);
      } catch {
        continue;
      }
      if (!winogradPhases(planPhases(p, true), p).convs.some((c) => c.phases[0]!.h.taps.includes(ZERO_TAP) || c.phases[0]!.w.taps.includes(ZERO_TAP))) continue;
      out.push([`random ${JSON.stringify({ shape, filterShape, ...options })}`, shape, filterShape, options]);
    }
    return out;
  })();
  const everyEngine = [...wasmEngines(), ...pooledEnginesForFile(), createEngineSync({ backend: 'js' })];
  it.each(everyEngine.map((e) => [engineName(e), e] as const))('%s: layers whose phases run widened match the reference', (_, engine) => {
    const rand = rng(11);
    for (const [what, shape, filterShape, o] of [...wide, ...widenedCases]) {
      const x = randomTensor(shape, rand);
      const w = randomTensor(filterShape, rand);
      const bias = randomTensor([filterShape[o.filterLayout === 'hwoi' ? 2 : 1]!], rand).data;
      const options = { ...o, bias };
      const ref = reference.convTranspose2d(x, w, options);
      const bound = reference.convTranspose2d(abs(x), abs(w), { ...o, activation: undefined, bias: bias.map(Math.abs) }).data;
      try {
        expectWithinTolerance(engine.convTranspose2d(x, w, options), ref, bound);
        const layer = engine.createConvTranspose2d(w, options);
        expectWithinTolerance(layer.run(x), ref, bound);
        layer.dispose();
      } catch (error) {
        throw new Error(`${what}: ${(error as Error).message}`);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Every engine against the reference.

const BASE_SEED = Number(process.env.SIMDCONV_SEED ?? Date.now() % 1_000_000);
const CASES = Number(process.env.SIMDCONV_CASES ?? 250);
const engines = [...wasmEngines(), ...pooledEnginesForFile(), createEngineSync({ backend: 'js' })];

interface TransposeCase {
  readonly input: Tensor;
  readonly filter: Tensor;
  readonly options: ConvTranspose2dOptions;
  readonly description: string;
}

/** A random transposed convolution that resolves: any layouts, groups, strides, dilations, padding forms. */
function randomCase(seed: number): TransposeCase {
  const rand = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  for (;;) {
    const groups = rand() < 0.3 ? int(2, 4) : 1;
    const cin = groups * int(1, rand() < 0.2 ? 20 : 5);
    const mg = int(1, rand() < 0.2 ? 20 : 5);
    const [h, w] = [int(1, 12), int(1, 12)];
    const k = [int(1, 5), int(1, 5)];
    const s = [int(1, 4), int(1, 4)];
    const d = rand() < 0.3 ? [int(1, 3), int(1, 3)] : [1, 1];
    const nhwc = rand() < 0.5;
    const layout = (['iohw', 'hwoi', 'ohwi'] as const)[int(0, 2)]!;
    const padding = rand() < 0.25 ? (['same', 'same-lower', 'valid'] as const)[int(0, 2)]! : ([int(0, 3), int(0, 3), int(0, 3), int(0, 3)] as const);
    const outputPadding = [int(0, Math.max(s[0]!, d[0]!) - 1), int(0, Math.max(s[1]!, d[1]!) - 1)] as [number, number];
    const options: ConvTranspose2dOptions = {
      strides: s as [number, number],
      dilations: d as [number, number],
      padding,
      outputPadding,
      groups,
      inputLayout: nhwc ? 'nhwc' : 'nchw',
      filterLayout: layout,
      ...(rand() < 0.5 ? { bias: randomTensor([mg * groups], rand).data } : {}),
      ...(rand() < 0.3 ? { activation: (['relu', 'sigmoid', { type: 'leakyRelu', alpha: 0.1 }] as const)[int(0, 2)] } : {}),
    };
    const dims: Record<string, number> = { i: cin, o: mg, h: k[0]!, w: k[1]! };
    const batch = int(1, 2);
    const input = randomTensor(nhwc ? [batch, h, w, cin] : [batch, cin, h, w], rand);
    const filter = randomTensor([...layout].map((l) => dims[l]!), rand);
    try {
      resolveConvTranspose(CONV_TRANSPOSE2D, input.shape, filter.shape, options);
    } catch {
      continue; // padding that crops everything: draw again
    }
    return { input, filter, options, description: `seed ${seed}: input [${input.shape}], filter [${filter.shape}] ${JSON.stringify({ ...options, bias: options.bias ? 'yes' : undefined })}` };
  }
}

/** The tolerance's bound: the same call on |x|, |w|, |bias|, without activation (their slopes are ≤ 1). */
function boundOf(c: TransposeCase): Float32Array {
  const { activation: _, bias, ...rest } = c.options;
  return reference.convTranspose2d(abs(c.input), abs(c.filter), { ...rest, ...(bias ? { bias: (bias as Float32Array).map(Math.abs) } : {}) }).data;
}

describe('every engine against the reference', () => {
  const cases = Array.from({ length: CASES }, (_, i) => randomCase(BASE_SEED + i));
  const expected = cases.map((c) => ({ output: reference.convTranspose2d(c.input, c.filter, c.options), bound: boundOf(c) }));

  it.each(engines.map((e) => [engineName(e), e] as const))('%s: every random case within tolerance (one-shot, and a layer into an engine tensor)', (_, engine) => {
    cases.forEach((c, i) => {
      const { output, bound } = expected[i]!;
      try {
        expectWithinTolerance(engine.convTranspose2d(c.input, c.filter, c.options), output, bound);
        const layer = engine.createConvTranspose2d(c.filter, c.options);
        const x = engine.tensor(c.input.shape, c.input.data);
        const y = engine.tensor(layer.outputShape(c.input.shape));
        layer.run(x, y);
        expectWithinTolerance({ data: y.read(), shape: y.shape }, output, bound);
        layer.dispose();
        x.dispose();
        y.dispose();
      } catch (error) {
        throw new Error(`${engineName(engine)} differs on ${c.description}: ${(error as Error).message}`);
      }
    });
  });
});

describe('layers', () => {
  const rand = rng(9);
  const w = randomTensor([6, 4, 4, 4], rand);
  const options: ConvTranspose2dOptions = { strides: 2, padding: 1, bias: randomTensor([4], rand).data, activation: 'relu' };

  it.each(engines.map((e) => [engineName(e), e] as const))('%s: one layer runs many input sizes, sync and async, into fresh and given outputs', async (_, engine) => {
    const layer = engine.createConvTranspose2d(w, options);
    for (const shape of [[1, 6, 7, 9], [2, 6, 3, 3], [1, 6, 7, 9]]) {
      const x = randomTensor(shape, rand);
      const ref = reference.convTranspose2d(x, w, options);
      const bound = reference.convTranspose2d(abs(x), abs(w), { strides: 2, padding: 1, bias: (options.bias as Float32Array).map(Math.abs) }).data;
      expect(layer.outputShape(shape)).toEqual(ref.shape);
      expectWithinTolerance(layer.run(x), ref, bound);
      expectWithinTolerance(await layer.runAsync(x), ref, bound);
      const out = { data: new Float32Array(ref.data.length), shape: ref.shape };
      expect(layer.run(x, out)).toBe(out);
      expectWithinTolerance(out, ref, bound);
    }
    expect(layer.filterShape).toEqual([6, 4, 4, 4]);
    layer.dispose();
    expect(() => layer.run(randomTensor([1, 6, 3, 3], rand))).toThrow('convTranspose2d: this layer (filter [6, 4, 4, 4]) was disposed; create a new one with engine.createConvTranspose2d()');
  });

  it.each(engines.map((e) => [engineName(e), e] as const))('%s: a layer with outputSizes, and later writes to the filter change nothing', (_, engine) => {
    const filter = randomTensor([2, 3, 3, 3], rand);
    const o: ConvTranspose2dOptions = { strides: 2, padding: 1, outputSizes: [10, 9] };
    const layer = engine.createConvTranspose2d(filter, o);
    const x = randomTensor([1, 2, 5, 5], rand);
    const ref = reference.convTranspose2d(x, filter, o);
    const bound = reference.convTranspose2d(abs(x), abs(filter), o).data;
    filter.data.fill(7);
    expect(ref.shape).toEqual([1, 3, 10, 9]);
    expectWithinTolerance(layer.run(x), ref, bound);
    layer.dispose();
  });
});
