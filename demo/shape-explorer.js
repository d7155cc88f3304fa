// The shape-math explorer: an input size and a stack of layers (kernel, stride, padding,
// dilation, along one axis) → each layer's output size (convOutputSize), the square-image shapes
// (conv2dOutputShape), and the receptive field after each layer (receptiveField).
import { conv2dOutputShape, convOutputSize, receptiveField, resolvePadding } from '../dist/index.js';

/** The stack shown first: ResNet's stem, a 7×7 stride-2 conv and its 3×3 stride-2 max pool. */
const DEFAULT_LAYERS = [
  { kernel: '7', stride: '2', padding: '3', dilation: '1' },
  { kernel: '3', stride: '2', padding: '1', dilation: '1' },
];
const FIELDS = ['kernel', 'stride', 'padding', 'dilation'];
const WORDS = ['same', 'same-upper', 'same-lower', 'valid', 'full'];

/**
 * One padding field: a number (both sides), `begin, end`, or a word.
 * @returns {number | [number, number] | string | { error: string }}
 */
function parsePadding(text) {
  const t = text.trim().toLowerCase();
  if (WORDS.includes(t)) return t;
  const parts = t.split(/[\s,]+/).filter((p) => p !== '');
  const numbers = parts.map(Number);
  if ((parts.length === 1 || parts.length === 2) && numbers.every((n) => Number.isInteger(n) && n >= 0)) {
    return parts.length === 1 ? numbers[0] : [numbers[0], numbers[1]];
  }
  return { error: `padding “${text}”: expected a whole number ≥ 0, “begin, end”, or one of ${WORDS.join(', ')}` };
}

/** A whole number ≥ 1 from a field, or an error naming it. */
function parseCount(text, name) {
  const t = text.trim();
  const n = Number(t);
  return t !== '' && Number.isInteger(n) && n >= 1 ? n : { error: `${name} “${text}”: expected a whole number ≥ 1` };
}

/** The library's message (it names the function and what it expected). */
const messageOf = (error) => String(error instanceof Error ? error.message : error);

/**
 * Computes the table for an input size and layer fields (strings, as typed).
 * @returns {{ rows: Array<{ out?: number, field?: object, padding?: [number, number], error?: string }>, shapes: number[][], error?: string }}
 */
export function explore(inputText, layers) {
  const input = parseCount(inputText, 'input size');
  const rows = [];
  const shapes = [];
  if (typeof input !== 'number') return { rows: layers.map(() => ({})), shapes, error: input.error };
  shapes.push([1, 1, input, input]);
  const resolved = [];
  let size = input;
  for (const layer of layers) {
    const kernel = parseCount(layer.kernel, 'kernel');
    const stride = parseCount(layer.stride, 'stride');
    const dilation = parseCount(layer.dilation, 'dilation');
    const padding = parsePadding(layer.padding);
    const bad = [kernel, stride, dilation, padding].find((v) => typeof v === 'object' && v !== null && 'error' in v);
    if (bad) {
      rows.push({ error: bad.error });
      break;
    }
    try {
      const out = convOutputSize(size, kernel, { strides: stride, dilations: dilation, padding });
      // receptiveField takes numeric padding: resolve words (e.g. SAME) for this layer's input size.
      const [begin, end] = Array.isArray(padding)
        ? padding
        : typeof padding === 'number'
          ? [padding, padding]
          : resolvePadding(padding, [size, size], [kernel, kernel], [stride, stride], [dilation, dilation]);
      resolved.push({ kernel, strides: stride, dilations: dilation, padding: [begin, end] });
      const shape = conv2dOutputShape(shapes[shapes.length - 1], [1, 1, kernel, kernel], {
        strides: stride,
        dilations: dilation,
        padding: typeof padding === 'string' ? padding : [begin, end, begin, end],
      });
      shapes.push(shape);
      rows.push({ out, padding: [begin, end] });
      size = out;
    } catch (error) {
      rows.push({ error: messageOf(error) });
      break;
    }
  }
  if (resolved.length > 0) {
    const field = receptiveField(resolved, input);
    field.layers.forEach((f, i) => (rows[i].field = f));
  }
  while (rows.length < layers.length) rows.push({});
  return { rows, shapes };
}

/**
 * Wires the explorer into the page: `root` holds `#rf-input`, the `#rf-layers` table body, the
 * `#rf-add` button, `#rf-summary` and `#rf-shapes`.
 * @param {HTMLElement} root
 */
export function mountShapeExplorer(root) {
  const inputField = root.querySelector('#rf-input');
  const body = root.querySelector('#rf-layers');
  const summary = root.querySelector('#rf-summary');
  const shapesLine = root.querySelector('#rf-shapes');
  /** @type {Array<Record<string, string>>} */
  let layers = DEFAULT_LAYERS.map((l) => ({ ...l }));

  function renderRows() {
    body.replaceChildren();
    layers.forEach((layer, index) => {
      const n = index + 1;
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = String(n);
      tr.append(th);
      for (const name of FIELDS) {
        const td = document.createElement('td');
        const field = document.createElement('input');
        field.id = `layer-${n}-${name}`;
        field.value = layer[name];
        field.size = name === 'padding' ? 7 : 3;
        field.inputMode = name === 'padding' ? 'text' : 'numeric';
        field.setAttribute('aria-label', `Layer ${n} ${name}`);
        field.addEventListener('input', () => {
          layer[name] = field.value;
          update();
        });
        td.append(field);
        tr.append(td);
      }
      for (const name of ['out', 'rf', 'jump']) {
        const td = document.createElement('td');
        td.id = `layer-${n}-${name}`;
        td.className = 'num';
        tr.append(td);
      }
      const td = document.createElement('td');
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'small';
      remove.textContent = '✕';
      remove.setAttribute('aria-label', `Remove layer ${n}`);
      remove.disabled = layers.length === 1;
      remove.addEventListener('click', () => {
        layers = layers.filter((_, i) => i !== index);
        renderRows();
      });
      td.append(remove);
      tr.append(td);
      body.append(tr);
    });
    update();
  }

  function update() {
    const result = explore(inputField.value, layers);
    result.rows.forEach((row, index) => {
      const n = index + 1;
      const cell = (name) => body.querySelector(`#layer-${n}-${name}`);
      cell('out').textContent = row.out === undefined ? (row.error ? 'error' : '—') : String(row.out);
      cell('out').title = row.padding ? `padding ${row.padding[0]} before, ${row.padding[1]} after` : '';
      cell('rf').textContent = row.field ? String(row.field.size) : '—';
      cell('jump').textContent = row.field ? String(row.field.jump) : '—';
    });
    const failed = result.error ?? result.rows.find((row) => row.error)?.error;
    const failedAt = result.rows.findIndex((row) => row.error);
    summary.classList.toggle('error', failed !== undefined);
    if (failed !== undefined) {
      summary.textContent = failedAt >= 0 ? `Layer ${failedAt + 1}: ${failed}` : failed;
    } else {
      const last = result.rows[result.rows.length - 1];
      summary.textContent =
        `Output: ${last.out} cells. Each output cell sees ${last.field.size} input cells ` +
        `(receptive field), and neighbouring output cells are ${last.field.jump} input cells apart.`;
    }
    shapesLine.textContent = result.shapes.map((s) => `[${s.join(', ')}]`).join(' → ');
  }

  inputField.addEventListener('input', update);
  root.querySelector('#rf-add').addEventListener('click', () => {
    layers.push({ kernel: '3', stride: '1', padding: 'same', dilation: '1' });
    renderRows();
    body.querySelector(`#layer-${layers.length}-kernel`)?.focus();
  });
  renderRows();
}
