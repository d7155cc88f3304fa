/** The markdown table of a `--threads` run (figures from bench/thread-scaling.ts) and its notes. */
import { markdownTable } from './markdown.js';
import type { Spread, ThreadsSummary } from './thread-scaling.js';

const ms = (t: number) => (t >= 100 ? t.toFixed(0) : t >= 10 ? t.toFixed(1) : t.toFixed(2));
const ratio = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(2));
const cell = (s: Spread | undefined) => (s === undefined ? '—' : `${ms(s.medianMs)} (${ms(s.p25Ms)}–${ms(s.p75Ms)})`);

/**
 * One line per shape and thread count: simdconv's rows and the peers at T (median, p25–p75),
 * each simdconv row's scaling over one thread, and each peer's time over simdconv's; then per T
 * the geometric means of the scalings and ratios.
 *
 * @example
 * console.log(formatThreadsTable(threadsSummary(report.rows, 'simd', [1, 2], ['ort-web'])));
 */
export function formatThreadsTable(s: ThreadsSummary): string {
  const header = [
    '', 'layer', 'threads',
    ...s.kinds.map((k) => `${s.build} ${k} ms (p25–p75)`),
    ...s.peers.map((p) => `${p} ms (p25–p75)`),
    ...s.kinds.map((k) => `${k} × 1T`),
    ...s.peers.map((p) => `${p} / ${s.ratioKind}`),
  ];
  const body = s.lines.map((l, i) => [
    i > 0 && s.lines[i - 1]!.shape === l.shape ? '' : l.shape,
    i > 0 && s.lines[i - 1]!.shape === l.shape ? '' : l.layer,
    String(l.threads),
    ...l.simdconv.map(cell),
    ...l.peers.map(cell),
    ...l.scaling.map(ratio),
    ...l.ratios.map(ratio),
  ]);
  for (const m of s.means) {
    const blanks = Array.from({ length: s.kinds.length + s.peers.length }, () => '');
    body.push(['', '**geometric mean**', String(m.threads), ...blanks, ...m.scaling.map(ratio), ...m.ratios.map(ratio)]);
  }
  return markdownTable(header, body, header.map((_, i) => i >= 2));
}

/** How to read the threads table: what each row is, and the caveats. */
export function threadsNotes(s: ThreadsSummary): string {
  return [
    `Rows (${s.build} build, NCHW): one-shot = \`engine.conv2d\`; prepacked = \`layer.run(x)\`, a JS array in and a new one out; ` +
      `preallocated = \`layer.run(x, y)\` into a JS tensor made once; resident = \`layer.run(xs, ys)\` on \`engine.tensor\`s, no copy in or out (the kernel alone). ` +
      `A fresh output array pays a page fault per 4 KB page on its first touch (docs/benchmark.md#a-threads-run), which prepacked pays every call and the other two do not. ` +
      `× 1T = the row's one-thread median / its T-thread median (2 = twice as fast). ` +
      `peer / ${s.ratioKind} = the peer's median at T / simdconv ${s.ratioKind} at T (> 1: simdconv faster); geometric-mean rows: over the shapes, — where a shape lacks a figure. ` +
      `ort-web at T > 1 runs in a child process with this process's Node flags (ONNX Runtime sets its thread count once per process), timed there in its turn among the other rows.`,
  ].join('\n');
}
