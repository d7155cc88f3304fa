/**
 * The check that runs before a wasm backend is timed on a shape: its output must match the
 * pure-JS reference element-wise within the tolerance of docs/architecture.md#tolerance
 * `|y − ref| ≤ 1e-5 · Σ|x_i · w_i| + 1e-6`, the sum over that output's terms. A fast wrong
 * answer is not a result, so a mismatch aborts the benchmark.
 */
import { reference, type Conv2dOptions, type Tensor } from '../src/index.js';

/** What a backend's output is compared with; computed once per shape and reused. */
export interface Expected {
  /** The reference output. */
  readonly output: Tensor;
  /** Per output element, the tolerance `1e-5 · Σ|x_i · w_i| + 1e-6`. */
  readonly bound: Float64Array;
}

const absTensor = (t: Tensor): Tensor => ({ data: t.data.map(Math.abs), shape: t.shape });

/**
 * Runs the reference conv, and again on |x|, |w| and |bias| without activation: that second
 * output is Σ|x_i · w_i| (plus |bias|, which only loosens the bound by a rounding's worth).
 */
export function expectedOutput(input: Tensor, filter: Tensor, options: Conv2dOptions): Expected {
  const output = reference.conv2d(input, filter, options);
  const { activation: _activation, bias, ...geometry } = options;
  const absBias = bias === undefined ? undefined : bias instanceof Float32Array ? bias.map(Math.abs) : absTensor(bias);
  const magnitudeOptions: Conv2dOptions = absBias === undefined ? geometry : { ...geometry, bias: absBias };
  const magnitude = reference.conv2d(absTensor(input), absTensor(filter), magnitudeOptions).data;
  const bound = new Float64Array(magnitude.length);
  for (let k = 0; k < magnitude.length; k++) bound[k] = 1e-5 * magnitude[k]! + 1e-6;
  return { output, bound };
}

export interface CheckResult {
  /** Elements outside the tolerance (a shape mismatch counts every element). */
  readonly bad: number;
  /** The first of them, if any. */
  readonly first?: { readonly index: number; readonly at: readonly number[]; readonly got: number; readonly expected: number; readonly bound: number };
  /** The largest |y − ref| / bound over the output: below 1 passes; how close to the edge it ran. */
  readonly worstRatio: number;
  /** Set when the shapes differ; nothing else was compared. */
  readonly shapeMismatch?: string;
}

/** Multi-index of flat index `k` in a row-major `shape`. */
function unravel(k: number, shape: readonly number[]): number[] {
  const at = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    at[d] = k % shape[d]!;
    k = Math.floor(k / shape[d]!);
  }
  return at;
}

/** Compares `actual` with the expected output; NaN must meet NaN, as the tests require. */
export function checkOutput(actual: Tensor, expected: Expected): CheckResult {
  const ref = expected.output;
  if (actual.shape.length !== ref.shape.length || actual.shape.some((d, i) => d !== ref.shape[i]) || actual.data.length !== ref.data.length) {
    return {
      bad: ref.data.length,
      worstRatio: Infinity,
      shapeMismatch: `output shape [${actual.shape.join(', ')}] (${actual.data.length} values), expected [${ref.shape.join(', ')}]`,
    };
  }
  let bad = 0;
  let worstRatio = 0;
  let first: CheckResult['first'];
  for (let k = 0; k < ref.data.length; k++) {
    const y = actual.data[k]!;
    const r = ref.data[k]!;
    const bound = expected.bound[k]!;
    let ok: boolean;
    let ratio: number;
    if (Number.isNaN(y) || Number.isNaN(r)) {
      ok = Number.isNaN(y) && Number.isNaN(r);
      ratio = ok ? 0 : Infinity;
    } else if (y === r) {
      ok = true; // also equal infinities, whose difference would be NaN
      ratio = 0;
    } else {
      ratio = Math.abs(y - r) / bound;
      ok = ratio <= 1;
    }
    if (!(ratio <= worstRatio)) worstRatio = ratio;
    if (!ok) {
      bad++;
      first ??= { index: k, at: unravel(k, ref.shape), got: y, expected: r, bound };
    }
  }
  return first === undefined ? { bad, worstRatio } : { bad, worstRatio, first };
}

/** One line for an abort message: where it failed and by how much. */
export function describeFailure(result: CheckResult): string {
  if (result.shapeMismatch !== undefined) return result.shapeMismatch;
  const f = result.first;
  if (f === undefined) return 'no mismatch';
  return (
    `first bad index ${f.index} (at [${f.at.join(', ')}]): got ${f.got}, reference ${f.expected}, ` +
    `|diff| ${Math.abs(f.got - f.expected)} > tolerance ${f.bound.toPrecision(3)}; ` +
    `${result.bad} element${result.bad === 1 ? '' : 's'} out of tolerance`
  );
}

/** `[N, C, H, W]` data as `[N, H, W, C]`, any array type. */
function nchwToNhwcData<T extends Float32Array | Float64Array>(data: T, shape: readonly number[], make: (n: number) => T): T {
  const [n, c, h, w] = shape as [number, number, number, number];
  const out = make(data.length);
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) out[((b * h + y) * w + x) * c + ch] = data[((b * c + ch) * h + y) * w + x]!;
      }
    }
  }
  return out;
}

/**
 * The expected output of an NCHW case as the same case run in NHWC gives it: the reference
 * output and the per-element tolerances, both transposed to `[N, H, W, C]`.
 */
export function expectedNhwc(expected: Expected): Expected {
  const { shape } = expected.output;
  const [n, c, h, w] = shape as [number, number, number, number];
  return {
    output: { data: nchwToNhwcData(expected.output.data, shape, (k) => new Float32Array(k)), shape: [n, h, w, c] },
    bound: nchwToNhwcData(expected.bound, shape, (k) => new Float64Array(k)),
  };
}
