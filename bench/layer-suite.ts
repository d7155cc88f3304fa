/**
 * The runner of the layer suites that compare simdconv's prepacked layers with peers' ops on a
 * list of layers (`--suite convT`, `--suite conv3d`): each case's calls are checked against the
 * reference before they are timed, then timed in rounds (all calls of a case one after another,
 * many short rounds: a burst of host load falls on every call's samples alike), and a Markdown
 * table prints medians [p10–p90] and the best peer's median over simdconv's preallocated one.
 */
import { parseArgs } from 'node:util';
import { createEngineSync, type Engine, type Tensor } from '../src/index.js';
import { geomean, median, quantile } from './stats.js';
import { machineInfo } from './machine.js';
import { timeTask } from './time-task.js';

/** A prepared call of one library: its input (in its layout) → a new output (in its layout). */
export interface Call {
  readonly run: () => Float32Array | Promise<Float32Array>;
  readonly async: boolean;
  /** The output is NHWC (or NDHWC) while the reference's is channels-first. */
  readonly channelsLast: boolean;
  /** How the library runs a case it has no single op for. */
  readonly note?: string;
  readonly dispose: () => void | Promise<void>;
}

/** One case made ready: every library's call, and what their outputs are checked against. */
export interface PreparedCase {
  readonly calls: readonly (readonly [label: string, call: Call])[];
  /** The reference output, channels-first. */
  readonly expected: Tensor;
  /** Σ|x·w| (+|bias|) per output: a peer's output may differ by 1e-4 of it (their orders of summation differ). */
  readonly bound: Float32Array;
}

export interface LayerSuite<C extends { readonly id: string; readonly name: string }> {
  /** As typed after `--suite`. */
  readonly suite: string;
  readonly title: string;
  readonly cases: readonly C[];
  readonly defaultPeers: readonly string[];
  /** One line naming the peers' versions and ops. */
  peersLine(): string;
  /** Loads what the peers need, once. */
  setup(peers: readonly string[]): Promise<void>;
  /** The calls of case `c`: simdconv's (preallocated and fresh output, per engine) and each peer's. */
  prepare(c: C, engines: readonly Engine[], peers: readonly string[]): Promise<PreparedCase>;
}

interface Row {
  readonly label: string;
  readonly samples: number[];
}

/** Deterministic values in [−1, 1): the same data for every library. */
export function seeded(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
}

export const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Channels-first → channels-last (NCHW → NHWC, NCDHW → NDHWC). */
export function toChannelsLast(data: Float32Array, shape: readonly number[]): Float32Array {
  const [n, c] = shape as [number, number];
  const plane = size(shape.slice(2));
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++) for (let ch = 0; ch < c; ch++) for (let i = 0; i < plane; i++) out[(b * plane + i) * c + ch] = data[(b * c + ch) * plane + i]!;
  return out;
}

function check(label: string, got: Float32Array, prepared: PreparedCase, channelsLast: boolean): void {
  const want = channelsLast ? toChannelsLast(prepared.expected.data, prepared.expected.shape) : prepared.expected.data;
  const limit = channelsLast ? toChannelsLast(prepared.bound, prepared.expected.shape) : prepared.bound;
  if (got.length !== want.length) throw new Error(`${label}: ${got.length} outputs, expected ${want.length}`);
  for (let i = 0; i < got.length; i++) {
    if (!(Math.abs(got[i]! - want[i]!) <= 1e-4 * limit[i]! + 1e-5)) throw new Error(`${label}: output ${i} is ${got[i]}, the reference says ${want[i]}`);
  }
}

