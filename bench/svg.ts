/**
 * The benchmark chart: GFLOPS per suite shape, one bar per backend or peer, grouped by shape, as a
 * hand-written SVG (no dependencies). The y axis is logarithmic: the pure-JS reference runs at
 * ~0.3 GFLOPS and the SIMD builds at 10–30, so on a linear axis the js bars would be a pixel.
 * Every bar is labelled with its value, so the log scale never has to be read off the grid.
 * The bars are the only `<rect>` elements (tests count them); the rest is paths and text.
 */

export interface ChartRow {
  /** Suite case id, e.g. `'B'`: one group of bars each. */
  readonly shape: string;
  readonly backend: string;
  readonly gflops: number;
  /** The layer's name, listed under the chart next to its id. */
  readonly layer?: string;
  /** Shown in the bar's tooltip. */
  readonly medianMs?: number;
}

export interface ChartOptions {
  readonly title?: string;
  /** A second, smaller line: machine and settings. */
  readonly subtitle?: string;
}

/**
 * Colours for the known backends and peers (colour-blind-safe Okabe–Ito), then a fallback
 * palette. `<backend> prepacked` is a lighter tint of its backend's colour, `… prepacked nhwc`
 * a lighter one still.
 */
const COLOURS: Readonly<Record<string, string>> = {
  js: '#7f7f7f',
  scalar: '#e69f00',
  simd: '#0072b2',
  'relaxed-simd': '#009e73',
  'tfjs-wasm': '#d55e00',
  'tfjs-cpu': '#cc79a7',
  'ort-web': '#56b4e9',
};
const PALETTE = ['#f0e442', '#000000', '#999933', '#882255'];
const TINTS: readonly (readonly [string, number])[] = [
  [' prepacked nhwc', 0.66],
  [' prepacked', 0.4],
];

