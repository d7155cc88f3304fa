// Input images for the demo: the generated default image, and any image file turned into a
// greyscale single-channel tensor. Both give `{ data: Float32Array, shape: [1, 1, H, W] }` with
// values in [0, 1] that are 8-bit levels (k / 255), like a decoded image.

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

/** The grey level (0–255, fractional) of the scene at the point (x, y), painted back to front. */
function scene(x, y) {
  const L = LANDMARKS;
  const size = GENERATED_SIZE;
  let level = L.background.top + ((L.background.bottom - L.background.top) * y) / size;

  const inBox = (b) => x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1;
  if (inBox(L.square)) level = L.square.level;
  const { cx, cy, r } = L.disk;
  if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) level = L.disk.level;
  if (inBox(L.ramp)) level = (255 * (x - L.ramp.x0)) / (L.ramp.x1 - L.ramp.x0);
  if (inBox(L.checker)) {
    const odd = (Math.floor((x - L.checker.x0) / L.checker.cell) + Math.floor((y - L.checker.y0) / L.checker.cell)) % 2;
    level = odd ? 235 : 15;
  }
  if (inTriangle(x, y, L.triangle)) level = L.triangle.level;
  const t = L.text;
  const col = Math.floor((x - t.x0) / t.scale);
  const row = Math.floor((y - t.y0) / t.scale);
  const letter = Math.floor(col / 6); // 5 columns of ink and 1 of space per letter
  if (row >= 0 && row < 7 && col >= 0 && letter < t.word.length && col % 6 < 5) {
    if (GLYPHS[t.word[letter]][row][col % 6] === '#') level = t.level;
  }
  return level;
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
  const size = GENERATED_SIZE;
  const data = new Float32Array(size * size);
  const n = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let sum = 0;
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) sum += scene(x + (i + 0.5) / n, y + (j + 0.5) / n);
      data[y * size + x] = Math.round(sum / (n * n)) / 255;
    }
  }
  return { data, shape: [1, 1, size, size] };
}

/**
 * Decodes an image file (anything the browser decodes), scales it to fit MAX_SIDE, and converts
 * it to greyscale: Rec. 709 luma of the 8-bit sRGB values, 0.2126 R + 0.7152 G + 0.0722 B,
 * rounded to a level and divided by 255 (transparent pixels are composited over black).
 * @param {Blob} file
 * @returns {Promise<{ data: Float32Array, shape: number[] }>}
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
  const rgba = context.getImageData(0, 0, width, height).data;
  const data = new Float32Array(width * height);
  for (let p = 0; p < data.length; p++) {
    const luma = 0.2126 * rgba[4 * p] + 0.7152 * rgba[4 * p + 1] + 0.0722 * rgba[4 * p + 2];
    data[p] = Math.round(luma) / 255;
  }
  return { data, shape: [1, 1, height, width] };
}
