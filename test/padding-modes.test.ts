// Padding modes: the standalone pad against ONNX Pad's documented examples, and conv1d/conv2d
// with paddingMode against the same convolution of an explicitly padded input (zero padding),
// on the reference and on every engine (every build, the threaded builds with calls in the pool).
// nchw-direct and winograd fill the modes in their prologue's padded copy (A_ROW_MAP, A_COL_MAP);
// the other paths pad first (padBorder): the fixed layers below check which, by the kernels run.
import { describe, expect, it } from 'vitest';
import { conv1d, createEngineSync, pad, reference, type Conv2dOptions, type Engine, type Tensor } from '../src/index.js';
import { planConv } from '../src/engine/conv-plan.js';
import { kernelsOf } from '../src/engine/kernels-of.js';
import { tileRunner } from '../src/engine/tiles.js';
import { CONV2D, resolveConv } from '../src/options/conv.js';
import { A_WINOGRAD_TILE } from '../src/wasm/args.js';
import { engineName, pooledEnginesForFile, wasmEngines } from './helpers/engines.js';
import { rankOneTensor, randomTensor, rng } from './helpers/random.js';
import { abs, expectWithinTolerance } from './helpers/tolerance.js';

// Every engine: each build, the threaded builds with every call in the pool (3 threads), and js.
const wasm = [...wasmEngines(), ...pooledEnginesForFile()];
const engines = [...wasm, createEngineSync({ backend: 'js' })];

const t = (data: readonly number[], shape: readonly number[]): Tensor => ({ data: Float32Array.from(data), shape });
const values = (x: Tensor) => Array.from(x.data);
const f = (v: readonly number[]) => Array.from(Float32Array.from(v));

