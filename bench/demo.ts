/**
 * `npm start`: a tour of simdconv in ~10–15 s (2-core VM).
 *   1. worked examples, computed by the library next to the answer worked by hand;
 *   2. edge detection (Sobel X, Y, magnitude) of a generated 256×256 image, as ASCII art;
 *   3. how fast conv2d is on that image, wasm against the pure-JS reference, fresh and
 *      preallocated output (batched, interleaved samples: demo/timing.js, as the demo page);
 *   4. a short wasm-vs-JS benchmark: four suite shapes on the pure-JS reference and every
 *      WebAssembly build this Node runs (the code of `npm run bench`, with `--quick` settings
 *      and a floor of 3 js samples per round).
 * Exits non-zero if any worked example disagrees or a wasm output fails its check.
 */
import {
  conv1d,
  conv2d,
  conv2dFlops,
  createEngine,
  edgeMagnitude,
  getEngine,
  kernels,
  type Conv1dOptions,
  type Conv2dOptions,
  type Tensor,
} from '../src/index.js';
import { timeInterleaved, type TimingSettings, type TimingSummary } from '../demo/timing.js';
import { WORKED_EXAMPLES, type WorkedExample } from '../test/fixtures/worked-examples.js';
import { quickSettings } from './args.js';
import { availableBackends, BACKEND_NAMES, unsupportedReason } from './backends.js';
import { markdownTable } from './markdown.js';
import { formatTable, ms, runBenchmark } from './run.js';
import { SUITE } from './suite.js';

const heading = (title: string) => console.log(`\n${title}\n${'='.repeat(title.length)}`);

/** `[[a, b], [c, d]]`: the data split into rows of the last axis, for small results. */
function rowsOf(data: ArrayLike<number>, shape: readonly number[]): string {
  const width = shape[shape.length - 1]!;
  const rows: string[] = [];
  for (let i = 0; i < data.length; i += width) rows.push(`[${Array.from(data).slice(i, i + width).join(', ')}]`);
  return rows.length === 1 ? rows[0]! : `[${rows.join(', ')}]`;
}

// The answers are small integers, exact in f32; the tolerance only forgives a last-bit
// difference should a faster backend sum in another order.
function matches(y: Tensor, expected: WorkedExample['expected']): boolean {
  return (
    y.shape.length === expected.shape.length &&
    y.shape.every((d, i) => d === expected.shape[i]) &&
    y.data.length === expected.data.length &&
    expected.data.every((e, i) => Math.abs(y.data[i]! - e) <= 1e-5 * Math.abs(e) + 1e-6)
  );
}

function workedExamples(): boolean {
  heading('1. Worked examples (cross-correlation, as PyTorch; flip: true is true convolution)');
  let allOk = true;
  for (const example of WORKED_EXAMPLES) {
    const { input, filter, options, expected } = example;
    const y =
      example.op === 'conv1d'
        ? conv1d(input, filter, options as Conv1dOptions)
        : conv2d(input, filter, options as Conv2dOptions);
    const ok = matches(y, expected);
    allOk &&= ok;
    const opts = Object.keys(options).length === 0 ? '' : ` ${JSON.stringify(options)}`;
    console.log(`${ok ? '✓' : '✗'} ${example.name}`);
    console.log(`    ${example.op}([${input.shape.join(', ')}] ⋆ [${filter.shape.join(', ')}]${opts})`);
    console.log(`    got      ${rowsOf(y.data, y.shape)}  shape [${y.shape.join(', ')}]`);
    console.log(`    expected ${rowsOf(expected.data, expected.shape)}  shape [${expected.shape.join(', ')}]`);
  }
  const passed = WORKED_EXAMPLES.length;
  console.log(allOk ? `\nAll ${passed} worked examples match.` : '\nSOME WORKED EXAMPLES DO NOT MATCH (✗ above).');
  return allOk;
}

const SIZE = 256;

/** A test card: a left-to-right gradient with a bright disc and a dark rectangle. */
function testImage(): Tensor {
  const data = new Float32Array(SIZE * SIZE);
  for (let r = 0; r < SIZE; r++) {
    for (let c = 0; c < SIZE; c++) {
      let v = 0.2 + (0.3 * c) / (SIZE - 1); // gentle: Sobel X sees ~0.005, far below the shapes' edges
      if ((r - 110) ** 2 + (c - 80) ** 2 <= 50 ** 2) v = 1;
      if (r >= 50 && r < 200 && c >= 150 && c < 225) v = 0;
      data[r * SIZE + c] = v;
    }
  }
  return { data, shape: [1, 1, SIZE, SIZE] };
}

/**
 * Downsamples to `columns × lines` characters and maps values to a ramp, scaled to the maximum.
 * `'max'` keeps thin edges visible; `'mean'` keeps an image's tones.
 */
