/**
 * A small CNN, end to end, on simdconv: prepacked layers and activations that stay in wasm
 * memory from the input to the logits.
 *
 *   image [1, 3, 128, 128]
 *   → conv 3×3, 3→16, relu → max pool 2×2
 *   → conv 3×3, 16→32, relu → max pool 2×2
 *   → conv 3×3, 32→64, relu → max pool 2×2
 *   → conv 3×3, 64→128, relu
 *   → global average pool → dense 128→10 (a 1×1 conv)
 *
 * The weights are random (seeded): the point is the plumbing and the timing, not the answer.
 * The result is checked against the same network on the pure-JS reference kernels.
 *
 * Run: `npm run example` (add `-- --runs 50` for more timing runs).
 */
import { pathToFileURL } from 'node:url';
import { createEngine, reference, type Engine, type EngineTensor, type Layer, type Tensor } from 'simdconv';

/** One stage of the network: a layer and how to describe it. */
interface Stage {
  readonly name: string;
  readonly layer: Layer;
  /** The same stage on the reference kernels. */
  readonly reference: (x: Tensor) => Tensor;
}

/** A seeded generator (mulberry32) so that every run builds the same network. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** He-initialised weights for a `[out, in, k, k]` filter, and a small bias. */
function convWeights(rand: () => number, out: number, inChannels: number, k: number): { filter: Tensor; bias: Float32Array } {
  const fanIn = inChannels * k * k;
  const scale = Math.sqrt(6 / fanIn);
  const filter = { data: Float32Array.from({ length: out * fanIn }, () => (2 * rand() - 1) * scale), shape: [out, inChannels, k, k] };
  const bias = Float32Array.from({ length: out }, () => 0.1 * (2 * rand() - 1));
  return { filter, bias };
}

/** The network's layers on `engine`, each with its reference twin. */
export function buildNetwork(engine: Engine, seed = 1): Stage[] {
  const rand = random(seed);
  const stages: Stage[] = [];
  const conv = (name: string, inChannels: number, out: number) => {
    const { filter, bias } = convWeights(rand, out, inChannels, 3);
    const options = { padding: 'same', bias, activation: 'relu' } as const;
    stages.push({ name, layer: engine.createConv2d(filter, options), reference: (x) => reference.conv2d(x, filter, options) });
  };
  const pool = (name: string) => {
    const options = { windowDimensions: [2, 2], strides: 2 } as const;
    stages.push({ name, layer: engine.createMaxPool2d(options), reference: (x) => reference.maxPool2d(x, options) });
  };
  conv('conv1 3→16', 3, 16);
  pool('pool1');
  conv('conv2 16→32', 16, 32);
  pool('pool2');
  conv('conv3 32→64', 32, 64);
  pool('pool3');
  conv('conv4 64→128', 64, 128);
  stages.push({ name: 'global avg pool', layer: engine.createAvgPool2d(), reference: (x) => reference.avgPool2d(x) });
  const dense = convWeights(rand, 10, 128, 1);
  const denseOptions = { bias: dense.bias };
  stages.push({ name: 'dense 128→10', layer: engine.createConv2d(dense.filter, denseOptions), reference: (x) => reference.conv2d(x, dense.filter, denseOptions) });
  return stages;
}

/**
 * The activations of a forward pass, allocated once in the engine's memory: `tensors[0]` is the
 * input, `tensors[i + 1]` the output of stage i.
 */
export function allocateActivations(engine: Engine, stages: readonly Stage[], inputShape: readonly number[]): EngineTensor[] {
  const tensors = [engine.tensor(inputShape)];
  for (const stage of stages) tensors.push(engine.tensor(stage.layer.outputShape(tensors[tensors.length - 1]!.shape)));
  return tensors;
}

/** Runs every stage in place; returns each stage's time in milliseconds. */
export function forward(stages: readonly Stage[], tensors: readonly EngineTensor[]): number[] {
  return stages.map((stage, i) => {
    const start = performance.now();
    stage.layer.run(tensors[i]!, tensors[i + 1]!);
    return performance.now() - start;
  });
}

/** The same forward pass on the reference kernels (plain JS tensors). */
export function referenceForward(stages: readonly Stage[], input: Tensor): Tensor {
  return stages.reduce((x, stage) => stage.reference(x), input);
}

/** A deterministic test image: smooth colour gradients with a few edges. */
export function testImage(size: number): Tensor {
  const data = new Float32Array(3 * size * size);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const edge = (x > size / 3 && x < (2 * size) / 3 && y > size / 4) ? 0.5 : 0;
        data[(c * size + y) * size + x] = Math.sin((x + 7 * c) / 9) * Math.cos(y / 13) + edge;
      }
    }
  }
  return { data, shape: [1, 3, size, size] };
}

const median = (values: readonly number[]) => {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function main(): Promise<void> {
  const runsAt = process.argv.indexOf('--runs');
  const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 20;
  const engine = await createEngine();
  const image = testImage(128);

  let start = performance.now();
  const stages = buildNetwork(engine);
  const buildMs = performance.now() - start;
  const tensors = allocateActivations(engine, stages, image.shape);
  tensors[0]!.write(image.data);

  // Correctness first: the logits against the reference network's.
  forward(stages, tensors);
  const logits = tensors[tensors.length - 1]!.read();
  const expected = referenceForward(stages, image).data;
  const worst = Math.max(...logits.map((v, k) => Math.abs(v - expected[k]!)));
  const ok = worst <= 1e-4 * Math.max(1, ...expected.map(Math.abs));

  const times: number[][] = [];
  for (let r = 0; r < runs; r++) times.push(forward(stages, tensors));
  start = performance.now();
  referenceForward(stages, image);
  const referenceMs = performance.now() - start;

  console.log(`small CNN on simdconv (${engine.backend}), input ${image.shape.join('×')}, ${runs} runs`);
  console.log(`layers created and packed in ${buildMs.toFixed(2)} ms; wasm memory ${(engine.memoryBytes / 2 ** 20).toFixed(1)} MiB`);
  console.log('');
  console.log('| layer | output | median ms | min ms |');
  console.log('|---|---|---|---|');
  stages.forEach((stage, i) => {
    const column = times.map((t) => t[i]!);
    console.log(`| ${stage.name} | ${tensors[i + 1]!.shape.join('×')} | ${median(column).toFixed(3)} | ${Math.min(...column).toFixed(3)} |`);
  });
  const totals = times.map((t) => t.reduce((a, b) => a + b, 0));
  console.log(`| **total** | | **${median(totals).toFixed(3)}** | ${Math.min(...totals).toFixed(3)} |`);
  console.log('');
  console.log(`reference (pure JS) forward pass: ${referenceMs.toFixed(1)} ms (${(referenceMs / median(totals)).toFixed(0)}× slower)`);
  console.log(`logits: [${Array.from(logits, (v) => v.toFixed(4)).join(', ')}]`);
  console.log(`largest difference from the reference: ${worst.toExponential(2)} ${ok ? '(ok)' : '(TOO LARGE)'}`);

  for (const t of tensors) t.dispose();
  for (const stage of stages) stage.layer.dispose();
  if (!ok) process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
