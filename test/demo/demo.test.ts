// The demo page (demo/index.html) in headless Chromium, driven as a user would: it loads the
// built package (dist/) over HTTP, applies Sobel X through the kernel picker, and the result is
// checked against the pure-JS reference computed here in Node from the page's own input image.
// The teaching view's steps for one output cell are read from the page and checked against
// reference.im2col (the window) and reference.conv2d (the cell's value), in greyscale and RGB.
// Saves screenshots to test/artifacts/demo.png, demo-rgb.png (RGB mode) and demo-narrow.png (a
// 390 px wide window).
// Needs `npm run build` first (npm test does it) and Chromium (test/browser/chromium.ts).
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../../demo/serve.mjs';
import {
  convOutputSize,
  kernels,
  receptiveField,
  reference,
  resolvePadding,
  samePadding,
  type ActivationName,
  type PaddingWord,
  type Tensor,
} from '../../src/index.js';
import type { TimingSummary } from '../../demo/timing.js';
import { launchChromium } from '../browser/chromium.js';
import { abs, expectWithinTolerance } from '../helpers/tolerance.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const SCREENSHOT = `${ARTIFACTS}demo.png`;
const SCREENSHOT_NARROW = `${ARTIFACTS}demo-narrow.png`;
const SCREENSHOT_RGB = `${ARTIFACTS}demo-rgb.png`;

/** What `window.demo` hands over (arrays instead of Float32Arrays, for the trip out of the page). */
interface Rule {
  min: number;
  max: number;
  signed: boolean;
  scale: number;
}
interface PageMap {
  data: number[];
  shape: number[];
  rule: Rule;
}
interface PageResult extends PageMap {
  kernel: string;
  filter: { data: number[]; shape: number[] };
  options: { strides: number; padding: PaddingWord; dilations: number };
  bias: number;
  /** The activations the page's menu offers. */
  activation: Extract<ActivationName, 'relu' | 'relu6' | 'sigmoid' | 'tanh' | 'hardSwish'> | 'none';
}
/** A number the teaching view shows: its text and the exact value in its data-value attribute. */
interface Shown {
  text: string;
  value: number;
}
/** What the teaching view shows for one cell, read from the DOM. */
interface ShownSteps {
  row: number;
  col: number;
  taps: { channel: number; i: number; j: number; h: number; w: number; padded: boolean; x: Shown; weight: Shown; product: Shown }[];
  channelSums: Shown[];
  sum: Shown;
  bias: Shown;
  pre: Shown;
  value: Shown;
  output: Shown;
  map: Shown;
  verdict: string;
}

let server: Served;
let browser: Browser;
let page: Page;
/** Every page error, console error or failed request: the page must log none. */
const problems: string[] = [];

// Page code is passed as strings: vitest rewrites functions given to page.evaluate.
const evaluate = <T>(code: string): Promise<T> => page.evaluate(code) as Promise<T>;

const tensorOf = (t: { data: number[]; shape: number[] }): Tensor => ({ data: Float32Array.from(t.data), shape: t.shape });

const readInput = () => evaluate<{ data: number[]; shape: number[] }>('({ data: Array.from(demo.input.data), shape: demo.input.shape })');
const readResult = () =>
  evaluate<PageResult>(
    `(({ kernel, filter, options, bias, activation, data, shape, rule }) => ({ kernel, options, bias, activation, shape, rule,
       data: Array.from(data), filter: { data: Array.from(filter.data), shape: filter.shape } }))(demo.lastResult)`,
  );

/** The teaching view as displayed: every tap's cell of the tables, the sums and the result. */
const readShownSteps = () =>
  evaluate<ShownSteps>(`(() => {
    const shown = (el) => ({ text: el.textContent, value: Number(el.dataset.value) });
    const one = (selector) => shown(document.querySelector(selector));
    const taps = [...document.querySelectorAll('#teach-windows td.tap')].map((td) => ({
      channel: Number(td.dataset.channel), i: Number(td.dataset.i), j: Number(td.dataset.j),
      h: Number(td.dataset.h), w: Number(td.dataset.w), padded: td.classList.contains('pad'),
      x: shown(td.querySelector('.x .value')), weight: shown(td.querySelector('.w .value')),
      product: shown(td.querySelector('.p .value')),
    }));
    return {
      row: Number(document.getElementById('teach-row').value),
      col: Number(document.getElementById('teach-col').value),
      taps,
      channelSums: [...document.querySelectorAll('[id^="teach-sum-"]')].map(shown),
      sum: one('#teach-sum'), bias: one('#teach-bias'), pre: one('#teach-pre'), value: one('#teach-value'),
      output: one('#teach-output'), map: one('#teach-map'),
      verdict: document.getElementById('teach-agree').textContent,
    };
  })()`);

