// The simdconv demo page: wiring between the controls, the package (the built `dist/`, as a
// browser user imports it) and the canvases. No framework, no build step.
//
// window.demo — a small read-only window on the page's state, for the browser test and the curious:
//   ready       Promise<void>: resolves once the wasm engine is loaded and the first result drawn
//               (rejects, and the page says why, if loading fails)
//   landmarks   where the shapes of the generated image are (LANDMARKS in image.js)
//   input       { data, shape }: the current input image, [1, 1, H, W] (greyscale) or [1, 3, H, W]
//               (RGB mode), values in [0, 1]
//   lastResult  { kernel, filter, options, bias, activation, data, shape, rule }: the feature map
//               last drawn (default engine); kernel is the preset name, 'custom', or in RGB mode
//               'rgb:<R>/<G>/<B>'; options the geometry (bias and activation are passed beside
//               it); rule its display rule (display.js)
//   lastEdges   { data, shape, rule }: the edge magnitude last drawn
//   cell        null, or the teaching view's cell { row, col, steps, mapValue, agree }
//   timing      null, or the last finished wasm-vs-JS timing { backend, wasm, js, ratio, maxDiff }
import { conv2d, conv2dOutputShape, createEngine, edgeMagnitude, kernels, ready } from '../dist/index.js';
import { cellSteps } from './cell-steps.js';
import { describeRule, displayRule, drawMap, drawRgb, formatValue } from './display.js';
import { generatedColourImage, generatedImage, imageFromFile, LANDMARKS } from './image.js';
import { formatKernel, parseKernel, PRESETS } from './kernel-text.js';
import { cellAt, drawMarks } from './overlay.js';
import { mountShapeExplorer } from './shape-explorer.js';
import { showSteps } from './teach.js';
import { timeAlternating } from './timing.js';

const $ = (selector) => /** @type {HTMLElement} */ (document.querySelector(selector));

const demo = {
  /** @type {Promise<void>} */ ready: Promise.resolve(), // replaced below, before this module ends
  landmarks: LANDMARKS,
  input: generatedImage(),
  lastResult: null,
  lastEdges: null,
  cell: null,
  timing: null,
};
window.demo = demo;

/** The default engine (fastest wasm build) and the pure-JS one, set once loaded. */
let engine;
let jsEngine;

// ---- Input image ---------------------------------------------------------------------------

/** Input values are drawn as they are: grey = round(255 · v). */
const INPUT_RULE = { min: 0, max: 1, signed: false, scale: 1 };

const channelMode = /** @type {HTMLSelectElement} */ ($('#channels'));

/**
 * The image in both forms: `grey` [1, 1, H, W] and `rgb()` [1, 3, H, W] (made when first asked
 * for: the generated colour image takes a moment).
 */
let source = { name: 'generated image', grey: demo.input, rgb: once(generatedColourImage) };

function once(make) {
  let made;
  return () => (made ??= make());
}

/** Uses the source in the selected channel mode as the input and draws it. */
function showInput() {
  const rgb = channelMode.value === 'rgb';
  const image = rgb ? source.rgb() : source.grey;
  demo.input = image;
  const [, , h, w] = image.shape;
  if (rgb) drawRgb($('#input-canvas'), image);
  else drawMap($('#input-canvas'), image, INPUT_RULE);
  $('#input-canvas').setAttribute('aria-label', `Input: ${source.name}, ${w}×${h} ${rgb ? 'RGB' : 'greyscale'}`);
  $('#input-caption').textContent = `${source.name}, ${w}×${h}; ${rgb ? 'RGB, channel = 255 · value' : 'grey = 255 · value'}`;
}

function setInput(image, name) {
  source = { name, grey: image.grey, rgb: () => image.rgb };
  showInput();
}

async function loadFile(file) {
  const error = $('#image-error');
  error.hidden = true;
  if (!file) return;
  try {
    setInput(await imageFromFile(file), file.name || 'dropped image');
    apply();
  } catch (cause) {
    error.textContent = `Could not read “${file.name}” as an image (${cause instanceof Error ? cause.message : cause}).`;
    error.hidden = false;
  }
}

$('#file').addEventListener('change', async (event) => {
  await loadFile(event.target.files?.[0]);
  event.target.value = ''; // so that picking the same file again loads it again
});
$('#use-generated').addEventListener('click', () => {
  source = { name: 'generated image', grey: generatedImage(), rgb: once(generatedColourImage) };
  showInput();
  apply();
});
// Drop anywhere on the page; without preventDefault the browser would navigate to the file.
document.addEventListener('dragover', (event) => {
  event.preventDefault();
  document.body.classList.add('dragging');
});
document.addEventListener('dragleave', (event) => {
  if (event.relatedTarget === null) document.body.classList.remove('dragging');
});
document.addEventListener('drop', (event) => {
  event.preventDefault();
  document.body.classList.remove('dragging');
  loadFile(event.dataTransfer?.files?.[0]);
});

