/**
 * `npm start`: a tour of simdconv in a few seconds.
 *   1. worked examples, computed by the library next to the answer worked by hand;
 *   2. edge detection (Sobel X, Y, magnitude) of a generated 256×256 image, as ASCII art;
 *   3. how fast conv2d is on that image;
 *   4. a short wasm-vs-JS benchmark: four suite shapes on the pure-JS reference and every
 *      WebAssembly build this Node runs (the code of `npm run bench`, with `--quick` settings).
 * Exits non-zero if any worked example disagrees or a wasm output fails its check.
 */
import { conv1d, conv2d, conv2dFlops, edgeMagnitude, getEngine, kernels, type Conv1dOptions, type Conv2dOptions, type Tensor } from '../src/index.js';
import { WORKED_EXAMPLES, type WorkedExample } from '../test/fixtures/worked-examples.js';
import { quickSettings } from './args.js';
import { availableBackends, BACKEND_NAMES, unsupportedReason } from './backends.js';
import { formatTable, runBenchmark } from './run.js';
import { median } from './stats.js';
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

function timing(image: Tensor): void {
  heading(`3. Timing (the top-level conv2d, on the default engine: ${getEngine().backend})`);
  const cases: { name: string; filter: Tensor; options: Conv2dOptions }[] = [
    { name: 'Sobel X 3×3', filter: kernels.sobelX, options: { padding: 'same' } },
    { name: 'Gaussian 5×5', filter: kernels.gaussian(5), options: { padding: 'same' } },
  ];
  const runs = 15;
  for (const { name, filter, options } of cases) {
    for (let i = 0; i < 3; i++) conv2d(image, filter, options); // warm up the JIT
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      conv2d(image, filter, options);
      times.push(performance.now() - start);
    }
    const ms = median(times);
    const flops = conv2dFlops(image.shape, filter.shape, options);
    console.log(
      `conv2d ${SIZE}×${SIZE} ⋆ ${name.padEnd(12)}: median ${ms.toFixed(2)} ms over ${runs} runs ` +
        `(min ${Math.min(...times).toFixed(2)}, max ${Math.max(...times).toFixed(2)}), ` +
        `${(flops / 1e6).toFixed(2)} MFLOP → ${(flops / (ms * 1e6)).toFixed(3)} GFLOPS`,
    );
  }
}

// Four shapes that show the range in a few seconds: a dense 3×3 (B, ~0.7 s a js call), a 1×1
// (E), a depthwise (F) and the image filter (I); the expensive 7×7 and strided shapes stay in
// `npm run bench`. Quick settings: 2 rounds, 100 ms per task and round, ~6 s in all on 2 cores.
const DEMO_SHAPES = ['B', 'E', 'F', 'I'];

async function benchmark(): Promise<boolean> {
  heading('4. WebAssembly vs JavaScript: a short benchmark (npm run bench: the whole suite, prepacked layers, TF.js and ONNX Runtime Web)');
  const cases = SUITE.filter((c) => DEMO_SHAPES.includes(c.id));
  const backends = availableBackends();
  for (const name of BACKEND_NAMES) {
    const reason = unsupportedReason(name);
    if (reason !== undefined) console.log(`Not measured: ${name}: ${reason}`);
  }
  const settings = quickSettings(cases, backends);
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
timing(image);
const benchOk = await benchmark();
console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
if (!ok || !benchOk) process.exitCode = 1;
