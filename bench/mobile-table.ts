/**
 * The table of a `--suite mobile` run: per layer and layout, simdconv's layer into a
 * preallocated output and into a fresh one, each peer given that layout, and the peer's time
 * over each of simdconv's (docs/benchmark.md#the-mobile-suite).
 */
import type { BackendName } from './backends.js';
import { markdownTable } from './markdown.js';
import type { Layout, PeerName } from './peers/index.js';
import { geomean } from './stats.js';

/** What the table reads of a row (bench/run.ts's Row has it all). */
export interface MobileRow {
  readonly shape: string;
  readonly layer: string;
  readonly backend: string;
  readonly layout: Layout;
  readonly peer?: PeerName;
  readonly medianMs: number;
  readonly p25Ms: number;
  readonly p75Ms: number;
}

/** One line of the table: a layer in one layout against one peer given that layout (or none). */
export interface MobileLine {
  readonly shape: string;
  readonly layer: string;
  readonly layout: Layout;
  readonly preallocated: MobileRow | undefined;
  readonly fresh: MobileRow | undefined;
  readonly peer: MobileRow | undefined;
  /** Peer median / simdconv preallocated median (> 1: simdconv faster). */
  readonly ratioPreallocated: number | undefined;
  /** Peer median / simdconv fresh-output median. */
  readonly ratioFresh: number | undefined;
}

/** Per peer: the geometric means and the lowest of its ratios over the layers. */
export interface MobilePeerSummary {
  readonly peer: PeerName;
  readonly layout: Layout;
  readonly geomeanPreallocated: number | undefined;
  readonly geomeanFresh: number | undefined;
  /** The lowest preallocated ratio and its layer. */
  readonly lowest: { readonly shape: string; readonly ratio: number } | undefined;
}

export interface MobileSummary {
  readonly build: BackendName;
  readonly lines: readonly MobileLine[];
  readonly peers: readonly MobilePeerSummary[];
  /**
   * Per layer, the fastest peer (each in its own layout) over simdconv preallocated in that
   * layout: the bar is ≥ 1.2 on every layer.
   */
  readonly bestPeer: readonly { readonly shape: string; readonly peer: PeerName; readonly ratio: number }[];
}

const over = (peer: MobileRow | undefined, mine: MobileRow | undefined) => (peer === undefined || mine === undefined ? undefined : peer.medianMs / mine.medianMs);
const meanOf = (values: readonly (number | undefined)[]) => (values.length > 0 && values.every((v) => v !== undefined) ? geomean(values as number[]) : undefined);

/**
 * The lines and summaries of one build from a mobile run's rows; `shapes` in table order,
 * `peers` with the layout each was given.
 *
 * @example
 * const s = mobileSummary(report.rows, 'simd', report.settings.shapes, report.peers);
 */
export function mobileSummary(rows: readonly MobileRow[], build: BackendName, shapes: readonly string[], peers: readonly { readonly name: PeerName; readonly layout: Layout }[]): MobileSummary {
  const find = (shape: string, backend: string) => rows.find((r) => r.shape === shape && r.backend === backend);
  const lines: MobileLine[] = [];
  for (const shape of shapes) {
    const layer = rows.find((r) => r.shape === shape)?.layer ?? '';
    for (const layout of ['nchw', 'nhwc'] as const) {
      const suffix = layout === 'nhwc' ? ' nhwc' : '';
      const preallocated = find(shape, `${build} preallocated${suffix}`);
      const fresh = find(shape, `${build} prepacked${suffix}`);
      const given = peers.filter((p) => p.layout === layout).map((p) => find(shape, p.name));
      for (const peer of given.length === 0 ? [undefined] : given) {
        lines.push({ shape, layer, layout, preallocated, fresh, peer, ratioPreallocated: over(peer, preallocated), ratioFresh: over(peer, fresh) });
      }
    }
  }
  const peerSummaries = peers.map((p): MobilePeerSummary => {
    const own = lines.filter((l) => l.peer?.backend === p.name);
    const lowest = own.reduce<MobilePeerSummary['lowest']>((low, l) => (l.ratioPreallocated !== undefined && (low === undefined || l.ratioPreallocated < low.ratio) ? { shape: l.shape, ratio: l.ratioPreallocated } : low), undefined);
    return { peer: p.name, layout: p.layout, geomeanPreallocated: meanOf(own.map((l) => l.ratioPreallocated)), geomeanFresh: meanOf(own.map((l) => l.ratioFresh)), lowest };
  });
  const bestPeer: { shape: string; peer: PeerName; ratio: number }[] = [];
  for (const shape of shapes) {
    const candidates = lines.filter((l) => l.shape === shape && l.peer !== undefined && l.ratioPreallocated !== undefined);
    const best = candidates.reduce<MobileLine | undefined>((a, l) => (a === undefined || l.peer!.medianMs < a.peer!.medianMs ? l : a), undefined);
    if (best !== undefined) bestPeer.push({ shape, peer: best.peer!.backend as PeerName, ratio: best.ratioPreallocated! });
  }
  return { build, lines, peers: peerSummaries, bestPeer };
}

