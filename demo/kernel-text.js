// The kernel picker's data: the presets (from the package's `kernels`) and the typed kernel,
// parsed from text and checked, with messages a user can act on.
import { kernels } from '../dist/index.js';

/** Preset name → label and a function returning the `[1, 1, kH, kW]` filter. */
export const PRESETS = {
  sobelX: { label: 'Sobel X (vertical edges)', filter: () => kernels.sobelX },
  sobelY: { label: 'Sobel Y (horizontal edges)', filter: () => kernels.sobelY },
  laplacian: { label: 'Laplacian', filter: () => kernels.laplacian },
  sharpen: { label: 'Sharpen', filter: () => kernels.sharpen },
  emboss: { label: 'Emboss', filter: () => kernels.emboss },
  boxBlur3: { label: 'Box blur 3×3', filter: () => kernels.boxBlur(3) },
  boxBlur5: { label: 'Box blur 5×5', filter: () => kernels.boxBlur(5) },
  gaussian5: { label: 'Gaussian 5×5', filter: () => kernels.gaussian(5) },
  identity: { label: 'Identity', filter: () => kernels.identity },
};

/** Typed kernels larger than this per side are refused (the JS timing would take minutes). */
export const MAX_KERNEL_SIDE = 31;

/**
 * A filter as text: one row per line, numbers separated by spaces. Values that do not print
 * exactly in 4 significant digits are rounded, and `rounded` says so.
 * @param {{ data: Float32Array, shape: readonly number[] }} filter
 */
export function formatKernel(filter) {
  const [, , kH, kW] = filter.shape;
  let rounded = false;
  const lines = [];
  for (let i = 0; i < kH; i++) {
    const row = [];
    for (let j = 0; j < kW; j++) {
      const value = filter.data[i * kW + j];
      const short = Number(value.toPrecision(4));
      if (short !== value) rounded = true;
      row.push(String(short));
    }
    lines.push(row.join(' '));
  }
  return { text: lines.join('\n'), rounded };
}

/**
 * Parses a typed kernel: rows on separate lines (or separated by `;`), numbers separated by
 * spaces or commas; brackets are ignored, so `[[1, 0], [0, -1]]` works too.
 * @param {string} text
 * @returns {{ filter: { data: Float32Array, shape: number[] } } | { error: string }}
 */
export function parseKernel(text) {
  const lines = text
    .replace(/[[\]]/g, ' ')
    .split(/\n|;/)
    .map((line) => line.trim().replace(/,\s*$/, ''))
    .filter((line) => line !== '');
  if (lines.length === 0) return { error: 'The kernel is empty: type one row of numbers per line, e.g. “-1 0 1”.' };
  const rows = [];
  for (const [index, line] of lines.entries()) {
    const cells = line.split(/[\s,]+/).filter((cell) => cell !== '');
    const row = [];
    for (const cell of cells) {
      const value = Number(cell);
      if (!Number.isFinite(value)) return { error: `Row ${index + 1}: “${cell}” is not a finite number.` };
      row.push(value);
    }
    rows.push(row);
  }
  const width = rows[0].length;
  const ragged = rows.findIndex((row) => row.length !== width);
  if (ragged >= 0) {
    return {
      error: `The kernel must be rectangular: row 1 has ${width} number${width === 1 ? '' : 's'} but row ${ragged + 1} has ${rows[ragged].length}.`,
    };
  }
  if (rows.length > MAX_KERNEL_SIDE || width > MAX_KERNEL_SIDE) {
    return { error: `The kernel is ${rows.length}×${width}; this demo takes at most ${MAX_KERNEL_SIDE}×${MAX_KERNEL_SIDE}.` };
  }
  return { filter: { data: Float32Array.from(rows.flat()), shape: [1, 1, rows.length, width] } };
}