describe('pad (ONNX Pad)', () => {
  const d = t([1.0, 1.2, 2.3, 3.4, 4.5, 5.7], [3, 2]);
  it("ONNX's examples: pads [0, 2, 0, 0] in each mode (ONNX lists begins, then ends: ours [0, 0, 2, 0])", () => {
    expect(values(pad(d, [0, 0, 2, 0]))).toEqual(f([0, 0, 1.0, 1.2, 0, 0, 2.3, 3.4, 0, 0, 4.5, 5.7]));
    expect(values(pad(d, [0, 0, 2, 0], { mode: 'reflect' }))).toEqual(f([1.0, 1.2, 1.0, 1.2, 2.3, 3.4, 2.3, 3.4, 4.5, 5.7, 4.5, 5.7]));
    expect(values(pad(d, [0, 0, 2, 0], { mode: 'edge' }))).toEqual(f([1.0, 1.0, 1.0, 1.2, 2.3, 2.3, 2.3, 3.4, 4.5, 4.5, 4.5, 5.7]));
    expect(values(pad(d, [0, 0, 2, 0], { mode: 'constant', value: 1.5 }))).toEqual(f([1.5, 1.5, 1.0, 1.2, 1.5, 1.5, 2.3, 3.4, 1.5, 1.5, 4.5, 5.7]));
  });

  it("'wrap' on both axes (ONNX's wrap example: pads [2, 1, 1, 1])", () => {
    const x = t([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [3, 4]);
    const y = pad(x, [2, 1, 1, 1], { mode: 'wrap' });
    expect(y.shape).toEqual([6, 6]);
    expect(values(y)).toEqual([8, 5, 6, 7, 8, 5, 12, 9, 10, 11, 12, 9, 4, 1, 2, 3, 4, 1, 8, 5, 6, 7, 8, 5, 12, 9, 10, 11, 12, 9, 4, 1, 2, 3, 4, 1]);
  });

  it('reflects and wraps as far as the padding reaches; negative counts crop first', () => {
    expect(values(pad(t([1, 2, 3], [3]), [5, 4], { mode: 'reflect' }))).toEqual([2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3]);
    expect(values(pad(t([1, 2, 3], [3]), [4, 0], { mode: 'circular' }))).toEqual([3, 1, 2, 3, 1, 2, 3]);
    expect(values(pad(t([1, 2, 3, 4, 5], [5]), [-1, 2], { mode: 'replicate' }))).toEqual([2, 3, 4, 5, 5, 5]);
    expect(values(pad(t([1, 2, 3, 4, 5], [5]), [-2, -1]))).toEqual([3, 4]);
  });

  it('rank 4 and rank 1, constant mode by default', () => {
    const x = randomTensor([2, 3, 4, 5], rng(1));
    const y = pad(x, [0, 0, 1, 0, 2, 1, 0, 3]);
    expect(y.shape).toEqual([2, 4, 7, 8]);
    expect(y.data[((1 * 4 + 1) * 7 + 2) * 8 + 4]).toBe(x.data[((1 * 3 + 0) * 4 + 0) * 5 + 4]);
    expect(y.data[((1 * 4 + 0) * 7 + 2) * 8 + 4]).toBe(0);
  });

  it('names what is wrong', () => {
    expect(() => pad(d, [1, 1])).toThrow('pad: padding must be 4 integers, a [begin, end] pair per axis of the rank-2 input ([begin0, end0, begin1, end1, …]; negative crops), got [1, 1]');
    expect(() => pad(d, [0, 0, 0, 0], { mode: 'symmetric' as never })).toThrow(RangeError);
    expect(() => pad(d, [-2, -1, 0, 0])).toThrow('pad: padding [-2, -1] on axis 0 (size 3) crops every cell; at least one must remain');
    expect(() => pad(d, [0, 0, 1, 1], { mode: 'edge', value: 1 })).toThrow("pad: value is read in 'constant' mode only, got mode 'edge'");
  });
});

describe('paddingMode in the reference', () => {
  const rand = rng(2);
  const x = randomTensor([2, 3, 6, 7], rand);
  const w = randomTensor([4, 3, 3, 3], rand);
  it.each([['reflect', 'reflect'], ['replicate', 'edge'], ['circular', 'wrap'], ['edge', 'edge'], ['wrap', 'wrap'], ['reflection', 'reflect']] as const)(
    "conv2d with paddingMode '%s' = conv2d of pad(x, mode '%s') with no padding",
    (mode, padMode) => {
      const padding = [2, 1, 0, 2] as const;
      const expected = reference.conv2d(pad(x, [0, 0, 0, 0, ...padding], { mode: padMode }), w);
      expect(reference.conv2d(x, w, { padding, paddingMode: mode as Conv2dOptions['paddingMode'] }).data).toEqual(expected.data);
    },
  );

  it("conv1d with 'reflect' and 'same' (OpenCV's BORDER_REFLECT_101 on a signal)", () => {
    const y = conv1d(t([1, 2, 3, 4], [1, 1, 4]), t([1, 1, 1], [1, 1, 3]), { padding: 'same', paddingMode: 'reflect' });
    expect(values(y)).toEqual([2 + 1 + 2, 1 + 2 + 3, 2 + 3 + 4, 3 + 4 + 3]);
  });

  it("PyTorch's limits: reflect pads below the size, circular at most the size", () => {
    expect(() => reference.conv2d(x, w, { padding: [6, 0, 0, 0], paddingMode: 'reflect' })).toThrow("conv2d: paddingMode 'reflect' needs each padding below the input height (6), got 6");
    expect(() => reference.conv2d(x, w, { padding: [0, 0, 8, 0], paddingMode: 'circular' })).toThrow("conv2d: paddingMode 'circular' needs each padding at most the input width (7), got 8");
    expect(reference.conv2d(x, w, { padding: [6, 0, 7, 0], paddingMode: 'circular' }).shape).toEqual([2, 4, 10, 12]);
    expect(() => reference.conv2d(x, w, { padding: 1, paddingMode: 'mirror' as never })).toThrow(RangeError);
  });
});

describe('paddingMode on every engine', () => {
  const rand = rng(Number(process.env.SIMDCONV_SEED ?? 77));
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const cases = Array.from({ length: 120 }, () => {
    const groups = int(1, 3);
    const [h, w] = [int(2, 14), int(2, 14)];
    const nhwc = rand() < 0.5;
    const c = groups * int(1, 6);
    const k = [int(1, 5), int(1, 5)];
    const options: Conv2dOptions = {
      paddingMode: (['reflect', 'replicate', 'circular'] as const)[int(0, 2)],
      padding: rand() < 0.3 ? 'same' : [int(0, Math.min(3, h - 1)), int(0, Math.min(3, h - 1)), int(0, Math.min(3, w - 1)), int(0, Math.min(3, w - 1))],
      strides: [int(1, 2), int(1, 2)],
      groups,
      inputLayout: nhwc ? 'nhwc' : 'nchw',
      filterLayout: 'oihw',
      ...(rand() < 0.5 ? { algorithm: 'direct' as const } : {}),
    };
    const input = randomTensor(nhwc ? [int(1, 2), h, w, c] : [int(1, 2), c, h, w], rand);
    const filter = randomTensor([groups * int(1, 6), c / groups, k[0]!, k[1]!], rand);
    return { input, filter, options };
  }).filter((q) => {
    try {
      reference.conv2d(q.input, q.filter, q.options);
      return true;
    } catch {
      return false; // the kernel does not fit: left out
    }
  });

  it.each(engines.map((e) => [engineName(e), e] as const))('%s: random convolutions with each mode, one-shot and as layers', (_, engine) => {
    expect(cases.length).toBeGreaterThan(60);
    for (const { input, filter, options } of cases) {
      const expected = reference.conv2d(input, filter, options);
      const bound = reference.conv2d(abs(input), abs(filter), options).data;
      expectWithinTolerance(engine.conv2d(input, filter, options), expected, bound);
      const layer = engine.createConv2d(filter, options);
      expectWithinTolerance(layer.run(input), expected, bound);
      layer.dispose();
    }
  });
});

/**
 * The wasm exports `body` ran on `engine`: the tile tasks (prologues included) and padBorder,
 * in order.
 */
function kernelsRun<T>(engine: Engine, body: () => T): [T, string[]] {
  const k = kernelsOf(engine)!;
  const { exports } = k;
  const seen: string[] = [];
  const run = tileRunner.run;
  tileRunner.run = (kernels, task, ...rest) => {
    if (kernels === k) seen.push(Object.entries(exports).find(([, f]) => f === task)?.[0] ?? 'unknown');
    run(kernels, task, ...rest);
  };
  const padBorder: typeof exports.padBorder = (...a) => {
    seen.push('padBorder');
    exports.padBorder(...a);
  };
  Object.assign(k, { exports: { ...exports, padBorder } });
  try {
    return [body(), seen];
  } finally {
    tileRunner.run = run;
    Object.assign(k, { exports });
  }
}

describe('paddingMode in the padded copy of nchw-direct, winograd, planes and separable, the pre-pass elsewhere', () => {
  type Kind = 'direct' | 'winograd 2×2' | 'winograd 4×4' | 'planes' | 'separable' | 'pre-pass';
  // [what, kind (or [NCHW's, NHWC's]), input NCHW [n, c, h, w], filter [o, c/g, kH, kW], options]:
  // asymmetric padding, so each side's table is checked; NHWC inputs are the same shapes
  // permuted (NHWC layers of 1–3 input channels, 1–2 when strided, run nchw-direct too).
  const layers: [string, Kind | [Kind, Kind], number[], number[], Conv2dOptions][] = [
    ['3×3', 'direct', [2, 3, 11, 13], [6, 3, 3, 3], { padding: [2, 1, 1, 2], algorithm: 'direct' }],
    ['3×3, 8 channels (NHWC: the nhwc path)', ['direct', 'pre-pass'], [1, 8, 9, 12], [6, 8, 3, 3], { padding: [1, 2, 2, 1], algorithm: 'direct' }],
    ['5×3, stride 2', 'direct', [1, 2, 13, 14], [8, 2, 5, 3], { padding: [2, 3, 1, 2], strides: 2 }],
    ['3×3, stride (1, 3)', 'direct', [1, 2, 9, 17], [5, 2, 3, 3], { padding: [1, 1, 2, 2], strides: [1, 3] }],
    ['3×3, dilation (2, 3)', 'direct', [1, 3, 12, 14], [7, 3, 3, 3], { padding: [3, 2, 4, 3], dilations: [2, 3] }],
    ['3×3, F(2×2)', 'winograd 2×2', [2, 8, 10, 11], [9, 8, 3, 3], { padding: [2, 1, 1, 2], algorithm: 'winograd' }],
    ['3×3, F(4×4) by auto', 'winograd 4×4', [1, 16, 13, 10], [12, 16, 3, 3], { padding: [2, 2, 1, 2] }],
    ['3×3, F(4×4), dilation 2', 'winograd 4×4', [1, 8, 15, 13], [8, 8, 3, 3], { padding: [3, 2, 2, 3], dilations: 2, algorithm: 'winograd-4x4' }],
    ['depthwise 3×3 (NHWC: depthwise-nhwc)', ['planes', 'pre-pass'], [1, 6, 9, 10], [6, 1, 3, 3], { padding: [1, 2, 2, 1], groups: 6 }],
    ['depthwise 3×3 stride 2 (rows split in even and odd columns)', ['planes', 'pre-pass'], [1, 4, 11, 12], [8, 1, 3, 3], { padding: [1, 2, 2, 1], groups: 4, strides: 2 }],
    ['single channel 5×4, dilation (1, 2)', 'planes', [2, 1, 12, 15], [1, 1, 5, 4], { padding: [2, 3, 4, 3], dilations: [1, 2] }],
    ['single channel rank-1 3×3 (separable)', 'separable', [1, 1, 12, 15], [1, 1, 3, 3], { padding: [1, 2, 2, 1] }],
    ['depthwise rank-1 5×3, stride 2, dilation (2, 1) (separable)', ['separable', 'pre-pass'], [2, 3, 13, 11], [3, 1, 5, 3], { padding: [4, 3, 1, 2], groups: 3, strides: 2, dilations: [2, 1] }],
    ['1×1 padded (pointwise)', 'pre-pass', [1, 8, 6, 7], [4, 8, 1, 1], { padding: [1, 0, 2, 1] }],
  ];
  const nchwTasks: Record<Kind, string[]> = {
    direct: ['convNchwDirectPrologue', 'convNchwDirect'],
    'winograd 2×2': ['convWinogradPrologue', 'convWinograd'],
    'winograd 4×4': ['convWinogradPrologue', 'convWinograd'],
    planes: ['convPlanes'],
    separable: ['convSeparable'],
    'pre-pass': [],
  };
  const rand = rng(Number(process.env.SIMDCONV_SEED ?? 78));
  const cases = layers.flatMap(([what, kinds, [n, c, h, w], filterShape, options]) =>
    (['reflect', 'replicate', 'circular'] as const).flatMap((paddingMode) =>
      (['nchw', 'nhwc'] as const).map((inputLayout) => {
        const kind = typeof kinds === 'string' ? kinds : kinds[inputLayout === 'nchw' ? 0 : 1];
        const input = randomTensor(inputLayout === 'nchw' ? [n!, c!, h!, w!] : [n!, h!, w!, c!], rand);
        const filter = what.includes('rank-1') ? rankOneTensor(filterShape[0]!, filterShape[2]!, filterShape[3]!, rand) : randomTensor(filterShape, rand);
        const o: Conv2dOptions = { ...options, paddingMode, inputLayout, filterLayout: 'oihw' };
        return { name: `${what} ${paddingMode} ${inputLayout}`, kind, input, filter, options: o };
      }),
    ),
  );

  it('plans the path each layer is meant to exercise', () => {
    for (const { name, kind, input, filter, options } of cases) {
      const plan = planConv(resolveConv(CONV2D, input.shape, filter.shape, options), 4, 8, 1, kind === 'separable');
      if (kind === 'direct') expect(plan.path, name).toBe('nchw-direct');
      if (kind === 'planes') expect(plan.path, name).toBe('planes');
      if (kind === 'separable') expect(plan.path, name).toBe('separable');
      if (kind.startsWith('winograd')) expect([plan.path, plan.args[A_WINOGRAD_TILE]], name).toEqual(['winograd', kind === 'winograd 2×2' ? 2 : 4]);
    }
  });

  it.each(engines.map((e) => [engineName(e), e] as const))('%s: every mode and layout against the reference', (_, engine) => {
    for (const { name, kind, input, filter, options } of cases) {
      const expected = reference.conv2d(input, filter, options);
      const bound = reference.conv2d(abs(input), abs(filter), options).data;
      if (engine.backend === 'js') {
        expectWithinTolerance(engine.conv2d(input, filter, options), expected, bound);
        continue;
      }
      const layer = engine.createConv2d(filter, options);
      const [output, ran] = kernelsRun(engine, () => layer.run(input));
      layer.dispose();
      expectWithinTolerance(output, expected, bound);
      if (kind === 'pre-pass') {
        expect(ran[0], `${name}: ${ran.join(', ')}`).toBe('padBorder');
        expect(ran.filter((k) => k.endsWith('Prologue')), name).toEqual([]);
      } else {
        expect(ran, name).toEqual(nchwTasks[kind]);
      }
      const [oneShot, ranOneShot] = kernelsRun(engine, () => engine.conv2d(input, filter, options));
      expectWithinTolerance(oneShot, expected, bound);
      expect(ranOneShot.includes('padBorder'), name).toBe(kind === 'pre-pass');
    }
  });
});
