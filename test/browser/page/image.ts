// The page side of test/browser/image.test.ts, bundled by test/browser/bundle.ts: simdconv is the
// built package ('/dist/index.js'). It draws a scene on a canvas, reads it with getImageData,
// runs fromImage → conv2d → toImage, puts the result on a second canvas with putImageData and
// reads that back. It only reports bytes; the Node test computes what they must be.
import { conv2d, fromImage, getEngine, kernels, ready, toImage } from '../../../src/index.js';
import { COLOUR_SCENE, GREY_SCENE, SCENE_HEIGHT, SCENE_WIDTH, type Rect } from './image-scene.js';

export interface ImageReport {
  readonly backend: string;
  /** Whether toImage returned the browser's own ImageData (putImageData accepts nothing else). */
  readonly isImageData: boolean;
  /** The grey scene as getImageData read it. */
  readonly greySource: number[];
  /** toImage(conv2d(fromImage(grey scene), sobelX), 'auto'), as returned … */
  readonly edges: number[];
  /** … and as read back from the canvas after putImageData. */
  readonly edgesFromCanvas: number[];
  /** The colour scene as getImageData read it. */
  readonly colourSource: number[];
  /** toImage(fromImage(colour scene)) put on a canvas and read back. */
  readonly colourFromCanvas: number[];
}

function context(id: string): CanvasRenderingContext2D {
  const canvas = document.getElementById(id) as HTMLCanvasElement;
  return canvas.getContext('2d', { willReadFrequently: true })!;
}

function draw(ctx: CanvasRenderingContext2D, scene: readonly Rect[]): ImageData {
  ctx.fillStyle = 'rgb(0, 0, 0)';
  ctx.fillRect(0, 0, SCENE_WIDTH, SCENE_HEIGHT);
  for (const [x, y, w, h, [r, g, b]] of scene) {
    ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
    ctx.fillRect(x, y, w, h);
  }
  return ctx.getImageData(0, 0, SCENE_WIDTH, SCENE_HEIGHT);
}

async function run(): Promise<ImageReport> {
  await ready();
  const source = context('source');
  const result = context('result');

  const grey = draw(source, GREY_SCENE);
  const gx = conv2d(fromImage(grey, { channels: 'grey', scale: 1 }), kernels.sobelX, { padding: 'same' });
  const edges = toImage(gx, { range: 'auto' });
  result.putImageData(edges, 0, 0); // no cast: toImage's type is ImageData under the DOM types
  const edgesFromCanvas = result.getImageData(0, 0, SCENE_WIDTH, SCENE_HEIGHT);

  const colour = draw(source, COLOUR_SCENE);
  result.putImageData(toImage(fromImage(colour)), 0, 0);
  const colourFromCanvas = result.getImageData(0, 0, SCENE_WIDTH, SCENE_HEIGHT);

  return {
    backend: getEngine().backend,
    isImageData: edges instanceof ImageData,
    greySource: Array.from(grey.data),
    edges: Array.from(edges.data),
    edgesFromCanvas: Array.from(edgesFromCanvas.data),
    colourSource: Array.from(colour.data),
    colourFromCanvas: Array.from(colourFromCanvas.data),
  };
}

declare global {
  interface Window {
    simdconvImageTest?: { run: typeof run };
    /** Set by image.html when the page code could not load. */
    simdconvImageTestFailed?: string;
  }
}

window.simdconvImageTest = { run };
