// fromImage and toImage with a real canvas in headless Chromium, on the built package: a scene
// drawn on a canvas and read with getImageData goes through fromImage → conv2d(kernels.sobelX) →
// toImage('auto'), is put on a canvas with putImageData and read back. The bytes must be what
// Node computes from the same scene with fromImage → reference.conv2d → toImage. Needs
// `npm run build` first (npm test does it).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../demo/serve.mjs';
import { fromImage, kernels, reference, toImage } from '../../src/index.js';
import { bundlePage, ROOT } from './bundle.js';
import { launchChromium } from './chromium.js';
import type { ImageReport } from './page/image.js';
import { COLOUR_SCENE, GREY_SCENE, SCENE_HEIGHT, SCENE_WIDTH, sceneBytes } from './page/image-scene.js';

let browser: Browser | undefined;
let report: ImageReport;
const problems: string[] = [];

beforeAll(async () => {
  for (const file of ['dist/index.js', 'dist/wasm/simdconv.relaxed-simd.wasm']) {
    if (!existsSync(resolve(ROOT, file))) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`);
  }
  const [bundle, launched] = await Promise.all([bundlePage('test/browser/page/image.ts'), launchChromium()]);
  browser = launched;
  const server = await serve({ root: ROOT });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.stack ?? error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page.route(`${server.url}test/browser/page/image.js`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: bundle }),
    );
    await page.goto(`${server.url}test/browser/page/image.html`);
    await page.waitForFunction('window.simdconvImageTest !== undefined || window.simdconvImageTestFailed !== undefined', undefined, { timeout: 15_000 });
    const failed = await page.evaluate('window.simdconvImageTestFailed');
    if (failed !== undefined) throw new Error(`the image test page did not start: ${String(failed)}\n${problems.join('\n')}`);
    report = (await page.evaluate('window.simdconvImageTest.run()')) as ImageReport;
  } finally {
    await context.close();
    await server.close();
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** The R bytes of an RGBA array. */
const reds = (data: ArrayLike<number>) => Array.from(data).filter((_, i) => i % 4 === 0);

describe('fromImage and toImage with a canvas in Chromium', () => {
  it('getImageData holds exactly the scenes drawn (the inputs are known)', () => {
    expect(problems, 'errors in the page').toEqual([]);
    expect(report.greySource).toEqual(Array.from(sceneBytes(GREY_SCENE)));
    expect(report.colourSource).toEqual(Array.from(sceneBytes(COLOUR_SCENE)));
  });

  it('toImage returns the browser’s ImageData, which putImageData takes as is', () => {
    expect(report.isImageData).toBe(true);
    expect(report.backend).toBe('relaxed-simd');
  });

  it("an edge map: the page's bytes are Node's fromImage → reference.conv2d → toImage('auto')", () => {
    const source = { data: Uint8ClampedArray.from(report.greySource), width: SCENE_WIDTH, height: SCENE_HEIGHT };
    const ref = reference.conv2d(fromImage(source, { channels: 'grey', scale: 1 }), kernels.sobelX, { padding: 'same' });
    // Grey levels are integers, so every Sobel output is an exact integer on every build.
    expect(ref.data.every(Number.isInteger)).toBe(true);
    const expected = Array.from(toImage(ref, { range: 'auto' }).data);
    expect(report.edges).toEqual(expected);
    // Opaque pixels survive putImageData → getImageData unchanged.
    expect(report.edgesFromCanvas).toEqual(expected);
    // A known answer besides: the white rectangle's left edge (x = 4) on row 5 is
    // (255 − 0)·4 = 1020 in gx, and that is the scene's largest gradient, so white.
    expect(Math.max(...ref.data)).toBe(1020);
    expect(ref.data[5 * SCENE_WIDTH + 4]).toBe(1020);
    expect(reds(report.edgesFromCanvas)[5 * SCENE_WIDTH + 4]).toBe(255);
    // Flat black far from every rectangle: gradient 0, which 'auto' puts at (0 − lo)·255 / (hi − lo).
    const [lo, hi] = [Math.min(...ref.data), Math.max(...ref.data)];
    expect(reds(report.edgesFromCanvas)[14 * SCENE_WIDTH + 1]).toBe(Math.round((-lo * 255) / (hi - lo)));
  });

  it('colours: fromImage → toImage → putImageData → getImageData gives the drawn bytes back', () => {
    expect(report.colourFromCanvas).toEqual(Array.from(sceneBytes(COLOUR_SCENE)));
  });
});
