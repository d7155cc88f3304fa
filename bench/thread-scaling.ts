/**
 * The figures of a `--threads` run: per shape and thread count T, each simdconv row's median and
 * p25–p75, its scaling (its one-thread median over its T-thread median), and each peer's median
 * at T over simdconv's at T. Pure functions of the bench's rows; bench/threads-table.ts prints them.
 */
import { geomean } from './stats.js';

/** The simdconv rows a threads run has per build and T, in column order. */
export const THREAD_KINDS = ['one-shot', 'prepacked', 'preallocated', 'resident'] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];

/** What the summary reads of a bench row (bench/run.ts's Row has all of it). */
export interface TimedRow {
  readonly shape: string;
  readonly layer: string;
  readonly kind: string;
  readonly layout: string;
  readonly build?: string;
  readonly peer?: string;
  readonly threads: number;
  readonly medianMs: number;
  readonly p25Ms: number;
  readonly p75Ms: number;
}

export interface Spread {
  readonly medianMs: number;
  readonly p25Ms: number;
  readonly p75Ms: number;
}

/**
 * Scaling at T threads: the one-thread time over the T-thread time (2 = twice as fast);
 * undefined when either is missing.
 *
 * @example
 * speedup(1.86, 1.06); // 1.75
 */
export function speedup(oneThreadMs: number | undefined, threadsMs: number | undefined): number | undefined {
  return oneThreadMs === undefined || threadsMs === undefined ? undefined : oneThreadMs / threadsMs;
}

/**
 * A peer against simdconv at the same thread count: the peer's time over simdconv's (> 1:
 * simdconv is faster); undefined when either is missing.
 *
 * @example
 * peerRatio(5.0, 2.5); // 2
 */
export function peerRatio(peerMs: number | undefined, simdconvMs: number | undefined): number | undefined {
  return peerMs === undefined || simdconvMs === undefined ? undefined : peerMs / simdconvMs;
}

/**
 * The geometric mean of per-shape ratios, or undefined if any shape lacks one (a mean over a
 * subset would not compare with the others) or there are none.
 *
 * @example
 * geomeanOfAll([2, 8]); // 4
 * geomeanOfAll([2, undefined]); // undefined
 */
export function geomeanOfAll(values: readonly (number | undefined)[]): number | undefined {
  return values.length > 0 && values.every((v) => v !== undefined) ? geomean(values as number[]) : undefined;
}

/** One shape at one thread count. */
export interface ThreadsLine {
  readonly shape: string;
  readonly layer: string;
  readonly threads: number;
  /** Per {@link ThreadsSummary.kinds}: simdconv's medians at T (NCHW). */
  readonly simdconv: readonly (Spread | undefined)[];
  /** Per {@link ThreadsSummary.peers}: the peer's medians at T, when measured at T. */
  readonly peers: readonly (Spread | undefined)[];
  /** Per kind: its one-thread median over this one ({@link speedup}). */
  readonly scaling: readonly (number | undefined)[];
  /** Per peer: its median over simdconv's {@link ThreadsSummary.ratioKind} median, both at T. */
  readonly ratios: readonly (number | undefined)[];
}

export interface ThreadsSummary {
  /** The simdconv build summarised. */
  readonly build: string;
  readonly threads: readonly number[];
  /** The simdconv rows present, in {@link THREAD_KINDS} order. */
  readonly kinds: readonly ThreadKind[];
  readonly peers: readonly string[];
  /** The simdconv row the peers are compared with: prepacked (a JS array in, a new one out, as a peer's call), else one-shot. */
  readonly ratioKind: ThreadKind;
  /** Shape by shape, each shape's thread counts together. */
  readonly lines: readonly ThreadsLine[];
  /** Per T: the geometric means over the shapes of each scaling and each ratio. */
  readonly means: readonly { readonly threads: number; readonly scaling: readonly (number | undefined)[]; readonly ratios: readonly (number | undefined)[] }[];
}

const spread = (r: TimedRow | undefined): Spread | undefined => (r === undefined ? undefined : { medianMs: r.medianMs, p25Ms: r.p25Ms, p75Ms: r.p75Ms });

/**
 * Summarises one build's rows of a threads run: per shape (in row order) and T, the medians,
 * the scaling against one thread and the ratio of each peer at T.
 *
 * @example
 * const s = threadsSummary(report.rows, 'simd', [1, 2], ['ort-web']);
 * s.means.find((m) => m.threads === 2)?.scaling; // per kind, e.g. [1.7, 1.8, 1.8, 1.9]
 */
export function threadsSummary(rows: readonly TimedRow[], build: string, threads: readonly number[], peers: readonly string[]): ThreadsSummary {
  const simdconvRow = (shape: string, kind: ThreadKind, t: number) =>
    rows.find((r) => r.shape === shape && r.build === build && r.kind === kind && r.layout === 'nchw' && r.threads === t);
  const peerRow = (shape: string, peer: string, t: number) => rows.find((r) => r.shape === shape && r.kind === 'peer' && r.peer === peer && r.threads === t);
  const kinds = THREAD_KINDS.filter((k) => rows.some((r) => r.build === build && r.kind === k));
  const ratioKind: ThreadKind = kinds.includes('prepacked') ? 'prepacked' : 'one-shot';
  const shapes = [...new Set(rows.filter((r) => r.build === build).map((r) => r.shape))];
  const lines: ThreadsLine[] = [];
  for (const shape of shapes) {
    const layer = rows.find((r) => r.shape === shape)!.layer;
    for (const t of threads) {
      const simdconv = kinds.map((k) => spread(simdconvRow(shape, k, t)));
      const atT = peers.map((p) => spread(peerRow(shape, p, t)));
      const base = simdconv[kinds.indexOf(ratioKind)]?.medianMs;
      lines.push({
        shape,
        layer,
        threads: t,
        simdconv,
        peers: atT,
        scaling: kinds.map((k, i) => speedup(simdconvRow(shape, k, 1)?.medianMs, simdconv[i]?.medianMs)),
        ratios: atT.map((p) => peerRatio(p?.medianMs, base)),
      });
    }
  }
  const means = threads.map((t) => {
    const mine = lines.filter((l) => l.threads === t);
    return {
      threads: t,
      scaling: kinds.map((_, i) => geomeanOfAll(mine.map((l) => l.scaling[i]))),
      ratios: peers.map((_, i) => geomeanOfAll(mine.map((l) => l.ratios[i]))),
    };
  });
  return { build, threads, kinds, peers, ratioKind, lines, means };
}