// ---- Kernel and geometry -------------------------------------------------------------------

const preset = /** @type {HTMLSelectElement} */ ($('#preset'));
const kernelText = /** @type {HTMLTextAreaElement} */ ($('#kernel-text'));

for (const [value, { label }] of Object.entries(PRESETS)) preset.add(new Option(label, value));
preset.add(new Option('Custom (typed below)', 'custom'));
preset.value = 'laplacian';

/** RGB mode's kernel per channel: a preset, the kernel above (preset or typed), or zeros. */
const CHANNEL_KERNELS = [
  ['#kernel-r', 'R', 'sobelX'],
  ['#kernel-g', 'G', 'laplacian'],
  ['#kernel-b', 'B', 'boxBlur3'],
].map(([id, name, initial]) => {
  const select = /** @type {HTMLSelectElement} */ ($(id));
  select.add(new Option('The kernel above', 'main'));
  for (const [value, { label }] of Object.entries(PRESETS)) select.add(new Option(label, value));
  select.add(new Option('Zeros (channel ignored)', 'zeros'));
  select.value = initial;
  select.addEventListener('change', () => apply());
  return { select, name };
});

channelMode.addEventListener('change', () => {
  $('#channel-kernels').hidden = channelMode.value !== 'rgb';
  showInput();
  apply();
});

/** Shows a preset's values in the text area, so it can be edited into a custom kernel. */
function showPreset() {
  if (preset.value === 'custom') return;
  const { text, rounded } = formatKernel(PRESETS[preset.value].filter());
  kernelText.value = text;
  $('#kernel-note').textContent = rounded ? 'Shown rounded to 4 digits; the exact preset is used.' : '';
}

preset.addEventListener('change', () => {
  showPreset();
  if (preset.value !== 'custom') apply();
});
kernelText.addEventListener('input', () => {
  preset.value = 'custom';
  $('#kernel-note').textContent = '';
});
$('#conv-form').addEventListener('submit', (event) => {
  event.preventDefault();
  apply();
});
for (const id of ['#stride', '#padding', '#dilation', '#bias', '#activation']) $(id).addEventListener('change', () => apply());

/** The kernel of the main picker and its name, or a message saying what is wrong with the typed one. */
function readMainKernel() {
  if (preset.value !== 'custom') return { name: preset.value, filter: PRESETS[preset.value].filter() };
  const parsed = parseKernel(kernelText.value);
  return 'error' in parsed ? parsed : { name: 'custom', filter: parsed.filter };
}

/**
 * The filter in use: the main kernel (`[1, 1, kH, kW]`) or, in RGB mode, the three channel
 * kernels stacked into `[1, 3, kH, kW]`; or a message saying what is wrong.
 */
function readKernel() {
  const main = readMainKernel();
  if (channelMode.value !== 'rgb') return main;
  const chosen = CHANNEL_KERNELS.map(({ select, name }) => {
    if (select.value === 'main') return { name, key: 'error' in main ? 'main' : main.name, ...main };
    if (select.value === 'zeros') return { name, key: 'zeros', filter: null };
    return { name, key: select.value, filter: PRESETS[select.value].filter() };
  });
  const failed = chosen.find((c) => 'error' in c);
  if (failed) return { error: `${failed.name} kernel (the kernel above): ${failed.error}` };
  const sized = chosen.filter((c) => c.filter !== null);
  const [kH, kW] = sized.length > 0 ? sized[0].filter.shape.slice(2) : [3, 3];
  const odd = sized.find((c) => c.filter.shape[2] !== kH || c.filter.shape[3] !== kW);
  if (odd) {
    return { error: `RGB mode needs three kernels of the same size: ${sized[0].name} is ${kH}×${kW} but ${odd.name} is ${odd.filter.shape[2]}×${odd.filter.shape[3]}.` };
  }
  const data = new Float32Array(3 * kH * kW);
  chosen.forEach((c, ch) => c.filter && data.set(c.filter.data, ch * kH * kW));
  return { name: `rgb:${chosen.map((c) => c.key).join('/')}`, filter: { data, shape: [1, 3, kH, kW] } };
}