function asciiArt(image: Tensor, columns: number, lines: number, reduce: 'max' | 'mean'): string {
  const [, , height, width] = image.shape as [number, number, number, number];
  const ramp = ' .:-=+*#%@';
  let peak = 0;
  for (const v of image.data) peak = Math.max(peak, v);
  const out: string[] = [];
  for (let line = 0; line < lines; line++) {
    const [top, bottom] = [Math.floor((line * height) / lines), Math.floor(((line + 1) * height) / lines)];
    let text = '';
    for (let col = 0; col < columns; col++) {
      const [left, right] = [Math.floor((col * width) / columns), Math.floor(((col + 1) * width) / columns)];
      let max = 0;
      let total = 0;
      for (let r = top; r < bottom; r++) {
        for (let c = left; c < right; c++) {
          const v = image.data[r * width + c]!;
          max = Math.max(max, v);
          total += v;
        }
      }
      const cell = reduce === 'max' ? max : total / ((bottom - top) * (right - left));
      text += ramp[Math.min(ramp.length - 1, Math.floor((cell / (peak || 1)) * ramp.length))];
    }
    out.push(`    |${text}|`);
  }
  const border = `    +${'-'.repeat(columns)}+`;
  return [border, ...out, border].join('\n');
}

function summary(t: Tensor): string {
  let min = Infinity;
  let max = -Infinity;
  let total = 0;
  for (const v of t.data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    total += v;
  }
  return `min ${min.toFixed(4)}, max ${max.toFixed(4)}, mean ${(total / t.data.length).toFixed(4)}`;
}

function edgeDetection(image: Tensor): void {
  heading(`2. Edge detection of a generated ${SIZE}×${SIZE} image`);
  console.log('Background 0.2 → 0.5 left to right, a bright disc (1.0) and a dark rectangle (0.0).\n');
  console.log('Input (cell means):');
  console.log(asciiArt(image, 48, 24, 'mean'));
  const gx = conv2d(image, kernels.sobelX, { padding: 'same' });
  const gy = conv2d(image, kernels.sobelY, { padding: 'same' });
  const magnitude = edgeMagnitude(gx, gy);
  console.log(`\nEdge magnitude √(gx² + gy²) of Sobel X and Y, padding 'same', shape [${magnitude.shape.join(', ')}] (cell maxima):`);
  console.log(asciiArt(magnitude, 48, 24, 'max'));
  console.log("The outer frame is real: 'same' pads with zeros, which meet the 0.2–0.5 background at the border.");
  console.log(`Sobel X:   ${summary(gx)}`);
  console.log(`Sobel Y:   ${summary(gy)}`);
  console.log(`magnitude: ${summary(magnitude)}`);
}

/**
 * Section 3's sampling. A one-shot wasm call on the 256² image takes ~0.22 ms (Sobel X) and a
 * fresh 256 KB output can cost ~0.8 ms more when its pages are new (~12 µs per 4 KB page on these
 * VMs), so single calls scatter (the old 15 single-call samples: 0.22–0.36 ms); batches of ≥ 5 ms
 * make each sample the mean of 16–110 wasm calls (1–3 js calls, ~2.6–5.4 ms each). 100 ms of
 * warm-up lets the js reference's loops tier up. 25 samples of 5 kinds: ~1.2 s per kernel here.
 */
const TIMING: TimingSettings = { targetMs: 5, samples: 25, minSamples: 9, budgetMs: 1500, warmupMs: 100 };

/** `0.241` ms, to 3 significant digits (2 decimals from 1 ms up, as the benchmark table). */
const msText = (t: number) => (t >= 1 ? ms(t) : t.toPrecision(3));
const spread = (a: number, b: number) => `${msText(a)}–${msText(b)}`;

/** How `after` compares with `before`, in words: `12% lower`, `3% higher`. */
const saving = (before: number, after: number) => {
  const change = Math.round((100 * (after - before)) / before);
  return change === 0 ? 'within 1%' : `${Math.abs(change)}% ${change < 0 ? 'lower' : 'higher'}`;
};

/** The largest |a − b| over two outputs. */
function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]!));
  return worst;
}