/** `hex` mixed with white: 0 keeps it, 1 is white. */
export function tint(hex: string, amount: number): string {
  const channel = (i: number) => {
    const v = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
    return Math.round(v + (255 - v) * amount)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

/** A known colour for `name`, or undefined. */
function knownColour(name: string): string | undefined {
  if (name in COLOURS) return COLOURS[name];
  for (const [suffix, amount] of TINTS) {
    const base = name.endsWith(suffix) ? COLOURS[name.slice(0, -suffix.length)] : undefined;
    if (base !== undefined) return tint(base, amount);
  }
  return undefined;
}

const BAR = 16; // bar width, px: room for a rotated 10 px label
const GAP = 16; // space between two shape groups
const PLOT_HEIGHT = 320;
const LABEL_ROOM = 40; // above the top gridline, for the tallest bar's value
const LEFT = 64;
const RIGHT = 24;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A value as a bar label: 3 significant digits at most, no exponent. */
export function formatGflops(v: number): string {
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  if (v >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}

/** An axis tick: 0.01, 0.1, 1, 10, 100 … without float noise. */
function formatTick(v: number): string {
  return v >= 1 ? String(Math.round(v)) : String(Number(v.toPrecision(1)));
}

const num = (v: number) => String(Math.round(v * 10) / 10);

/** First-seen order of the values of `key` in `rows`. */
function order(rows: readonly ChartRow[], key: 'shape' | 'backend'): string[] {
  const seen: string[] = [];
  for (const r of rows) if (!seen.includes(r[key])) seen.push(r[key]);
  return seen;
}

/**
 * The chart as an SVG document (a string starting with `<svg`). Rows whose GFLOPS is not a
 * positive finite number get no bar (a log axis has no place for them).
 */
export function barChartSvg(rows: readonly ChartRow[], options: ChartOptions = {}): string {
  const shapes = order(rows, 'shape');
  const backends = order(rows, 'backend');
  const colour = (b: string) => knownColour(b) ?? PALETTE[backends.filter((x) => knownColour(x) === undefined).indexOf(b) % PALETTE.length]!;
  const plotted = rows.filter((r) => Number.isFinite(r.gflops) && r.gflops > 0);
  const values = plotted.map((r) => r.gflops);

  // Decades that cover every value.
  let loExp = values.length > 0 ? Math.floor(Math.log10(Math.min(...values))) : -1;
  let hiExp = values.length > 0 ? Math.ceil(Math.log10(Math.max(...values))) : 2;
  if (hiExp <= loExp) hiExp = loExp + 1;
  loExp = Math.min(loExp, hiExp - 1);

  const groupWidth = Math.max(1, backends.length) * BAR + GAP;
  const plotWidth = Math.max(1, shapes.length) * groupWidth;
  const width = LEFT + plotWidth + RIGHT;
  const titleHeight = (options.title ? 24 : 0) + (options.subtitle ? 18 : 0);
  const legendTop = 12 + titleHeight;
  // Legend entries flow left to right and wrap at the plot's right edge.
  const legend: { name: string; x: number; line: number }[] = [];
  let lx = LEFT;
  let line = 0;
  for (const b of backends) {
    const entryWidth = 17 + 7.5 * b.length;
    if (lx > LEFT && lx + entryWidth > LEFT + plotWidth) {
      lx = LEFT;
      line++;
    }
    legend.push({ name: b, x: lx, line });
    lx += entryWidth + 18;
  }
  const plotTop = legendTop + 28 + 18 * line;
  const axisTop = plotTop + LABEL_ROOM; // y of the top decade
  const plotBottom = plotTop + PLOT_HEIGHT;
  const y = (v: number) => plotBottom - ((Math.log10(v) - loExp) / (hiExp - loExp)) * (plotBottom - axisTop);
  const keyed = shapes.map((s) => [s, rows.find((r) => r.shape === s && r.layer !== undefined)?.layer] as const);
  const keyColumns = Math.max(1, Math.min(3, Math.floor(plotWidth / 280)));
  const keyLines = keyed.some(([, layer]) => layer !== undefined) ? Math.ceil(shapes.length / keyColumns) : 0;
  const keyTop = plotBottom + 52;
  const height = keyTop + keyLines * 16 + 12;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="Helvetica, Arial, sans-serif" font-size="12" role="img" aria-label="${escapeXml(options.title ?? 'GFLOPS per shape and backend')}">`,
  );
  out.push(`<path d="M0 0H${width}V${height}H0Z" fill="#ffffff"/>`);
  if (options.title) out.push(`<text x="${LEFT}" y="28" font-size="16" font-weight="bold">${escapeXml(options.title)}</text>`);
  if (options.subtitle) out.push(`<text x="${LEFT}" y="${options.title ? 46 : 22}" font-size="11" fill="#555555">${escapeXml(options.subtitle)}</text>`);

  // Legend, one swatch per backend, in table order.
  out.push('<g class="legend">');
  for (const { name, x, line: l } of legend) {
    const top = legendTop + 18 * l;
    out.push(`<path d="M${x} ${top + 2}h12v12h-12Z" fill="${colour(name)}"/>`);
    out.push(`<text x="${x + 17}" y="${top + 12.5}">${escapeXml(name)}</text>`);
  }
  out.push('</g>');

  // Grid: decades solid and labelled; 2× and 5× dashed with small labels.
  out.push('<g class="grid" font-size="10" text-anchor="end">');
  for (let e = loExp; e <= hiExp; e++) {
    for (const m of e < hiExp ? [1, 2, 5] : [1]) {
      const v = m * 10 ** e;
      const gy = num(y(v));
      const major = m === 1;
      out.push(`<path d="M${LEFT} ${gy}H${LEFT + plotWidth}" stroke="${major ? '#bbbbbb' : '#e4e4e4'}"${major ? '' : ' stroke-dasharray="3 3"'}/>`);
      out.push(`<text x="${LEFT - 6}" y="${num(y(v) + 3.5)}"${major ? ' font-size="11"' : ' fill="#888888"'}>${formatTick(v)}</text>`);
    }
  }
  out.push('</g>');

  // Bars, values above them (rotated: narrow bars, long numbers), shape ids below the groups.
  out.push('<g class="bars">');
  shapes.forEach((shape, g) => {
    const groupLeft = LEFT + g * groupWidth + GAP / 2;
    backends.forEach((backend, b) => {
      const row = plotted.find((r) => r.shape === shape && r.backend === backend);
      if (row === undefined) return;
      const x = groupLeft + b * BAR;
      const top = y(row.gflops);
      const tip = `${shape} ${backend}: ${formatGflops(row.gflops)} GFLOPS${row.medianMs === undefined ? '' : `, median ${row.medianMs.toPrecision(3)} ms`}`;
      out.push(
        `<rect x="${num(x + 1)}" y="${num(top)}" width="${BAR - 2}" height="${num(plotBottom - top)}" fill="${colour(backend)}"><title>${escapeXml(tip)}</title></rect>`,
      );
      const cx = num(x + BAR / 2);
      const cy = num(top - 4);
      out.push(`<text x="${cx}" y="${cy}" font-size="10" dominant-baseline="central" transform="rotate(-90 ${cx} ${cy})">${formatGflops(row.gflops)}</text>`);
    });
    out.push(`<text x="${num(groupLeft + (backends.length * BAR) / 2)}" y="${plotBottom + 18}" text-anchor="middle" font-weight="bold">${escapeXml(shape)}</text>`);
  });
  out.push('</g>');

  // Axes and their titles.
  out.push(`<path d="M${LEFT} ${plotTop}V${plotBottom}H${LEFT + plotWidth}" fill="none" stroke="#333333"/>`);
  const midY = num((axisTop + plotBottom) / 2);
  out.push(`<text x="16" y="${midY}" text-anchor="middle" transform="rotate(-90 16 ${midY})">GFLOPS (log scale, higher is better)</text>`);
  out.push(`<text x="${num(LEFT + plotWidth / 2)}" y="${plotBottom + 38}" text-anchor="middle">suite shape (GFLOPS from the median time)</text>`);

  // Which layer each letter is.
  if (keyLines > 0) {
    out.push('<g class="key" font-size="11" fill="#333333">');
    const columnWidth = plotWidth / keyColumns;
    keyed.forEach(([shape, layer], i) => {
      const kx = num(LEFT + Math.floor(i / keyLines) * columnWidth);
      const ky = keyTop + (i % keyLines) * 16;
      out.push(`<text x="${kx}" y="${ky}"><tspan font-weight="bold">${escapeXml(shape)}</tspan> ${escapeXml(layer ?? '')}</text>`);
    });
    out.push('</g>');
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
