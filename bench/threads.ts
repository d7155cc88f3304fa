// 1 vs N threads on a few layer shapes: median and p25–p75 of batched samples, per engine, run
// interleaved so load on the shared VM hits both alike. `node bench/launch.mjs bench/threads.ts [threads]`.
import { createEngineSync, type Engine, type Tensor } from '../src/index.js';
import { tileRunner } from '../src/engine/tiles.js';

const threads = Number(process.argv[2] ?? 2);
const fill = (shape: number[]): Tensor => ({ shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b) }, (_, i) => Math.sin(i * 0.37)) });
const CASES: [string, number[], number[], object][] = [
  ['3×3 32→64 56² (58 M MACs)', [1, 32, 56, 56], [64, 32, 3, 3], { padding: 'same' }],
  ['3×3 64→64 28² (29 M)', [1, 64, 28, 28], [64, 64, 3, 3], { padding: 'same' }],
  ['1×1 64→128 28² (6.4 M)', [1, 64, 28, 28], [128, 64, 1, 1], {}],
  ['3×3 8→8 32² (0.6 M)', [1, 8, 32, 32], [8, 8, 3, 3], { padding: 'same' }],
  ['3×3 8→16 32² (1.2 M)', [1, 8, 32, 32], [16, 8, 3, 3], { padding: 'same' }],
  ['3×3 8→8 40² (0.9 M)', [1, 8, 40, 40], [8, 8, 3, 3], { padding: 'same' }],
  ['3×3 16→16 32² (2.4 M)', [1, 16, 32, 32], [16, 16, 3, 3], { padding: 'same' }],
  ['3×3 4→4 16² (37 k)', [1, 4, 16, 16], [4, 4, 3, 3], { padding: 'same' }],
  ['dw 3×3 64ch 56² (1.8 M)', [1, 64, 56, 56], [64, 1, 3, 3], { padding: 'same', groups: 64 }],
];
if (process.argv[3] === 'nofloor') tileRunner.workFloor = 0;
const engines: Engine[] = [createEngineSync({ backend: 'simd' }), createEngineSync({ backend: 'simd', threads })];
const q = (xs: number[], p: number): number => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
console.log(`simd build, 1 vs ${threads} threads (work floor ${tileRunner.workFloor}), ms per call: median [p25–p75]`);
for (const [name, xs, ws, options] of CASES) {
  const layers = engines.map((e) => e.createConv2d(fill(ws), options));
  const inputs = engines.map((e) => e.tensor(xs, fill(xs).data));
  const outputs = engines.map((e, i) => e.tensor(layers[i]!.outputShape(xs)));
  const once = (i: number): number => {
    let reps = 1;
    for (;;) {
      const t = performance.now();
      for (let r = 0; r < reps; r++) layers[i]!.run(inputs[i]!, outputs[i]!);
      const ms = performance.now() - t;
      if (ms > 5 || reps >= 4096) return ms / reps;
      reps *= 2;
    }
  };
  for (let w = 0; w < 3; w++) engines.forEach((_, i) => once(i));
  const samples: number[][] = engines.map(() => []);
  for (let s = 0; s < 25; s++) engines.forEach((_, i) => samples[i]!.push(once(i)));
  const cells = samples.map((xs) => xs.sort((a, b) => a - b)).map((xs) => `${q(xs, 0.5).toFixed(3)} [${q(xs, 0.25).toFixed(3)}–${q(xs, 0.75).toFixed(3)}]`);
  const ratio = q(samples[1]!, 0.5) / q(samples[0]!, 0.5);
  console.log(`${name.padEnd(30)} 1: ${cells[0]!.padEnd(26)} ${threads}: ${cells[1]!.padEnd(26)} ratio ${ratio.toFixed(2)}`);
}