async function timing(image: Tensor): Promise<void> {
  const backend = getEngine().backend;
  heading(`3. Timing: conv2d on the ${SIZE}×${SIZE} image, wasm (${backend}, the default engine) vs the pure-JS reference`);
  console.log(
    `Each sample is the mean per call of a batch lasting ≥ ${TIMING.targetMs} ms; ${TIMING.warmupMs} ms of warm-up per kind of call first; ` +
      `the five kinds' samples interleave (each goes first in turn), so the ratios compare medians of the same run.\n` +
      `One-shot conv2d checks its arguments and packs the filter on every call; a layer (engine.createConv2d) does that once. ` +
      `Fresh output: each call returns a new Float32Array; preallocated: conv2d(x, w, options, out) or layer.run(x, out) fills the same one every call.`,
  );
  const js = await createEngine({ backend: 'js' });
  const cases: { name: string; filter: Tensor; options: Conv2dOptions }[] = [
    { name: 'Sobel X 3×3', filter: kernels.sobelX, options: { padding: 'same' } },
    { name: 'Gaussian 5×5', filter: kernels.gaussian(5), options: { padding: 'same' } },
  ];
  for (const { name, filter, options } of cases) {
    const layer = getEngine().createConv2d(filter, options);
    const out: Tensor = { data: new Float32Array(SIZE * SIZE), shape: layer.outputShape(image.shape) };
    // The three compute the same map (the reference sums in f64, wasm in f32).
    const want = js.conv2d(image, filter, options).data;
    const differences = [conv2d(image, filter, options), conv2d(image, filter, options, out), layer.run(image), layer.run(image, out)].map((y) => maxDifference(y.data, want));
    const kinds: [string, () => unknown][] = [
      [`wasm ${backend}: conv2d(x, w), fresh output`, () => conv2d(image, filter, options)],
      [`wasm ${backend}: conv2d(x, w, options, out), preallocated`, () => conv2d(image, filter, options, out)],
      [`wasm ${backend}: layer.run(x), fresh output`, () => layer.run(image)],
      [`wasm ${backend}: layer.run(x, out), preallocated`, () => layer.run(image, out)],
      ['js reference: conv2d(x, w), fresh output', () => js.conv2d(image, filter, options)],
    ];
    const summaries = (await timeInterleaved(kinds.map(([, run]) => run), TIMING)) as TimingSummary[];
    layer.dispose();
    const flops = conv2dFlops(image.shape, filter.shape, options);
    const rows = summaries.map((t, k) => [
      kinds[k]![0],
      msText(t.median),
      spread(t.p25, t.p75),
      spread(t.min, t.max),
      `${t.samples} × ${t.reps}`,
      (flops / (t.median * 1e6)).toFixed(2),
      (summaries[4]!.median / t.median).toFixed(1),
    ]);
    console.log(`\nconv2d ${SIZE}×${SIZE} ⋆ ${name}, padding 'same': ${(flops / 1e6).toFixed(2)} MFLOP`);
    console.log(
      markdownTable(['call', 'median ms', 'p25–p75 ms', 'min–max ms', 'samples × calls', 'GFLOPS', '× js'], rows, [false, true, true, true, true, true, true]),
    );
    const [oneShot, oneShotInto, fresh, preallocated, reference] = summaries as [TimingSummary, TimingSummary, TimingSummary, TimingSummary, TimingSummary];
    console.log(
      `conv2d: wasm ${(reference.median / oneShot.median).toFixed(1)}× faster than js (median js ÷ median wasm, both one-shot, fresh output). ` +
        `One-shot into a preallocated output: median ${saving(oneShot.median, oneShotInto.median)} than fresh. ` +
        `A layer: median ${saving(oneShot.median, fresh.median)} than one-shot; preallocated output: ${saving(fresh.median, preallocated.median)} than fresh. ` +
        `Largest |wasm − js| difference: ${Math.max(...differences).toExponential(1)}.`,
    );
  }
}

// Four shapes that show the range in a few seconds: a dense 3×3 (B, ~0.7 s a js call), a 1×1
// (E), a depthwise (F) and the image filter (I); the expensive 7×7 and strided shapes stay in
// `npm run bench`. Quick settings: 2 rounds, 100 ms per task and round, ~8 s in all on 2 cores.
const DEMO_SHAPES = ['B', 'E', 'F', 'I'];

async function benchmark(): Promise<boolean> {
  heading('4. WebAssembly vs JavaScript: a short benchmark (npm run bench: the whole suite, prepacked layers, TF.js and ONNX Runtime Web)');
  const cases = SUITE.filter((c) => DEMO_SHAPES.includes(c.id));
  const backends = availableBackends();
  for (const name of BACKEND_NAMES) {
    const reason = unsupportedReason(name);
    if (reason !== undefined) console.log(`Not measured: ${name}: ${reason}`);
  }
  // Quick settings take 1 js sample per round where a call outlasts the 100 ms (shape B: ~430 ms):
  // 2 in all, too few for a p25–p75. 3 per round give 6, for ~1.7 s more.
  const settings = { ...quickSettings(cases, backends), minSamples: { js: 3, wasm: 1 } };
  console.log(
    `Shapes ${DEMO_SHAPES.join(', ')} on ${backends.join(', ')}; every wasm output is checked against js first. ` +
      `${settings.rounds} rounds, ≥ ${settings.time} ms per task and round (progress on stderr) …\n`,
  );
  try {
    const report = await runBenchmark(settings, (line) => process.stderr.write(`  ${line}\n`));
    console.log(formatTable(report));
    console.log(
      `\nGFLOPS from the median time over both rounds; × js = js median / this median; round spread = slowest / fastest ` +
        `round median − 1. Quick settings: indicative only; npm run bench measures all ${SUITE.length} shapes in 3 rounds.`,
    );
    return true;
  } catch (error) {
    console.log(`Benchmark aborted: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

const started = performance.now();
const ok = workedExamples();
const image = testImage();
edgeDetection(image);
await timing(image);
const benchOk = await benchmark();
console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
if (!ok || !benchOk) process.exitCode = 1;
