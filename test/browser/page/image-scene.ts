// The picture the image test draws on a canvas: solid, axis-aligned rectangles at whole pixels,
// so the canvas holds exactly these bytes (no antialiasing) and Node can rebuild them. Shared by
// the page (page/image.ts) and the Node test (image.test.ts).

export const SCENE_WIDTH = 24;
export const SCENE_HEIGHT = 16;

/** [x, y, width, height, [R, G, B]], painted in order over a black, opaque background. */
export type Rect = readonly [x: number, y: number, width: number, height: number, rgb: readonly [number, number, number]];

/**
 * Grey rectangles (R = G = B) only: their BT.601 luma at scale 1 is the integer grey level, so
 * Sobel's outputs are small integers, exact on every build, and the 'auto' bytes are exact too.
 */
export const GREY_SCENE: readonly Rect[] = [
  [4, 3, 10, 8, [255, 255, 255]],
  [9, 6, 12, 7, [128, 128, 128]],
  [17, 1, 3, 3, [40, 40, 40]],
];

/** Colours, for the rgb round trip through a canvas. */
export const COLOUR_SCENE: readonly Rect[] = [
  [0, 0, 12, 8, [255, 0, 0]],
  [12, 0, 12, 8, [0, 255, 0]],
  [0, 8, 12, 8, [0, 0, 255]],
  [12, 8, 12, 8, [250, 128, 7]],
  [5, 5, 14, 6, [1, 2, 3]],
];

/** The RGBA bytes of a scene, as the canvas should hold them. */
export function sceneBytes(scene: readonly Rect[]): Uint8ClampedArray {
  const data = new Uint8ClampedArray(SCENE_WIDTH * SCENE_HEIGHT * 4);
  for (let p = 3; p < data.length; p += 4) data[p] = 255;
  for (const [x0, y0, w, h, rgb] of scene) {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) data.set([...rgb, 255], 4 * (y * SCENE_WIDTH + x));
  }
  return data;
}