/**
 * A shown number's text is its value rounded as display.js documents: `digits` significant
 * digits for 1e-3 ≤ |v| < 1e5, one fewer in exponent form; a real minus sign.
 */
function expectShown(shown: Shown, digits: number): void {
  const text = shown.text.replaceAll('−', '-');
  if (shown.value === 0) return void expect(text).toBe('0');
  const everyday = Math.abs(shown.value) >= 1e-3 && Math.abs(shown.value) < 1e5;
  expect(Number(text)).toBe(Number(shown.value.toPrecision(everyday ? digits : digits - 1)));
}

/** −0 as 0: a shown number's data-value holds String(value), which drops the sign of zero. */
const plain = (value: number) => value + 0;

/** The activations the page offers, as the package defines them (src/reference/activation.ts). */
const ACTIVATION: Record<PageResult['activation'], (x: number) => number> = {
  none: (x) => x,
  relu: (x) => Math.max(0, x),
  relu6: (x) => Math.min(Math.max(0, x), 6),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: Math.tanh,
  hardSwish: (x) => (x * Math.min(Math.max(0, x + 3), 6)) / 6,
};

/**
 * Checks the teaching view's steps for its cell against the reference, computed here from the
 * page's input and filter: the window from reference.im2col (zeros over the padding), each
 * product, the per-channel and total sums, bias, activation, and the value against
 * reference.conv2d and the page's own feature map. Returns the steps for further checks.
 */
async function expectStepsMatchReference(): Promise<ShownSteps> {
  const input = tensorOf(await readInput());
  const result = await readResult();
  const filter = tensorOf(result.filter);
  const steps = await readShownSteps();
  const [, channels, height, width] = input.shape as [number, number, number, number];
  const [, , kH, kW] = filter.shape as [number, number, number, number];
  const [, , , ow] = result.shape as [number, number, number, number];
  const { strides: s, dilations: d, padding } = result.options;
  const [padTop, , padLeft] = resolvePadding(padding, [height, width], [kH, kW], s, d);

  // The window, as im2col unfolds it: row (row·Wout + col), columns (channel, i, j).
  const columns = reference.im2col(input, { windowDimensions: [kH, kW], strides: s, dilations: d, padding });
  const taps = channels * kH * kW;
  expect(columns.shape).toEqual([result.data.length, taps]);
  expect(steps.taps).toHaveLength(taps);
  const windowRow = (steps.row * ow + steps.col) * taps;
  const sums = new Array<number>(channels).fill(0);
  let magnitude = Math.abs(result.bias);
  steps.taps.forEach((tap, k) => {
    expect([tap.channel, tap.i, tap.j]).toEqual([Math.floor(k / (kH * kW)), Math.floor(k / kW) % kH, k % kW]);
    // The input cell the tap reads, and whether it is padding.
    expect([tap.h, tap.w]).toEqual([steps.row * s + tap.i * d - padTop, steps.col * s + tap.j * d - padLeft]);
    expect(tap.padded).toBe(tap.h < 0 || tap.h >= height || tap.w < 0 || tap.w >= width);
    const x = columns.data[windowRow + k]!;
    const weight = filter.data[k]!;
    expect(tap.x.value).toBe(plain(x));
    expect(tap.weight.value).toBe(plain(weight));
    expect(tap.product.value).toBe(plain(x * weight));
    for (const shown of [tap.x, tap.weight, tap.product]) expectShown(shown, 4);
    sums[tap.channel]! += x * weight;
    magnitude += Math.abs(x * weight);
  });
  expect(steps.channelSums.map((sum) => sum.value)).toEqual(sums.map(plain));
  const total = sums.reduce((a, b) => a + b, 0);
  expect(steps.sum.value).toBe(plain(total));
  expect(steps.bias.value).toBe(plain(result.bias));
  expect(steps.pre.value).toBe(plain(total + result.bias));
  expect(steps.value.value).toBe(plain(ACTIVATION[result.activation](total + result.bias)));
  expect(steps.output.value).toBe(steps.value.value);
  for (const shown of [...steps.channelSums, steps.sum, steps.bias, steps.pre, steps.value, steps.output, steps.map]) expectShown(shown, 6);

  // The value agrees with the reference's conv2d and with the page's map (wasm) at that cell,
  // within the tolerance of docs/architecture.md#tolerance; the page says so.
  const options = { ...result.options, bias: Float32Array.of(result.bias), ...(result.activation !== 'none' && { activation: result.activation }) };
  const y = reference.conv2d(input, filter, options);
  const cell = steps.row * ow + steps.col;
  const bound = 1e-5 * magnitude + 1e-6;
  expect(Math.abs(steps.value.value - y.data[cell]!)).toBeLessThanOrEqual(bound);
  expect(steps.map.value).toBe(plain(result.data[cell]!));
  expect(Math.abs(steps.value.value - steps.map.value)).toBeLessThanOrEqual(bound);
  expect(steps.verdict).toBe('✓ the same');
  return steps;
}

