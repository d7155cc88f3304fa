// Turning a float feature map into canvas pixels, by a rule the page states and the test checks:
//
//   signed maps (some value < 0):   grey = round(128 + 127 · v / M),  M = max |v|   (0 is mid-grey)
//   non-negative maps:              grey = round(255 · v / M),        M = max v     (0 is black)
//
// An all-zero map is drawn mid-grey (signed rule) or black. The scale is symmetric for signed
// maps so that grey 128 always means exactly 0 and equal magnitudes look equally strong.

/**
 * Range of a map and the rule used to draw it.
 * @param {Float32Array} data
 * @returns {{ min: number, max: number, signed: boolean, scale: number }}
 */
export function displayRule(data) {
  let min = Infinity;
  let max = -Infinity;
  for (const v of data) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const signed = min < 0;
  const scale = signed ? Math.max(-min, max) : max;
  return { min, max, signed, scale };
}

/** The grey level (0–255) of one value under a rule from {@link displayRule}. */
export function grey(value, rule) {
  if (!(rule.scale > 0)) return rule.signed ? 128 : 0;
  return rule.signed ? Math.round(128 + (127 * value) / rule.scale) : Math.round((255 * value) / rule.scale);
}

/**
 * Draws an `[1, 1, H, W]` map on a canvas (resized to H×W; CSS scales it for display).
 * @param {HTMLCanvasElement} canvas
 * @param {{ data: Float32Array, shape: readonly number[] }} map
 * @param {ReturnType<typeof displayRule>} rule
 */
export function drawMap(canvas, map, rule) {
  const [, , height, width] = map.shape;
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  const image = context.createImageData(width, height);
  const px = image.data;
  for (let p = 0; p < map.data.length; p++) {
    const g = grey(map.data[p], rule);
    px[4 * p] = g;
    px[4 * p + 1] = g;
    px[4 * p + 2] = g;
    px[4 * p + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

/**
 * Draws an `[1, 3, H, W]` RGB image with values in [0, 1] as they are: channel = round(255 · v).
 * @param {HTMLCanvasElement} canvas
 * @param {{ data: Float32Array, shape: readonly number[] }} image
 */
export function drawRgb(canvas, image) {
  const [, , height, width] = image.shape;
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  const picture = context.createImageData(width, height);
  const px = picture.data;
  const plane = width * height;
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) px[4 * p + c] = Math.round(255 * image.data[c * plane + p]);
    px[4 * p + 3] = 255;
  }
  context.putImageData(picture, 0, 0);
}

/**
 * A number for display: `digits` significant digits (default 4) for everyday magnitudes
 * (1e-3 ≤ |v| < 1e5), without an exponent; one fewer in exponent form (`1.23e−5`).
 */
export function formatValue(value, digits = 4) {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const text = abs >= 1e-3 && abs < 1e5 ? String(Number(value.toPrecision(digits))) : value.toExponential(digits - 2);
  return text.replaceAll('-', '−'); // a real minus sign
}

/** Describes a rule in words, for the figure captions. */
export function describeRule(rule) {
  const range = `values ${formatValue(rule.min)} … ${formatValue(rule.max)}`;
  if (!(rule.scale > 0)) return `${range}; all zero`;
  return rule.signed
    ? `${range}; grey = 0, white = +${formatValue(rule.scale)}, black = −${formatValue(rule.scale)}`
    : `${range}; black = 0, white = ${formatValue(rule.scale)}`;
}