/** Bias and activation, or a message. The bias is passed only when it is not 0. */
function readBiasActivation() {
  const text = /** @type {HTMLInputElement} */ ($('#bias')).value.trim();
  const bias = Number(text);
  if (text === '' || !Number.isFinite(bias)) return { error: `Bias: “${text}” is not a finite number.` };
  return { bias, activation: /** @type {HTMLSelectElement} */ ($('#activation')).value };
}

/** conv2d's options for a result: its geometry plus bias and activation where set. */
function convOptions({ options, bias, activation }) {
  return {
    ...options,
    ...(bias !== 0 && { bias: Float32Array.of(bias) }),
    ...(activation !== 'none' && { activation }),
  };
}

function readOptions() {
  return {
    strides: Number(/** @type {HTMLInputElement} */ ($('#stride')).value),
    padding: /** @type {HTMLSelectElement} */ ($('#padding')).value,
    dilations: Number(/** @type {HTMLInputElement} */ ($('#dilation')).value),
  };
}

function showError(message) {
  const error = $('#conv-error');
  error.textContent = message;
  error.hidden = message === '';
}

/**
 * Runs the selected conv on the current input with the default engine and draws the feature map
 * and the edge magnitude. On a bad kernel or geometry it shows why and keeps the last result.
 */
function apply() {
  if (!engine) return;
  const kernel = readKernel();
  if ('error' in kernel) return showError(kernel.error);
  const post = readBiasActivation();
  if ('error' in post) return showError(post.error);
  const options = readOptions();
  const full = convOptions({ options, ...post });
  let output;
  let edges;
  try {
    // conv2dOutputShape validates exactly as conv2d does, so it is the error message users see.
    const shape = conv2dOutputShape(demo.input.shape, kernel.filter.shape, full);
    output = conv2d(demo.input, kernel.filter, full);
    console.assert(output.shape.join() === shape.join(), 'conv2dOutputShape disagrees with conv2d');
    // Edges of the greyscale image, with the geometry only (no bias or activation).
    const gx = conv2d(source.grey, kernels.sobelX, options);
    const gy = conv2d(source.grey, kernels.sobelY, options);
    edges = edgeMagnitude(gx, gy);
  } catch (error) {
    return showError(error instanceof Error ? error.message : String(error));
  }
  showError('');

  const rule = displayRule(output.data);
  drawMap($('#output-canvas'), output, rule);
  const edgeRule = displayRule(edges.data);
  drawMap($('#edges-canvas'), edges, edgeRule);

  const [, , kH, kW] = kernel.filter.shape;
  const [, , oh, ow] = output.shape;
  const label = kernelLabel(kernel.name, kH, kW);
  const extras = [post.bias !== 0 && `bias ${formatValue(post.bias)}`, post.activation !== 'none' && post.activation].filter(Boolean);
  const geometry = [`stride ${options.strides}, padding ${options.padding}, dilation ${options.dilations}`, ...extras].join(', ');
  $('#output-caption').textContent = `${label}; ${ow}×${oh} (${geometry})`;
  $('#output-rule').textContent = describeRule(rule);
  $('#output-canvas').setAttribute('aria-label', `Feature map of ${label}, ${ow}×${oh}, ${describeRule(rule)}`);
  $('#edges-caption').textContent =
    `√(gx² + gy²) of Sobel X and Y${channelMode.value === 'rgb' ? ' on the greyscale image' : ''}; ${ow}×${oh} (same geometry)`;
  $('#edges-rule').textContent = describeRule(edgeRule);
  $('#edges-canvas').setAttribute('aria-label', `Edge magnitude, ${ow}×${oh}, ${describeRule(edgeRule)}`);
  drawLegend($('#output-legend'), rule);
  drawLegend($('#edges-legend'), edgeRule);

  demo.lastResult = { kernel: kernel.name, filter: kernel.filter, options, ...post, data: output.data, shape: output.shape, rule };
  demo.lastEdges = { data: edges.data, shape: edges.shape, rule: edgeRule };
  showCell();
  scheduleTiming();
}

/** A kernel's name for captions: the preset's label, `custom k×k`, or the RGB channels' kernels. */
function kernelLabel(name, kH, kW) {
  if (!name.startsWith('rgb:')) return channelLabels(name, kH, kW)[0];
  return `RGB: ${channelLabels(name, kH, kW).map((label, c) => `${'RGB'[c]} ${label}`).join(', ')}`;
}

/** Each channel's kernel in words, from a result's kernel name. */
function channelLabels(name, kH, kW) {
  const one = (key) => (key === 'custom' ? `custom ${kH}×${kW}` : key === 'zeros' ? 'zeros' : PRESETS[key].label);
  return (name.startsWith('rgb:') ? name.slice(4).split('/') : [name]).map(one);
}