/** Sets the teaching view's cell through its row and column inputs. */
async function pickCell(row: number, col: number): Promise<void> {
  await page.getByLabel('Output row').fill(String(row));
  await page.getByLabel('Output column').fill(String(col));
  await page.waitForFunction(`demo.cell?.row === ${row} && demo.cell?.col === ${col}`);
}
const readEdges = () => evaluate<PageMap>('({ data: Array.from(demo.lastEdges.data), shape: demo.lastEdges.shape, rule: demo.lastEdges.rule })');

/** A canvas's size and its pixels' red channel (the maps are grey: R = G = B, alpha 255, checked). */
async function readCanvas(id: string): Promise<{ width: number; height: number; grey: number[]; notGrey: number }> {
  return evaluate(`(() => {
    const canvas = document.getElementById(${JSON.stringify(id)});
    const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const grey = [];
    let notGrey = 0;
    for (let p = 0; p < px.length; p += 4) {
      grey.push(px[p]);
      if (px[p + 1] !== px[p] || px[p + 2] !== px[p] || px[p + 3] !== 255) notGrey++;
    }
    return { width: canvas.width, height: canvas.height, grey, notGrey };
  })()`);
}

/** The display rule the page documents (display.js and the page's hint), recomputed here: value → grey. */
function documentedGrey(data: ArrayLike<number>): (value: number) => number {
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < data.length; k++) {
    min = Math.min(min, data[k]!);
    max = Math.max(max, data[k]!);
  }
  if (min < 0) {
    const scale = Math.max(-min, max);
    return (value) => Math.round(128 + (127 * value) / scale);
  }
  return (value) => (max > 0 ? Math.round((255 * value) / max) : 0);
}

/** Reference conv and the tolerance's magnitude (docs/architecture.md#tolerance) Σ|x·w| for it. */
function expected(input: Tensor, filter: Tensor, options: PageResult['options']) {
  return {
    y: reference.conv2d(input, filter, options),
    magnitude: reference.conv2d(abs(input), abs(filter), options).data,
  };
}

async function applyPreset(name: string): Promise<void> {
  await page.getByLabel('Preset').selectOption(name);
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForFunction(`demo.lastResult?.kernel === ${JSON.stringify(name)}`);
}

beforeAll(async () => {
  if (!existsSync(`${ROOT}dist/index.js`)) throw new Error('dist/ is missing: run `npm run build` first');
  server = await serve({ root: ROOT });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'assert') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(`${server.url}demo/`);
  await evaluate('demo.ready');
}, 60_000);

