/**
 * `simdconv bench`'s report as text: the machine, the shapes, then one markdown table (aligned
 * for a terminal, pasteable into an issue) with a row per shape and backend; or as JSON.
 */
import type { Backend } from '../index.js';
import type { BenchReport, BenchRow } from './bench.js';
import { geomean } from './stats.js';

/** Three significant figures (all the digits from 100 up), '–' for none. */
function figure(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  return abs >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

/** A markdown table with every column padded to its widest cell; `right` columns align right. */
function alignedTable(header: readonly string[], right: readonly boolean[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(3, h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, c) => (right[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (right[c] ? `${'-'.repeat(w + 1)}:` : `:${'-'.repeat(w + 1)}`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** The table's column names; `× <default>` names the build `createEngine()` picks. */
function tableHeader(defaultBackend: Backend): string[] {
  return ['shape', 'backend', 'median ms', 'p25–p75 ms', 'GFLOPS', '× js', `× ${defaultBackend}`, 'samples'];
}

function tableRow(row: BenchRow): string[] {
  const t = row.timing;
  return [row.shape, row.backend, figure(t.median), `${figure(t.p25)}–${figure(t.p75)}`, figure(row.gflops), figure(row.vsJs), figure(row.vsDefault), `${t.samples}×${t.callsPerSample}`];
}

/** One line per backend: geometric mean of GFLOPS over the shapes, and of the ratio to js. */
function summary(report: BenchReport): string[] {
  const shapes = new Set(report.rows.map((r) => r.shape)).size;
  if (shapes < 2) return [];
  return report.backends.map((backend) => {
    const rows = report.rows.filter((r) => r.backend === backend);
    const vsJs = rows.every((r) => r.vsJs !== undefined) && backend !== 'js' ? `, ${figure(geomean(rows.map((r) => r.vsJs!)))}× js` : '';
    return `  ${backend.padEnd(12)} ${figure(geomean(rows.map((r) => r.gflops)))} GFLOPS${vsJs}`;
  });
}

/**
 * The report for a terminal: machine line, backends, the shapes measured, the table, and the
 * geometric means.
 *
 * @example
 * process.stdout.write(formatReport(await runBench(settings)));
 */
export function formatReport(report: BenchReport): string {
  const m = report.machine;
  const shapes = [...new Map(report.rows.map((r) => [r.shape, r])).values()];
  const lines = [
    `simdconv bench on ${m.cpu} (${m.cores} ${m.cores === 1 ? 'core' : 'cores'}, ${m.os}), Node ${m.node}`,
    `backends: ${report.backends.join(', ')}; createEngine() picks ${report.defaultBackend} here` +
      (report.unavailable.length > 0 ? `; not available: ${report.unavailable.map((u) => u.backend).join(', ')}` : ''),
    `each row: a prepacked layer (engine.createConv2d, bias on) run into a preallocated output, one thread,`,
    `after a warm-up; median and p25–p75 (middle half) of the samples, in ms per call; samples × calls each;`,
    `GFLOPS: 2·N·Cout·Hout·Wout·(Cin/groups)·kH·kW over the median (effective: Winograd does fewer)`,
    '',
    'shapes (input NCHW : filter OIHW /strides /padding /dilations /groups):',
    ...shapes.map((r) => `  ${r.shape === r.spec ? r.spec : `${r.shape}  ${r.name.padEnd(30)} ${r.spec}`}  (${figure(r.flops / 1e6)} MFLOP)`),
    '',
    alignedTable(tableHeader(report.defaultBackend), [false, false, true, true, true, true, true, true], report.rows.map(tableRow)),
  ];
  const means = summary(report);
  if (means.length > 0) lines.push('', `geometric mean over ${shapes.length} shapes:`, ...means);
  return `${lines.join('\n')}\n`;
}

/**
 * The report as JSON: every figure unrounded, in ms and GFLOPS.
 *
 * @example
 * JSON.parse(formatJson(report)).rows[0].medianMs;
 */
export function formatJson(report: BenchReport): string {
  const rows = report.rows.map((r) => ({
    shape: r.shape,
    name: r.name,
    spec: r.spec,
    flops: r.flops,
    backend: r.backend,
    samples: r.timing.samples,
    callsPerSample: r.timing.callsPerSample,
    medianMs: r.timing.median,
    p25Ms: r.timing.p25,
    p75Ms: r.timing.p75,
    minMs: r.timing.min,
    maxMs: r.timing.max,
    gflops: r.gflops,
    vsJs: r.vsJs ?? null,
    vsDefault: r.vsDefault ?? null,
  }));
  const { machine, defaultBackend, backends, unavailable, timeMs, minSamples } = report;
  return `${JSON.stringify({ machine, defaultBackend, backends, unavailable, timeMs, minSamples, rows }, null, 2)}\n`;
}
