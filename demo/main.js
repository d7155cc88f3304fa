// The simdconv demo page: wiring between the controls, the package (the built `dist/`, as a
// browser user imports it) and the canvases. No framework, no build step.
//
// window.demo — a small read-only window on the page's state, for the browser test and the curious:
//   ready       Promise<void>: resolves once the wasm engine is loaded and the first result drawn
//               (rejects, and the page says why, if loading fails)
//   landmarks   where the shapes of the generated image are (LANDMARKS in image.js)
//   input       { data, shape }: the current input image, [1, 1, H, W], values in [0, 1]
//   lastResult  { kernel, filter, options, data, shape, rule }: the feature map last drawn (default
//               engine), the preset name or 'custom', and its display rule (display.js)
//   lastEdges   { data, shape, rule }: the edge magnitude last drawn
//   timing      null, or the last finished wasm-vs-JS timing { backend, wasm, js, ratio, maxDiff }
import { conv2d, conv2dOutputShape, createEngine, edgeMagnitude, kernels, ready } from '../dist/index.js';
import { describeRule, displayRule, drawMap, formatValue } from './display.js';
import { generatedImage, imageFromFile, LANDMARKS } from './image.js';
import { formatKernel, parseKernel, PRESETS } from './kernel-text.js';
import { mountShapeExplorer } from './shape-explorer.js';
import { timeAlternating } from './timing.js';

const $ = (selector) => /** @type {HTMLElement} */ (document.querySelector(selector));

const demo = {
  /** @type {Promise<void>} */ ready: Promise.resolve(), // replaced below, before this module ends
  landmarks: LANDMARKS,
  input: generatedImage(),
  lastResult: null,
  lastEdges: null,
  timing: null,
};
window.demo = demo;

/** The default engine (fastest wasm build) and the pure-JS one, set once loaded. */
let engine;
let jsEngine;

// ---- Input image ---------------------------------------------------------------------------

/** Input values are drawn as they are: grey = round(255 · v). */
const INPUT_RULE = { min: 0, max: 1, signed: false, scale: 1 };

function setInput(image, name) {
  demo.input = image;
  const [, , h, w] = image.shape;
  drawMap($('#input-canvas'), image, INPUT_RULE);
  $('#input-canvas').setAttribute('aria-label', `Input: ${name}, ${w}×${h} greyscale`);
  $('#input-caption').textContent = `${name}, ${w}×${h}; grey = 255 · value`;
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
  setInput(generatedImage(), 'generated image');
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
for (const id of ['#stride', '#padding', '#dilation']) $(id).addEventListener('change', () => apply());

/** The selected filter and its name, or a message saying what is wrong with the typed one. */
function readKernel() {
  if (preset.value !== 'custom') return { name: preset.value, filter: PRESETS[preset.value].filter() };
  const parsed = parseKernel(kernelText.value);
  return 'error' in parsed ? parsed : { name: 'custom', filter: parsed.filter };
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
  const options = readOptions();
  let output;
  let edges;
  try {
    // conv2dOutputShape validates exactly as conv2d does, so it is the error message users see.
    const shape = conv2dOutputShape(demo.input.shape, kernel.filter.shape, options);
    output = conv2d(demo.input, kernel.filter, options);
    console.assert(output.shape.join() === shape.join(), 'conv2dOutputShape disagrees with conv2d');
    const gx = conv2d(demo.input, kernels.sobelX, options);
    const gy = conv2d(demo.input, kernels.sobelY, options);
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
  const label = kernel.name === 'custom' ? `custom ${kH}×${kW}` : PRESETS[kernel.name].label;
  const geometry = `stride ${options.strides}, padding ${options.padding}, dilation ${options.dilations}`;
  $('#output-caption').textContent = `${label}; ${ow}×${oh} (${geometry})`;
  $('#output-rule').textContent = describeRule(rule);
  $('#output-canvas').setAttribute('aria-label', `Feature map of ${label}, ${ow}×${oh}, ${describeRule(rule)}`);
  $('#edges-caption').textContent = `√(gx² + gy²) of Sobel X and Y; ${ow}×${oh} (same geometry)`;
  $('#edges-rule').textContent = describeRule(edgeRule);
  $('#edges-canvas').setAttribute('aria-label', `Edge magnitude, ${ow}×${oh}, ${describeRule(edgeRule)}`);
  drawLegend($('#output-legend'), rule);
  drawLegend($('#edges-legend'), edgeRule);

  demo.lastResult = { kernel: kernel.name, filter: kernel.filter, options, data: output.data, shape: output.shape, rule };
  demo.lastEdges = { data: edges.data, shape: edges.shape, rule: edgeRule };
  scheduleTiming();
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
      `input (${i.x}, ${i.y}) = ${formatValue(i.v)} · feature map (${o.x}, ${o.y}) = ${formatValue(o.v)} · edge magnitude = ${formatValue(e.v)}`;
  });
}

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
  const { filter, options } = demo.lastResult;
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
  const [, , h, w] = input.shape;
  const [, , kH, kW] = filter.shape;
  $('#t-ratio').textContent = `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}×`;
  $('#t-what').textContent = `${w}×${h} image, ${kH}×${kW} kernel, stride ${options.strides}, padding ${options.padding}, dilation ${options.dilations}`;
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
setInput(demo.input, 'generated image');

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