/** Runs `suite` with the command line `argv` (its own options; `--suite` is skipped) and prints its table. */
export async function runLayerSuite<C extends { readonly id: string; readonly name: string }>(suite: LayerSuite<C>, argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv.filter((a, i) => !(a === '--suite' || argv[i - 1] === '--suite' || a.startsWith('--suite='))),
    options: {
      shapes: { type: 'string' },
      backends: { type: 'string', default: 'simd,relaxed-simd' },
      peers: { type: 'string', default: suite.defaultPeers.join(',') },
      // Many short rounds rather than a few long ones: on a shared host a burst of load then
      // falls on every task's samples alike instead of on one task's block.
      rounds: { type: 'string', default: '7' },
      time: { type: 'string', default: '150' },
      'cold-start': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(`npm run bench -- --suite ${suite.suite} [--shapes ${suite.cases.slice(0, 2).map((c) => c.id).join(',')}] [--backends simd,relaxed-simd] [--peers ${suite.defaultPeers.join(',')}] [--rounds 7] [--time 150]`);
    return;
  }
  const cases = values.shapes === undefined ? suite.cases : suite.cases.filter((c) => values.shapes!.split(',').includes(c.id));
  const rounds = Number(values.rounds);
  const time = Number(values.time);
  const backends = values.backends.split(',').filter((b) => b !== '');
  const peers = values.peers.split(',').filter((p) => p !== '');
  const engines = backends.map((backend) => createEngineSync({ backend: backend as 'simd' }));
  await suite.setup(peers);
  const m = machineInfo();
  const lines = [
    `## ${suite.title} (\`--suite ${suite.suite}\`)`,
    '',
    `${m.date}: ${m.cpu}, ${m.cores} cores, Node ${m.node} (V8 ${m.v8}). One thread everywhere. ${rounds} rounds of ${time} ms per task; ms per call, median of all samples [p10–p90]; ratio = the best peer's median / simdconv's (preallocated output).`,
    suite.peersLine(),
    '',
    `| id | layer | ${engines.map((e) => `simdconv ${e.backend} prealloc | ${e.backend} fresh`).join(' | ')} | ${peers.join(' | ')} | ratio (${engines.map((e) => e.backend).join(', ')}) |`,
    `|---|---|${engines.map(() => '---|---|').join('')}${peers.map(() => '---|').join('')}---|`,
  ];
  const ratios = new Map<string, number[]>(engines.map((e) => [e.backend, []]));
  const notes: string[] = [];
  for (const c of cases) {
    const prepared = await suite.prepare(c, engines, peers);
    for (const [label, call] of prepared.calls) {
      check(`${c.id} ${label}`, await call.run(), prepared, call.channelsLast);
      if (call.note !== undefined) notes.push(`${c.id} ${label}: ${call.note}`);
    }
    const rows: Row[] = prepared.calls.map(([label]) => ({ label, samples: [] }));
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < prepared.calls.length; i++) {
        const [label, call] = prepared.calls[i]!;
        const timed = await timeTask(`${c.id} ${label}`, call, { time, iterations: 5, warmup: true });
        rows[i]!.samples.push(...timed.samples);
      }
    }
    for (const [, call] of prepared.calls) await call.dispose();
    const show = (row: Row) => {
      const sorted = row.samples.slice().sort((a, b) => a - b);
      const f = (v: number) => (v < 0.1 ? v.toFixed(3) : v < 10 ? v.toFixed(2) : v.toFixed(1));
      return `${f(quantile(sorted, 0.5))} [${f(quantile(sorted, 0.1))}–${f(quantile(sorted, 0.9))}]`;
    };
    const med = (label: string) => median(rows.find((r) => r.label === label)!.samples);
    const best = Math.min(...peers.map((p) => med(p)));
    const caseRatios = engines.map((e) => {
      const ratio = best / med(`${e.backend} prealloc`);
      ratios.get(e.backend)!.push(ratio);
      return ratio.toFixed(2);
    });
    lines.push(`| ${c.id} | ${c.name} | ${rows.map(show).join(' | ')} | ${peers.length > 0 ? caseRatios.join(', ') : '–'} |`);
    process.stderr.write(`${c.id} done\n`);
  }
  if (peers.length > 0) {
    lines.push('', `Geometric mean of the ratios: ${engines.map((e) => `${e.backend} ${geomean(ratios.get(e.backend)!).toFixed(2)}×`).join(', ')}.`);
  }
  if (notes.length > 0) lines.push('', ...notes.map((n) => `- ${n}`));
  console.log(lines.join('\n'));
}
