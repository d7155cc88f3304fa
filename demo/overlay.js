// Highlights drawn over a map's canvas, on a transparent canvas of its own (class "overlay"),
// so the map's pixels stay exactly the data (the browser test reads them). The overlay has the
// display's resolution, not the image's, so a 3×3 window on a 256×256 image stays visible.

/**
 * Where the image lies inside its canvas element (CSS `object-fit: contain` letterboxes it):
 * the element's box, the image's offset in it and CSS pixels per image cell.
 * @param {HTMLCanvasElement} canvas
 */
export function imageBox(canvas) {
  const box = canvas.getBoundingClientRect();
  const scale = Math.min(box.width / canvas.width, box.height / canvas.height);
  return {
    box,
    scale,
    left: (box.width - canvas.width * scale) / 2,
    top: (box.height - canvas.height * scale) / 2,
  };
}

/**
 * The image cell under a pointer event on a canvas, or null outside the image.
 * @param {HTMLCanvasElement} canvas
 * @param {{ clientX: number, clientY: number }} event
 */
export function cellAt(canvas, event) {
  const { box, scale, left, top } = imageBox(canvas);
  const col = Math.floor((event.clientX - box.left - left) / scale);
  const row = Math.floor((event.clientY - box.top - top) / scale);
  return row >= 0 && row < canvas.height && col >= 0 && col < canvas.width ? { row, col } : null;
}

/**
 * Draws marks over `canvas` on `overlay`: `cells` filled (image cells `{ row, col }`), and a
 * frame around the rows `top…bottom` and columns `left…right` (inclusive; they may reach past the
 * image, into the padding).
 * @param {HTMLCanvasElement} overlay
 * @param {HTMLCanvasElement} canvas
 * @param {{ cells: { row: number, col: number }[], frame: { top: number, bottom: number, left: number, right: number } }} marks
 */
export function drawMarks(overlay, canvas, { cells, frame }) {
  const { box, scale, left, top } = imageBox(canvas);
  const ratio = window.devicePixelRatio || 1;
  overlay.width = Math.round(box.width * ratio);
  overlay.height = Math.round(box.height * ratio);
  const context = overlay.getContext('2d');
  context.scale(ratio, ratio);
  // Cells smaller than a few pixels are grown around their centre, so each tap shows as a dot.
  const size = Math.max(scale, 3);
  context.fillStyle = 'rgba(255, 196, 0, 0.85)';
  for (const { row, col } of cells) {
    const x = left + (col + 0.5) * scale - size / 2;
    const y = top + (row + 0.5) * scale - size / 2;
    context.fillRect(x, y, size, size);
  }
  const margin = Math.max(3, scale * 0.5);
  const x0 = left + frame.left * scale - margin;
  const y0 = top + frame.top * scale - margin;
  const x1 = left + (frame.right + 1) * scale + margin;
  const y1 = top + (frame.bottom + 1) * scale + margin;
  // A dark line under a bright one: visible on black, white and grey alike.
  for (const [colour, width] of [['rgba(0, 0, 0, 0.8)', 4], ['#ffc400', 2]]) {
    context.strokeStyle = colour;
    context.lineWidth = width;
    context.strokeRect(x0, y0, x1 - x0, y1 - y0);
  }
}
