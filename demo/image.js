// Input images for the demo: the generated default image, and any image file, each as a
// greyscale single-channel tensor `{ data: Float32Array, shape: [1, 1, H, W] }` and as an RGB one
// `[1, 3, H, W]` (the teaching view's multi-channel mode), with values in [0, 1] that are 8-bit
// levels (k / 255), like a decoded image.
import { fromImage } from '../dist/index.js';

/** Size of the generated image. */
export const GENERATED_SIZE = 256;

/** Largest side of a loaded image; larger ones are scaled down to keep the JS timing short. */
export const MAX_SIDE = 512;

/**
 * Where the shapes of the generated image are (pixel coordinates, right/bottom exclusive). The
 * test reads this through `window.demo.landmarks` to find a vertical edge and flat regions.
 */
export const LANDMARKS = Object.freeze({
  /** A bright square: vertical edges at x = 24 (dark → bright) and x = 104 (bright → dark). */
  square: { x0: 24, x1: 104, y0: 24, y1: 104, level: 230 },
  /** A grey disk, anti-aliased. */
  disk: { cx: 184, cy: 64, r: 40, level: 170 },
  /** A horizontal ramp, black → white from left to right: Sobel-X is a small constant inside. */
  ramp: { x0: 24, x1: 232, y0: 120, y1: 148 },
  /** A checkerboard of 8-pixel cells. */
  checker: { x0: 24, x1: 96, y0: 160, y1: 200, cell: 8 },
  /** A triangle (diagonal edges, so Sobel-X and Sobel-Y both respond). */
  triangle: { ax: 116, ay: 200, bx: 232, by: 200, cx: 174, cy: 158, level: 20 },
  /** The word, in a 5×7 pixel font at 4× scale. */
  text: { word: 'SIMDCONV', x0: 34, y0: 212, scale: 4, level: 250 },
  /**
   * The background is a vertical gradient: every row is constant, so away from the shapes
   * Sobel-X is exactly 0 (in the reference).
   */
  background: { top: 50, bottom: 120 },
});

// A 5×7 pixel font, just the letters of the word. '#' is ink.
const GLYPHS = {
  S: ['.####', '#....', '#....', '.###.', '....#', '....#', '####.'],
  I: ['#####', '..#..', '..#..', '..#..', '..#..', '..#..', '#####'],
  M: ['#...#', '##.##', '#.#.#', '#.#.#', '#...#', '#...#', '#...#'],
  D: ['####.', '#...#', '#...#', '#...#', '#...#', '#...#', '####.'],
  C: ['.####', '#....', '#....', '#....', '#....', '#....', '.####'],
  O: ['.###.', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  N: ['#...#', '##..#', '#.#.#', '#..##', '#...#', '#...#', '#...#'],
  V: ['#...#', '#...#', '#...#', '#...#', '#...#', '.#.#.', '..#..'],
};

/**
 * The colour image's channels are the grey scene times a tint per shape (R, G, B factors), so
 * the three channels differ and a per-channel kernel sees a different picture in each.
 */
const TINTS = {
  background: [0.55, 0.8, 1],
  square: [1, 0.3, 0.25],
  disk: [0.35, 1, 0.45],
  ramp: [1, 1, 1],
  checker: [1, 0.85, 0.2],
  triangle: [1, 1, 1],
  text: [0.3, 0.75, 1],
};

/**
 * The scene at the point (x, y), painted back to front: its grey level (0–255, fractional) and
 * the tint of the shape there.
 */
function scene(x, y) {
  const L = LANDMARKS;
  const size = GENERATED_SIZE;
  let level = L.background.top + ((L.background.bottom - L.background.top) * y) / size;
  let tint = TINTS.background;

  const inBox = (b) => x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1;
  if (inBox(L.square)) [level, tint] = [L.square.level, TINTS.square];
  const { cx, cy, r } = L.disk;
  if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) [level, tint] = [L.disk.level, TINTS.disk];
  if (inBox(L.ramp)) [level, tint] = [(255 * (x - L.ramp.x0)) / (L.ramp.x1 - L.ramp.x0), TINTS.ramp];
  if (inBox(L.checker)) {
    const odd = (Math.floor((x - L.checker.x0) / L.checker.cell) + Math.floor((y - L.checker.y0) / L.checker.cell)) % 2;
    [level, tint] = [odd ? 235 : 15, TINTS.checker];
  }
  if (inTriangle(x, y, L.triangle)) [level, tint] = [L.triangle.level, TINTS.triangle];
  const t = L.text;
  const col = Math.floor((x - t.x0) / t.scale);
  const row = Math.floor((y - t.y0) / t.scale);
  const letter = Math.floor(col / 6); // 5 columns of ink and 1 of space per letter
  if (row >= 0 && row < 7 && col >= 0 && letter < t.word.length && col % 6 < 5) {
    if (GLYPHS[t.word[letter]][row][col % 6] === '#') [level, tint] = [t.level, TINTS.text];
  }
  return { level, tint };
}

function inTriangle(x, y, t) {
  const side = (ax, ay, bx, by) => (bx - ax) * (y - ay) - (by - ay) * (x - ax);
  const d1 = side(t.ax, t.ay, t.bx, t.by);
  const d2 = side(t.bx, t.by, t.cx, t.cy);
  const d3 = side(t.cx, t.cy, t.ax, t.ay);
  return (d1 >= 0 && d2 >= 0 && d3 >= 0) || (d1 <= 0 && d2 <= 0 && d3 <= 0);
}

/**
 * The default image: 256×256, deterministic (pure arithmetic, no fonts or canvas), each pixel
 * the mean of 4×4 samples of the scene (so the disk and the triangle are anti-aliased; edges on
 * whole pixels stay sharp), rounded to an 8-bit level.
 * @returns {{ data: Float32Array, shape: number[] }}
 */
export function generatedImage() {
  return sampleScene(1, (sample) => [sample.level]);
}

/**
 * The default image in colour, `[1, 3, 256, 256]`: the same shapes, each channel the grey level
 * times the shape's tint, sampled and rounded as {@link generatedImage}.
 * @returns {{ data: Float32Array, shape: number[] }}
 */
export function generatedColourImage() {
  return sampleScene(3, (sample) => sample.tint.map((factor) => factor * sample.level));
}

/** The scene averaged over 4×4 samples per pixel, `channels` values per sample from `values`. */
function sampleScene(channels, values) {
  const size = GENERATED_SIZE;
  const plane = size * size;
  const data = new Float32Array(channels * plane);
  const n = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sums = new Array(channels).fill(0);
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          const v = values(scene(x + (i + 0.5) / n, y + (j + 0.5) / n));
          for (let c = 0; c < channels; c++) sums[c] += v[c];
        }
      }
      for (let c = 0; c < channels; c++) data[c * plane + y * size + x] = Math.round(sums[c] / (n * n)) / 255;
    }
  }
  return { data, shape: [1, channels, size, size] };
}

/**
 * Decodes an image file (anything the browser decodes), scales it to fit MAX_SIDE, and gives it
 * as RGB (the 8-bit values / 255) and as greyscale, both by the package's `fromImage` (grey: the
 * BT.601 luma it documents, / 255); transparent pixels are composited over black.
 * @param {Blob} file
 * @returns {Promise<{ grey: { data: Float32Array, shape: number[] }, rgb: { data: Float32Array, shape: number[] } }>}
 */
export async function imageFromFile(file) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#000';
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const image = context.getImageData(0, 0, width, height);
  return { grey: fromImage(image, { channels: 'grey' }), rgb: fromImage(image, { channels: 'rgb' }) };
}
