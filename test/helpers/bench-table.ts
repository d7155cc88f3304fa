// Reads `simdconv bench`'s table back, for the tests that run the command (structure only:
// timings are never asserted).
import { expect } from 'vitest';

export interface TableRow {
  readonly shape: string;
  readonly backend: string;
  readonly cells: Record<string, string>;
}

/** The rows of the one markdown table in `stdout`, keyed by its header. */
export function readBenchTable(stdout: string): { header: string[]; rows: TableRow[] } {
  const lines = stdout.split('\n').filter((line) => line.startsWith('|'));
  const split = (line: string) => line.slice(1, -1).split('|').map((cell) => cell.trim());
  const [headerLine, rule, ...body] = lines;
  if (headerLine === undefined || rule === undefined) throw new Error(`no table in the output:\n${stdout}`);
  const header = split(headerLine);
  const rows = body.map((line) => {
    const values = split(line);
    const cells = Object.fromEntries(header.map((name, i) => [name, values[i] ?? '']));
    return { shape: cells.shape!, backend: cells.backend!, cells };
  });
  return { header, rows };
}

/** A positive finite number, as the table prints it. */
const positive = (text: string | undefined, what: string) => {
  const value = Number(text);
  expect(Number.isFinite(value) && value > 0, `${what}: ${JSON.stringify(text)} is not a positive number`).toBe(true);
  return value;
};

/**
 * Checks the table holds one row per shape and backend, in that order, with a median, a
 * p25–p75 range that contains it, GFLOPS, ratios (1.00 on the js row and the default build's
 * row), and samples × calls.
 */
export function expectBenchTable(stdout: string, shapes: readonly string[], backends: readonly string[], defaultBackend: string): void {
  const { header, rows } = readBenchTable(stdout);
  expect(header).toEqual(['shape', 'backend', 'median ms', 'p25–p75 ms', 'GFLOPS', '× js', `× ${defaultBackend}`, 'samples']);
  expect(rows.map((r) => `${r.shape} ${r.backend}`)).toEqual(shapes.flatMap((s) => backends.map((b) => `${s} ${b}`)));
  for (const { shape, backend, cells } of rows) {
    const where = `${shape} on ${backend}`;
    const median = positive(cells['median ms'], `${where} median`);
    const [p25, p75] = cells['p25–p75 ms']!.split('–').map((v) => positive(v, `${where} p25–p75`));
    // Printed to 3 figures: the median lies within the rounded quartiles.
    expect(p25! <= median * 1.01 && median <= p75! * 1.01, `${where}: median ${median} outside p25–p75 ${p25}–${p75}`).toBe(true);
    positive(cells.GFLOPS, `${where} GFLOPS`);
    if (backends.includes('js')) positive(cells['× js'], `${where} × js`);
    else expect(cells['× js'], where).toBe('–');
    positive(cells[`× ${defaultBackend}`], `${where} × ${defaultBackend}`);
    if (backend === 'js') expect(cells['× js']).toBe('1.00');
    if (backend === defaultBackend) expect(cells[`× ${defaultBackend}`]).toBe('1.00');
    expect(cells.samples, `${where} samples`).toMatch(/^\d+×\d+$/);
    expect(Number(cells.samples!.split('×')[0]), `${where}: at least 5 samples`).toBeGreaterThanOrEqual(5);
  }
}