/** The colour bar under a map: the grey ramp with the values at its ends and at zero. */
function drawLegend(element, rule) {
  const low = rule.signed ? -rule.scale : 0;
  const stops = rule.signed ? [formatValue(low), '0', `+${formatValue(rule.scale)}`] : ['0', formatValue(rule.scale)];
  element.replaceChildren(
    Object.assign(document.createElement('span'), { className: rule.signed ? 'bar signed' : 'bar' }),
    ...stops.map((text) => Object.assign(document.createElement('span'), { className: 'stop', textContent: text })),
  );
}

// ---- Value read-out under the pointer ------------------------------------------------------

/** Value of an `[1, 1, H, W]` map at the fraction (fx, fy) of its width and height. */
function valueAt(map, fx, fy) {
  const [, , h, w] = map.shape;
  const x = Math.min(w - 1, Math.floor(fx * w));
  const y = Math.min(h - 1, Math.floor(fy * h));
  return { x, y, v: map.data[y * w + x] };
}

/** The input's value(s) at (x, y): one number, or `(r, g, b)` in RGB mode. */
function inputText(x, y) {
  const [, channels, h, w] = demo.input.shape;
  const values = Array.from({ length: channels }, (_, c) => formatValue(demo.input.data[(c * h + y) * w + x]));
  return channels === 1 ? values[0] : `(${values.join(', ')})`;
}

for (const id of ['#input-canvas', '#output-canvas', '#edges-canvas']) {
  $(id).addEventListener('pointermove', (event) => {
    if (!demo.lastResult) return;
    const box = event.currentTarget.getBoundingClientRect();
    const fx = (event.clientX - box.left) / box.width;
    const fy = (event.clientY - box.top) / box.height;
    const i = valueAt(demo.input, fx, fy);
    const o = valueAt(demo.lastResult, fx, fy);
    const e = valueAt(demo.lastEdges, fx, fy);
    $('#readout').textContent =
      `input (${i.x}, ${i.y}) = ${inputText(i.x, i.y)} · feature map (${o.x}, ${o.y}) = ${formatValue(o.v)} · edge magnitude = ${formatValue(e.v)}`;
  });
}

// ---- Teaching view: one output cell, step by step -----------------------------------------

const rowInput = /** @type {HTMLInputElement} */ ($('#teach-row'));
const colInput = /** @type {HTMLInputElement} */ ($('#teach-col'));

/**
 * Works out the chosen cell of the last result (clamped into the map, the inputs corrected to
 * match), shows its steps and frames its window on the input and the cell on the map.
 */
function showCell() {
  const result = demo.lastResult;
  if (!result) return;
  const [, , oh, ow] = result.shape;
  const clamp = (input, size) => {
    const value = Math.min(size - 1, Math.max(0, Math.round(Number(input.value) || 0)));
    input.max = String(size - 1);
    if (input.value !== String(value)) input.value = String(value);
    return value;
  };
  const row = clamp(rowInput, oh);
  const col = clamp(colInput, ow);
  const steps = cellSteps(demo.input, result.filter, result.options, { row, col, bias: result.bias, activation: result.activation });
  const mapValue = result.data[row * ow + col];
  const names = demo.input.shape[1] === 3 ? ['R', 'G', 'B'] : ['x'];
  const { agree } = showSteps($('#teach'), steps, {
    row,
    col,
    names,
    kernelLabels: channelLabels(result.kernel, result.filter.shape[2], result.filter.shape[3]),
    kernelShape: result.filter.shape,
    inputShape: demo.input.shape,
    geometry: result.options,
    activation: result.activation,
    mapValue,
    backend: engine.backend,
  });
  demo.cell = { row, col, steps, mapValue, agree };
  drawCellMarks();
}

/** Frames the cell's window on the input (its taps inside the image marked) and the cell on the map. */
function drawCellMarks() {
  if (!demo.cell) return;
  const { row, col, steps } = demo.cell;
  const taps = steps.channels[0].taps;
  const frame = {
    top: Math.min(...taps.map((t) => t.h)),
    bottom: Math.max(...taps.map((t) => t.h)),
    left: Math.min(...taps.map((t) => t.w)),
    right: Math.max(...taps.map((t) => t.w)),
  };
  const cells = taps.filter((t) => !t.padded).map((t) => ({ row: t.h, col: t.w }));
  drawMarks($('#input-overlay'), $('#input-canvas'), { cells, frame });
  drawMarks($('#output-overlay'), $('#output-canvas'), { cells: [{ row, col }], frame: { top: row, bottom: row, left: col, right: col } });
}