afterEach(() => {
  expect(problems.splice(0)).toEqual([]); // reported once, by the test during which they happened
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('demo page', () => {
  it('applies Sobel X to the generated image through the UI, as the reference does', async () => {
    expect(await page.locator('#engine-status').textContent()).toMatch(/^Engine: (relaxed-simd|simd|scalar) WebAssembly/);
    // The page starts on another preset, so the result below comes from the user's choice.
    expect(await evaluate('demo.lastResult.kernel')).not.toBe('sobelX');
    await applyPreset('sobelX');

    const input = tensorOf(await readInput());
    const result = await readResult();
    expect(input.shape).toEqual([1, 1, 256, 256]);
    expect(result.options).toEqual({ strides: 1, padding: 'same', dilations: 1 });
    expect(result.filter).toEqual({ data: Array.from(kernels.sobelX.data), shape: [1, 1, 3, 3] });

    // The whole feature map, against the reference computed in Node from the page's input.
    const { y, magnitude } = expected(input, kernels.sobelX, result.options);
    expectWithinTolerance(tensorOf(result), y, magnitude);

    // Landmarks of the generated image: the bright square's left edge (dark → bright) and right
    // edge, inside the square, and the background (each row constant: a vertical gradient).
    const square = await evaluate<{ x0: number; x1: number; y0: number; y1: number }>('demo.landmarks.square');
    const W = 256;
    const row = (square.y0 + square.y1) >> 1;
    const at = (yy: number, xx: number) => yy * W + xx;
    const points = {
      leftEdge: at(row, square.x0),
      rightEdge: at(row, square.x1 - 1),
      insideSquare: at(row, (square.x0 + square.x1) >> 1),
      background: at(square.y1 + 8, 8),
    };
    let maxAbs = 0;
    for (const v of y.data) maxAbs = Math.max(maxAbs, Math.abs(v));
    expect(y.data[points.leftEdge]!).toBeGreaterThan(0.5 * maxAbs);
    expect(y.data[points.rightEdge]!).toBeLessThan(-0.5 * maxAbs);
    expect(y.data[points.insideSquare]).toBe(0);
    expect(y.data[points.background]).toBe(0);
    expect(Math.abs(result.data[points.insideSquare]!)).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(result.data[points.background]!)).toBeLessThanOrEqual(1e-6);

    // The output canvas shows the page's map under the documented rule (signed: grey 128 at 0,
    // ±max|v| at 255/1), at every pixel; the reference's map would differ by rounding at most.
    const canvas = await readCanvas('output-canvas');
    expect([canvas.width, canvas.height]).toEqual([W, 256]);
    expect(canvas.notGrey).toBe(0);
    expect(result.rule.signed).toBe(true);
    const greyOfPage = documentedGrey(result.data);
    const greyOfReference = documentedGrey(y.data);
    let mismatches = 0;
    let farFromReference = 0;
    for (let k = 0; k < canvas.grey.length; k++) {
      if (canvas.grey[k] !== greyOfPage(result.data[k]!)) mismatches++;
      if (Math.abs(canvas.grey[k]! - greyOfReference(y.data[k]!)) > 1) farFromReference++;
    }
    expect(mismatches).toBe(0);
    expect(farFromReference).toBe(0);
    expect(canvas.grey[points.insideSquare]).toBe(128);
    expect(canvas.grey[points.background]).toBe(128);
    expect(canvas.grey[points.leftEdge]).toBeGreaterThan(128 + 63);
    expect(canvas.grey[points.rightEdge]).toBeLessThan(128 - 63);
    expect(await page.locator('#output-rule').textContent()).toContain('grey = 0');

    // Edge magnitude: √(gx² + gy²) of the reference's Sobel X and Y; its error is at most the
    // sum of theirs (|√(a²+b²) − √(c²+d²)| ≤ |a−c| + |b−d|).
    const edges = await readEdges();
    const gy = expected(input, kernels.sobelY, result.options);
    expect(edges.shape).toEqual([1, 1, 256, 256]);
    for (let k = 0; k < edges.data.length; k++) {
      const want = Math.hypot(y.data[k]!, gy.y.data[k]!);
      const bound = 1e-5 * (magnitude[k]! + gy.magnitude[k]!) + 2e-6;
      if (!(Math.abs(edges.data[k]! - want) <= bound)) expect.fail(`edge magnitude at ${k}: ${edges.data[k]} vs ${want}`);
    }
    const edgeCanvas = await readCanvas('edges-canvas');
    expect(edgeCanvas.notGrey).toBe(0);
    expect(edges.rule.signed).toBe(false);
    const greyOfEdges = documentedGrey(edges.data);
    for (const k of Object.values(points)) expect(edgeCanvas.grey[k]).toBe(greyOfEdges(edges.data[k]!));
    expect(edgeCanvas.grey[points.insideSquare]).toBe(0);
    expect(edgeCanvas.grey[points.leftEdge]).toBeGreaterThan(127);
  });

  it('times the same conv on wasm and on JS, and shows the backend, medians and spread', async () => {
    await page.waitForSelector('#timing[data-state="done"]', { timeout: 60_000 });
    const timing = await evaluate<{ backend: string; wasm: TimingSummary; js: TimingSummary; ratio: number; maxDiff: number }>('demo.timing');
    expect(['relaxed-simd', 'simd', 'scalar']).toContain(timing.backend);
    expect(await page.locator('#t-backend').textContent()).toBe(timing.backend);
    for (const s of [timing.wasm, timing.js]) {
      expect(s.samples).toBeGreaterThanOrEqual(5);
      expect(s.reps).toBeGreaterThanOrEqual(1);
      expect(s.min).toBeGreaterThan(0);
      expect(s.min).toBeLessThanOrEqual(s.p25);
      expect(s.p25).toBeLessThanOrEqual(s.median);
      expect(s.median).toBeLessThanOrEqual(s.p75);
      expect(s.p75).toBeLessThanOrEqual(s.max);
    }
    expect(timing.ratio).toBeCloseTo(timing.js.median / timing.wasm.median, 10);
    for (const id of ['wasm', 'js']) {
      expect(await page.locator(`#t-${id}-median`).textContent()).toMatch(/^\d+(\.\d+)?\u00a0ms$/);
      expect(await page.locator(`#t-${id}-iqr`).textContent()).toMatch(/^\d+(\.\d+)?–\d+(\.\d+)?\u00a0ms$/);
    }
    const ratioText = (await page.locator('#t-ratio').textContent()) ?? '';
    expect(ratioText).toMatch(/^\d+(\.\d)?×$/);
    // Shown rounded: to a whole number from 10× up, to one decimal below.
    expect(Math.abs(Number.parseFloat(ratioText) - timing.ratio)).toBeLessThanOrEqual((timing.ratio >= 10 ? 0.5 : 0.05) + 1e-9);
    // The two engines computed the same thing, within the tolerance (docs/architecture.md#tolerance) for the largest
    // possible Σ|x·w| (inputs are in [0, 1], so Σ|w|).
    const sumAbsW = kernels.sobelX.data.reduce((sum, w) => sum + Math.abs(w), 0);
    expect(timing.maxDiff).toBeLessThanOrEqual(1e-5 * sumAbsW + 1e-6);
    const times = (await page.locator('#timing').textContent()) ?? '';
    console.log(`demo timing (Sobel X 256×256): ${timing.backend} median ${timing.wasm.median.toPrecision(3)} ms, JS ${timing.js.median.toPrecision(3)} ms, ratio ${timing.ratio.toFixed(1)}×`);
    expect(times).toContain('faster in wasm');
  });

  it('shape explorer: output sizes and receptive fields as the package computes them', async () => {
    await page.getByLabel('Input size').fill('224');
    const layer = async (n: number, values: Record<'kernel' | 'stride' | 'padding' | 'dilation', string>) => {
      for (const [name, value] of Object.entries(values)) await page.getByLabel(`Layer ${n} ${name}`, { exact: true }).fill(value);
    };
    await layer(1, { kernel: '7', stride: '2', padding: '3', dilation: '1' });
    await layer(2, { kernel: '3', stride: '2', padding: 'same', dilation: '1' });
    const out1 = convOutputSize(224, 7, { strides: 2, padding: 3 });
    const out2 = convOutputSize(out1, 3, { strides: 2, padding: 'same' });
    const field = receptiveField(
      [
        { kernel: 7, strides: 2, padding: 3 },
        { kernel: 3, strides: 2, padding: samePadding(out1, 3, 2) },
      ],
      224,
    );
    const cell = (id: string) => page.locator(id).textContent();
    expect(await cell('#layer-1-out')).toBe(String(out1));
    expect(await cell('#layer-1-rf')).toBe(String(field.layers[0]!.size));
    expect(await cell('#layer-1-jump')).toBe(String(field.layers[0]!.jump));
    expect(await cell('#layer-2-out')).toBe(String(out2));
    expect(await cell('#layer-2-rf')).toBe(String(field.size));
    expect(await cell('#layer-2-jump')).toBe(String(field.jump));
    expect(await cell('#rf-summary')).toContain(`Output: ${out2} cells`);
    expect(await cell('#rf-shapes')).toBe(`[1, 1, 224, 224] → [1, 1, ${out1}, ${out1}] → [1, 1, ${out2}, ${out2}]`);

    // A kernel that does not fit: the library's message, inline; fixing it restores the answer.
    await page.getByLabel('Layer 1 kernel', { exact: true }).fill('300');
    expect(await cell('#rf-summary')).toMatch(/^Layer 1: convOutputSize: /);
    expect(await page.locator('#rf-summary').getAttribute('class')).toContain('error');
    await page.getByLabel('Layer 1 kernel', { exact: true }).fill('7');
    expect(await cell('#layer-1-out')).toBe(String(out1));
  });

  it('saves a screenshot of the page', async () => {
    await page.waitForSelector('#timing[data-state="done"]');
    await evaluate('document.activeElement?.blur()'); // no focus ring from the last fill
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
    console.log(`demo screenshot: ${SCREENSHOT}`);
  });

  it('every preset in the picker is the package kernel, and its feature map matches the reference', async () => {
    const presets: Record<string, Tensor> = {
      sobelX: kernels.sobelX,
      sobelY: kernels.sobelY,
      laplacian: kernels.laplacian,
      sharpen: kernels.sharpen,
      emboss: kernels.emboss,
      boxBlur3: kernels.boxBlur(3),
      boxBlur5: kernels.boxBlur(5),
      gaussian5: kernels.gaussian(5),
      identity: kernels.identity,
    };
    const options = await evaluate<string[]>(`[...document.querySelectorAll('#preset option')].map((o) => o.value)`);
    expect(options).toEqual([...Object.keys(presets), 'custom']);
    const input = tensorOf(await readInput());
    for (const [name, filter] of Object.entries(presets)) {
      await applyPreset(name);
      const result = await readResult();
      expect(result.filter).toEqual({ data: Array.from(filter.data), shape: [...filter.shape] });
      const { y, magnitude } = expected(input, filter, result.options);
      expectWithinTolerance(tensorOf(result), y, magnitude);
      // Signed maps are drawn around grey 128, non-negative ones from black: the rule follows the data.
      expect(result.rule.signed).toBe(result.data.some((v) => v < 0));
    }
    await applyPreset('sobelX');
  });

  it('stride, padding and dilation controls reach the conv', async () => {
    await page.getByLabel('Stride', { exact: true }).fill('2');
    await page.getByLabel('Padding', { exact: true }).selectOption('valid');
    await page.getByLabel('Dilation', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForFunction('demo.lastResult.options.strides === 2 && demo.lastResult.options.dilations === 2');
    const input = tensorOf(await readInput());
    const result = await readResult();
    expect(result.options).toEqual({ strides: 2, padding: 'valid', dilations: 2 });
    const { y, magnitude } = expected(input, kernels.sobelX, result.options);
    expect(result.shape).toEqual([1, 1, 126, 126]); // floor((256 − 5) / 2) + 1
    expectWithinTolerance(tensorOf(result), y, magnitude);
    const canvas = await readCanvas('output-canvas');
    expect([canvas.width, canvas.height]).toEqual([126, 126]);

    await page.getByLabel('Stride', { exact: true }).fill('1');
    await page.getByLabel('Padding', { exact: true }).selectOption('same');
    await page.getByLabel('Dilation', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForFunction('demo.lastResult.options.strides === 1 && demo.lastResult.shape[3] === 256');
  });

  it('teaching view: one cell step by step, with padding, bias and activation, as the reference computes it', async () => {
    await applyPreset('sobelX');
    await page.getByLabel('Stride', { exact: true }).fill('2');
    await page.getByLabel('Dilation', { exact: true }).fill('2');
    await page.getByLabel('Bias', { exact: true }).fill('0.25');
    await page.getByLabel('Activation').selectOption('tanh');
    try {
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForFunction(`demo.lastResult.activation === 'tanh' && demo.lastResult.options.strides === 2`);
      const result = await readResult();
      expect([result.bias, result.activation, result.shape]).toEqual([0.25, 'tanh', [1, 1, 128, 128]]);

      // The top-left cell: 'same' pads the top and left, so some taps read the padding (zeros).
      await pickCell(0, 0);
      const corner = await expectStepsMatchReference();
      const padded = corner.taps.filter((tap) => tap.padded);
      expect(padded.length).toBeGreaterThan(0);
      for (const tap of padded) expect([tap.x.text, tap.product.text]).toEqual(['0', '0']);
      expect(await page.locator('#teach-steps').textContent()).toContain(`${padded.length} of the 9 taps fall in the padding`);

      // Clicking the feature map picks the cell under the pointer: the bright square's left edge,
      // where Sobel X responds (so the activation sees a large sum, not just the bias).
      const square = await evaluate<{ x0: number; y0: number; y1: number }>('demo.landmarks.square');
      const [row, col] = [(square.y0 + square.y1) >> 2, square.x0 >> 1];
      const box = (await page.locator('#output-canvas').boundingBox())!;
      const scale = Math.min(box.width, box.height) / 128;
      await page.locator('#output-canvas').click({ position: { x: (box.width - 128 * scale) / 2 + (col + 0.5) * scale, y: (box.height - 128 * scale) / 2 + (row + 0.5) * scale } });
      await page.waitForFunction(`demo.cell.row === ${row} && demo.cell.col === ${col}`);
      const edge = await expectStepsMatchReference();
      expect(Math.abs(edge.pre.value)).toBeGreaterThan(1);
      expect(edge.taps.every((tap) => !tap.padded)).toBe(true);
      const [padTop, , padLeft] = resolvePadding('same', [256, 256], [3, 3], 2, 2);
      expect(await page.locator('#teach-formula').textContent()).toContain(
        `y[${row}, ${col}] = act(b + Σ_i Σ_j x[${row}·2 + i·2 − ${padTop}, ${col}·2 + j·2 − ${padLeft}] · w[i, j])`,
      );

      // The window is framed on the input: the overlay is marked at the centre of each tap's cell.
      const marked = await evaluate<boolean[]>(`(() => {
        const canvas = document.getElementById('input-canvas');
        const overlay = document.getElementById('input-overlay');
        const box = canvas.getBoundingClientRect();
        const scale = Math.min(box.width / canvas.width, box.height / canvas.height);
        const ratio = overlay.width / box.width;
        const context = overlay.getContext('2d');
        return demo.cell.steps.channels[0].taps.map(({ h, w }) => {
          const x = Math.floor(ratio * ((box.width - canvas.width * scale) / 2 + (w + 0.5) * scale));
          const y = Math.floor(ratio * ((box.height - canvas.height * scale) / 2 + (h + 0.5) * scale));
          const [r, g, b, a] = context.getImageData(x, y, 1, 1).data;
          return r > 230 && g > 170 && g < 220 && b < 40 && a > 128; // the marks' amber, not transparent

        });
      })()`);
      expect(marked).toEqual(new Array(9).fill(true));
    } finally {
      // Back to the defaults the later tests expect, even if a check above failed.
      await page.getByLabel('Stride', { exact: true }).fill('1');
      await page.getByLabel('Dilation', { exact: true }).fill('1');
      await page.getByLabel('Bias', { exact: true }).fill('0');
      await page.getByLabel('Activation').selectOption('none');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForFunction(`demo.lastResult.activation === 'none' && demo.lastResult.bias === 0 && demo.lastResult.shape[3] === 256`);
    }
  });

  it('teaching view, RGB mode: a kernel per channel, three window sums that add up to the map', async () => {
    await page.getByLabel('Input channels').selectOption('rgb');
    try {
      await page.waitForFunction(`demo.lastResult.kernel === 'rgb:sobelX/laplacian/boxBlur3'`);
      const input = tensorOf(await readInput());
      const result = await readResult();
      expect(input.shape).toEqual([1, 3, 256, 256]);
      // A colour image: 8-bit levels, and the channels differ (else RGB would teach nothing).
      const plane = 256 * 256;
      expect(input.data.every((v) => v >= 0 && v <= 1 && Math.abs(v * 255 - Math.round(v * 255)) < 1e-4)).toBe(true);
      const differs = (a: number, b: number) => input.data.subarray(a * plane, (a + 1) * plane).some((v, k) => v !== input.data[b * plane + k]);
      expect(differs(0, 1) && differs(1, 2) && differs(0, 2)).toBe(true);
      // The filter is [1, 3, 3, 3]: Sobel X on R, the Laplacian on G, a 3×3 box blur on B.
      expect(result.filter).toEqual({
        data: [...kernels.sobelX.data, ...kernels.laplacian.data, ...kernels.boxBlur(3).data],
        shape: [1, 3, 3, 3],
      });
      // The whole map is the reference's, and it is the sum of the three single-channel convs.
      const filter = tensorOf(result.filter);
      const { y, magnitude } = expected(input, filter, result.options);
      expectWithinTolerance(tensorOf(result), y, magnitude);

      await pickCell(64, 24);
      const steps = await expectStepsMatchReference();
      expect(steps.channelSums).toHaveLength(3);
      const perChannel = [0, 1, 2].map((c) =>
        reference.conv2d(
          { data: input.data.slice(c * plane, (c + 1) * plane), shape: [1, 1, 256, 256] },
          { data: filter.data.slice(9 * c, 9 * (c + 1)), shape: [1, 1, 3, 3] },
          result.options,
        ).data[64 * 256 + 24]!,
      );
      steps.channelSums.forEach((sum, c) => expect(Math.abs(sum.value - perChannel[c]!)).toBeLessThanOrEqual(1e-5 * Math.abs(perChannel[c]!) + 1e-6));
      const added = steps.channelSums.reduce((total, sum) => total + sum.value, 0);
      expect(Math.abs(added - steps.map.value)).toBeLessThanOrEqual(1e-5 * magnitude[64 * 256 + 24]! + 1e-6);
      expect(new Set(steps.channelSums.map((sum) => sum.value)).size).toBe(3); // three different sums
      const text = (await page.locator('#teach-steps').textContent()) ?? '';
      expect(text).toContain(`Sum over the channels: Σ R ${steps.channelSums[0]!.text} + Σ G ${steps.channelSums[1]!.text} + Σ B ${steps.channelSums[2]!.text} = ${steps.sum.text}`);

      // Kernels of different sizes cannot be stacked: the page says so and keeps the last result.
      await page.getByLabel('B kernel').selectOption('gaussian5');
      expect(await page.locator('#conv-error').textContent()).toBe('RGB mode needs three kernels of the same size: R is 3×3 but B is 5×5.');
      expect(await evaluate('demo.lastResult.kernel')).toBe('rgb:sobelX/laplacian/boxBlur3');
      await page.getByLabel('B kernel').selectOption('boxBlur3');
      await page.waitForFunction(`demo.cell && document.getElementById('conv-error').hidden`);

      await page.waitForSelector('#timing[data-state="done"]', { timeout: 60_000 });
      await evaluate('document.activeElement?.blur()');
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: SCREENSHOT_RGB, fullPage: true });
      console.log(`demo screenshot (RGB teaching view): ${SCREENSHOT_RGB}`);
    } finally {
      await page.getByLabel('B kernel').selectOption('boxBlur3');
      await page.getByLabel('Input channels').selectOption('grey');
      await page.waitForFunction(`demo.input.shape[1] === 1 && !demo.lastResult.kernel.startsWith('rgb:')`);
    }
  });

  it('a typed kernel: errors shown inline, the page stays usable, a valid one is applied', async () => {
    const text = page.getByLabel('Values, one row per line');
    const error = page.locator('#conv-error');
    const apply = page.getByRole('button', { name: 'Apply' });
    expect(await error.isVisible()).toBe(false);

    const before = await evaluate<string>('demo.lastResult.kernel');
    await text.fill('1 2 3\n4 5');
    expect(await page.getByLabel('Preset').inputValue()).toBe('custom');
    await apply.click();
    expect(await error.textContent()).toMatch(/rectangular: row 1 has 3 numbers but row 2 has 2/);
    expect(await evaluate('demo.lastResult.kernel')).toBe(before); // the last result stays

    await text.fill('1 x 2');
    await apply.click();
    expect(await error.textContent()).toContain('“x” is not a finite number');

    await text.fill('0 0 0\n-1 0 1\n0 0 0');
    await apply.click();
    await page.waitForFunction(`demo.lastResult.kernel === 'custom'`);
    expect(await error.isVisible()).toBe(false);
    const input = tensorOf(await readInput());
    const result = await readResult();
    expect(result.filter).toEqual({ data: [0, 0, 0, -1, 0, 1, 0, 0, 0], shape: [1, 1, 3, 3] });
    const { y, magnitude } = expected(input, tensorOf(result.filter), result.options);
    expectWithinTolerance(tensorOf(result), y, magnitude);

    // Too large for the demo's JS timing: refused before any work.
    await text.fill(Array.from({ length: 3 }, () => '1 '.repeat(300)).join('\n'));
    await apply.click();
    expect(await error.textContent()).toMatch(/kernel is 3×300; this demo takes at most/);

    // A kernel whose dilated extent exceeds the image with 'valid' padding: the library's message.
    await text.fill('1 '.repeat(31));
    await page.getByLabel('Padding', { exact: true }).selectOption('valid');
    await page.getByLabel('Dilation', { exact: true }).fill('16');
    await apply.click();
    expect(await error.textContent()).toMatch(/^conv2dOutputShape: output width would be 0/);
    expect(await evaluate('demo.lastResult.kernel')).toBe('custom');

    await page.getByLabel('Padding', { exact: true }).selectOption('same');
    await page.getByLabel('Dilation', { exact: true }).fill('1');
    await apply.click();
    expect(await error.isVisible()).toBe(false);
  });

  it('loads a picked image file (the screenshot) as greyscale, scaled to fit 512', async () => {
    await page.getByLabel('Preset').selectOption('sobelY');
    await page.locator('#file').setInputFiles(SCREENSHOT);
    await page.waitForFunction('demo.input.shape[3] !== 256 && demo.lastResult.shape[3] === demo.input.shape[3]');
    const input = await readInput();
    const [, , h, w] = input.shape as [number, number, number, number];
    expect(Math.max(h, w)).toBe(512);
    expect(input.data.every((v) => v >= 0 && v <= 1)).toBe(true);
    // The page reads the file with fromImage: BT.601 luma of the decoded bytes, / 255. Decode the
    // same file again in the page and compare with the weights written out here.
    const png = readFileSync(SCREENSHOT).toString('base64');
    const worst = await evaluate<number>(`(async () => {
      const file = await (await fetch('data:image/png;base64,${png}')).blob();
      const bitmap = await createImageBitmap(file);
      const [w, h] = [demo.input.shape[3], demo.input.shape[2]];
      const context = new OffscreenCanvas(w, h).getContext('2d');
      context.fillStyle = '#000';
      context.fillRect(0, 0, w, h);
      context.drawImage(bitmap, 0, 0, w, h);
      const rgba = context.getImageData(0, 0, w, h).data;
      let worst = 0;
      for (let p = 0; p < w * h; p++) {
        const luma = (0.299 * rgba[4 * p] + 0.587 * rgba[4 * p + 1] + 0.114 * rgba[4 * p + 2]) / 255;
        worst = Math.max(worst, Math.abs(demo.input.data[p] - luma));
      }
      return worst;
    })()`);
    expect(worst).toBeLessThan(1e-6);
    const result = await readResult();
    expect(result.kernel).toBe('sobelY');
    const { y, magnitude } = expected(tensorOf(input), kernels.sobelY, result.options);
    expectWithinTolerance(tensorOf(result), y, magnitude);
    expect(await page.locator('#input-caption').textContent()).toContain(`demo.png, ${w}×${h}`);
  });

  it('fits a narrow window without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    const overflow = await evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: SCREENSHOT_NARROW, fullPage: true });
    console.log(`demo screenshot (narrow): ${SCREENSHOT_NARROW}`);
  });
});