/** Milliseconds with three significant figures below 10 (a squeeze-excite call takes a few µs). */
export const fineMs = (t: number) => (t >= 100 ? t.toFixed(0) : t >= 10 ? t.toFixed(1) : t.toPrecision(3));
const cell = (r: MobileRow | undefined) => (r === undefined ? '—' : `${fineMs(r.medianMs)} (${fineMs(r.p25Ms)}–${fineMs(r.p75Ms)})`);
const ratio = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(2));

/**
 * One line per layer, layout and peer: simdconv preallocated and fresh (median, p25–p75), the
 * peer's median (p25–p75, always a fresh output), and the peer's time over each; then per peer
 * the geometric means of its ratios.
 *
 * @example
 * console.log(formatMobileTable(mobileSummary(report.rows, 'simd', report.settings.shapes, report.peers)));
 */
export function formatMobileTable(s: MobileSummary): string {
  const header = [
    '', 'layer', 'layout', `${s.build} preallocated ms (p25–p75)`, `${s.build} fresh ms (p25–p75)`,
    'peer', 'peer ms (p25–p75)', 'peer / preallocated', 'peer / fresh',
  ];
  const body = s.lines.map((l, i) => {
    const first = i === 0 || s.lines[i - 1]!.shape !== l.shape;
    return [first ? l.shape : '', first ? l.layer : '', l.layout.toUpperCase(), cell(l.preallocated), cell(l.fresh), l.peer?.backend ?? '—', cell(l.peer), ratio(l.ratioPreallocated), ratio(l.ratioFresh)];
  });
  for (const p of s.peers) body.push(['', '**geometric mean**', p.layout.toUpperCase(), '', '', p.peer, '', ratio(p.geomeanPreallocated), ratio(p.geomeanFresh)]);
  return markdownTable(header, body, header.map((_, i) => i >= 3 && i !== 5));
}

/** How to read the mobile table, and the per-layer best-peer summary. */
export function mobileNotes(s: MobileSummary): string {
  const lines = [
    `preallocated = \`layer.run(x, y)\`, y a JS tensor made once (the copies in and out remain, the fresh output array does not); ` +
      `fresh = \`layer.run(x)\`, a new output array every call (its first touch costs a page fault per 4 KB page). ` +
      `Each layer runs in NCHW against the NCHW peers (ONNX Runtime Web) and in NHWC against the NHWC ones (TF.js, its native layout); no transpose is timed. ` +
      `The peers always write a fresh output: neither can write into a given array (TF.js's \`dataSync()\` returns a new one; ` +
      `ONNX Runtime Web 1.30 accepts an output tensor in \`session.run(feeds, fetches)\` but leaves its array unwritten: it copies it into wasm memory, runs into the copy and frees it), ` +
      `so "peer / preallocated" compares each library's fastest way to get an output into JS. Ratios > 1: simdconv faster; geometric-mean rows over the layers.`,
  ];
  if (s.bestPeer.length > 0) {
    const values = s.bestPeer.map((b) => b.ratio);
    const below = s.bestPeer.filter((b) => b.ratio < 1.2).map((b) => `${b.shape} ${b.ratio.toFixed(2)} (${b.peer})`);
    const low = s.bestPeer.reduce((a, b) => (b.ratio < a.ratio ? b : a));
    lines.push(
      `Against the fastest peer per layer (each peer against simdconv ${s.build} preallocated in that peer's layout): geometric mean ${geomean(values).toFixed(2)}, ` +
        `lowest ${low.ratio.toFixed(2)} (${low.shape}, ${low.peer}); layers below 1.2: ${below.length === 0 ? 'none' : below.join(', ')}.`,
    );
  }
  return lines.join('\n\n');
}