for (const input of [rowInput, colInput]) input.addEventListener('input', () => input.value !== '' && showCell());
$('#output-canvas').addEventListener('click', (event) => {
  const cell = cellAt(/** @type {HTMLCanvasElement} */ (event.currentTarget), event);
  if (!cell) return;
  rowInput.value = String(cell.row);
  colInput.value = String(cell.col);
  showCell();
});
// The marks are drawn at the display's resolution: redraw when the canvases change size.
new ResizeObserver(() => drawCellMarks()).observe($('#input-canvas'));

// ---- wasm vs JS timing ---------------------------------------------------------------------

let timingRun = 0;
let timingTimer;

/** Measures after a short pause, so a burst of changes measures once. */
function scheduleTiming() {
  timingRun++; // cancels a measurement under way
  clearTimeout(timingTimer);
  $('#timing').dataset.state = 'pending';
  $('#t-status').textContent = 'Waiting to measure…';
  timingTimer = setTimeout(measure, 150);
}

const ms = (value) => (value >= 1 ? value.toFixed(2) : value >= 0.01 ? value.toFixed(3) : value.toPrecision(2));

async function measure() {
  const run = ++timingRun;
  const section = $('#timing');
  const { input } = demo;
  const { filter } = demo.lastResult;
  const options = convOptions(demo.lastResult);
  section.dataset.state = 'running';
  $('#t-status').textContent = 'Measuring…';

  // Both engines get the very same tensors and options; check first that they agree.
  const wasmY = engine.conv2d(input, filter, options);
  const jsY = jsEngine.conv2d(input, filter, options);
  let maxDiff = 0;
  let maxAbs = 0;
  for (let k = 0; k < jsY.data.length; k++) {
    maxDiff = Math.max(maxDiff, Math.abs(wasmY.data[k] - jsY.data[k]));
    maxAbs = Math.max(maxAbs, Math.abs(jsY.data[k]));
  }

  const result = await timeAlternating(
    () => engine.conv2d(input, filter, options),
    () => jsEngine.conv2d(input, filter, options),
    {
      cancelled: () => run !== timingRun,
      progress: (done, total) => ($('#t-status').textContent = `Measuring… sample ${done} of ${total}`),
    },
  );
  if (result === null) return;

  const rows = [
    ['wasm', result.a],
    ['js', result.b],
  ];
  for (const [id, s] of rows) {
    $(`#t-${id}-median`).textContent = `${ms(s.median)}\u00a0ms`;
    $(`#t-${id}-iqr`).textContent = `${ms(s.p25)}–${ms(s.p75)}\u00a0ms`;
    $(`#t-${id}-range`).textContent = `${ms(s.min)}–${ms(s.max)}\u00a0ms`;
    $(`#t-${id}-n`).textContent = `${s.samples} × ${s.reps}`;
  }
  const ratio = result.b.median / result.a.median;
  const [, channels, h, w] = input.shape;
  const [, , kH, kW] = filter.shape;
  $('#t-ratio').textContent = `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}×`;
  $('#t-what').textContent = `${w}×${h}${channels === 3 ? ' RGB' : ''} image, ${channels === 3 ? '3×' : ''}${kH}×${kW} kernel, stride ${options.strides}, padding ${options.padding}, dilation ${options.dilations}`;
  $('#t-agree').textContent =
    `Largest |wasm − JS| difference: ${formatValue(maxDiff)} (values up to ${formatValue(maxAbs)}; the reference sums in f64, wasm in f32).`;
  $('#t-status').textContent = `Done: ${result.a.samples} alternating samples per engine.`;
  demo.timing = { backend: engine.backend, wasm: result.a, js: result.b, ratio, maxDiff };
  section.dataset.state = 'done';
}

$('#t-rerun').addEventListener('click', () => {
  if (demo.lastResult) scheduleTiming();
});

// ---- Start ---------------------------------------------------------------------------------

mountShapeExplorer($('#shape-explorer'));
showPreset();
showInput();

demo.ready = (async () => {
  try {
    engine = await ready();
    jsEngine = await createEngine({ backend: 'js' });
  } catch (error) {
    $('#engine-status').textContent = `The WebAssembly engine did not load: ${error instanceof Error ? error.message : error}`;
    $('#engine-status').classList.add('error');
    throw error;
  }
  $('#engine-status').textContent =
    engine.backend === 'js'
      ? 'Engine: js (this browser has no WebAssembly; both timings run the same JavaScript)'
      : `Engine: ${engine.backend} WebAssembly (the fastest build this browser runs)`;
  for (const el of document.querySelectorAll('.backend-name')) el.textContent = engine.backend;
  $('#apply').disabled = false;
  apply();
})();
