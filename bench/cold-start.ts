/**
 * Cold start: from a fresh process's `import` of the built package to the first conv result,
 * the figure edge and serverless users pay on every new isolate. Each run is a new `node`
 * process without flags (bench/cold-start-child.mjs), so the default build is what plain Node
 * picks; the phases are timed inside the process, so Node's own start-up (~40 ms) is left out
 * and reported apart as the whole process's wall time.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { markdownTable } from './markdown.js';
import { quantile } from './stats.js';

/** Where the issue sets the bar (Node, from `import` to the first result). */
export const COLD_START_TARGET_MS = 20;

export interface Spread {
  readonly median: number;
  readonly p25: number;
  readonly p75: number;
  readonly min: number;
  readonly max: number;
}

export interface ColdStartReport {
  readonly runs: number;
  readonly backend: string;
  readonly conv: string;
  /** `import('simdconv')`: evaluating the package's modules. */
  readonly importMs: Spread;
  /** `getEngine()`: reading, compiling and instantiating the .wasm. */
  readonly engineMs: Spread;
  /** The first `conv2d` (validation, packing, the kernel, the copy out). */
  readonly convMs: Spread;
  /** import → first result: the cold-start figure. */
  readonly totalMs: Spread;
  /** The whole child process, spawn to exit, Node's own start-up included. */
  readonly processMs: Spread;
}

function spread(values: number[]): Spread {
  const s = values.slice().sort((a, b) => a - b);
  return { median: quantile(s, 0.5), p25: quantile(s, 0.25), p75: quantile(s, 0.75), min: s[0]!, max: s.at(-1)! };
}

const ENTRY = new URL('../dist/index.js', import.meta.url);

/** Runs `runs` fresh processes, one after another. Needs `npm run build` (it times the built package). */
export function measureColdStart(runs: number): ColdStartReport {
  if (!existsSync(ENTRY)) throw new Error(`cold start: ${fileURLToPath(ENTRY)} is missing; run \`npm run build\` first`);
  const child = fileURLToPath(new URL('./cold-start-child.mjs', import.meta.url));
  const phases: { backend: string; importMs: number; engineMs: number; convMs: number; totalMs: number }[] = [];
  const processMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const out = execFileSync(process.execPath, [child, pathToFileURL(fileURLToPath(ENTRY)).href], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    processMs.push(performance.now() - started);
    phases.push(JSON.parse(out));
  }
  const backends = [...new Set(phases.map((p) => p.backend))];
  return {
    runs,
    backend: backends.join(', '),
    conv: '1×1×128×128 ⋆ Sobel-X 3×3, padding same',
    importMs: spread(phases.map((p) => p.importMs)),
    engineMs: spread(phases.map((p) => p.engineMs)),
    convMs: spread(phases.map((p) => p.convMs)),
    totalMs: spread(phases.map((p) => p.totalMs)),
    processMs: spread(processMs),
  };
}

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));

export function formatColdStart(report: ColdStartReport): string {
  const row = (what: string, s: Spread) => [what, ms(s.median), `${ms(s.p25)}–${ms(s.p75)}`, `${ms(s.min)}–${ms(s.max)}`];
  const verdict = report.totalMs.median <= COLD_START_TARGET_MS ? 'within' : 'over';
  return [
    `### Cold start (Node, plain \`node\`: ${report.backend} build)`,
    '',
    markdownTable(
      ['phase', 'median ms', 'p25–p75 ms', 'min–max ms'],
      [
        row('`import` of dist/index.js', report.importMs),
        row('`getEngine()`: read, compile, instantiate the .wasm', report.engineMs),
        row(`first \`conv2d\` (${report.conv})`, report.convMs),
        row('**import → first result**', report.totalMs),
        row('whole process, spawn to exit (Node start-up included)', report.processMs),
      ],
      [false, true, true, true],
    ),
    '',
    `${report.runs} fresh processes, one after another. Median import → first result ${ms(report.totalMs.median)} ms: ${verdict} the ${COLD_START_TARGET_MS} ms target.`,
  ].join('\n');
}
