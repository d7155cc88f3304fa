// The teaching view: one output cell's computation written out (steps from cell-steps.js), next
// to the value the engine computed for that cell. Every number shown carries its exact value in
// a data-value attribute, so the browser test can check the text and the numbers.
import { ACTIVATIONS } from './cell-steps.js';
import { formatValue } from './display.js';

const el = (tag, props = {}, ...children) => {
  const element = Object.assign(document.createElement(tag), props);
  element.append(...children);
  return element;
};

/** A number as shown (4 significant digits, or `digits`), with its exact value attached. */
function number(value, id, digits = 4) {
  const span = el('span', { className: 'value', textContent: formatValue(value, digits) });
  span.dataset.value = String(value);
  if (id) span.id = id;
  return span;
}

/** Input coordinate heading: `row 63`, or `row −1` marked as padding. */
function axisHeading(axis, index, size, scope) {
  const padded = index < 0 || index >= size;
  const th = el('th', { scope, textContent: `${axis} ${String(index).replace('-', '−')}` });
  if (padded) {
    th.className = 'pad';
    th.title = `${axis} ${index} is outside the image: padding, read as 0`;
  }
  return th;
}

/**
 * One channel's window as a kH×kW table laid out like the window: each cell `x × w = product`,
 * headed by the input row and column it reads.
 */
function channelTable(channel, index, name, kernelLabel, kH, kW, [height, width]) {
  const { taps } = channel;
  const head = el('tr', {}, el('th', { scope: 'col', className: 'corner', textContent: name }));
  for (let j = 0; j < kW; j++) head.append(axisHeading('col', taps[j].w, width, 'col'));
  const body = el('tbody');
  for (let i = 0; i < kH; i++) {
    const tr = el('tr', {}, axisHeading('row', taps[i * kW].h, height, 'row'));
    for (let j = 0; j < kW; j++) {
      const tap = taps[i * kW + j];
      const td = el(
        'td',
        { className: tap.padded ? 'tap pad' : 'tap' },
        el('span', { className: 'x' }, number(tap.x)),
        ' × ',
        el('span', { className: 'w' }, number(tap.weight)),
        el('span', { className: 'p' }, '= ', number(tap.product)),
      );
      Object.assign(td.dataset, { channel: String(index), i: String(i), j: String(j), h: String(tap.h), w: String(tap.w) });
      if (tap.padded) td.title = 'Padding: outside the image, the input is 0';
      tr.append(td);
    }
    body.append(tr);
  }
  const caption = el('caption', {}, `${name === 'x' ? 'Input' : `${name} channel`} with ${kernelLabel}: input × weight = product`);
  return el(
    'figure',
    { className: 'teach-channel' },
    el('div', { className: 'table-wrap' }, el('table', { className: 'taps' }, caption, el('thead', {}, head), body)),
    el('p', { className: 'channel-sum' }, `Σ ${name === 'x' ? '' : `${name} `}of ${taps.length} products = `, number(channel.sum, `teach-sum-${index}`, 6)),
  );
}

/**
 * Shows the steps of one output cell in `section`.
 * @param {HTMLElement} section the #teach panel
 * @param {ReturnType<typeof import('./cell-steps.js').cellSteps>} steps
 * @param {{ row: number, col: number, names: string[], kernelLabels: string[], kernelShape: number[], inputShape: number[],
 *   geometry: { strides: number, dilations: number }, activation: keyof typeof ACTIVATIONS,
 *   mapValue: number, backend: string }} about
 */
export function showSteps(section, steps, about) {
  const { row, col, names, geometry } = about;
  const [, , kH, kW] = about.kernelShape;
  const [, , height, width] = about.inputShape;
  const [padTop, , padLeft] = steps.padding;
  const s = geometry.strides;
  const d = geometry.dilations;
  const channelSum = names.length > 1 ? ' Σ_ch' : '';
  const channelIndex = names.length > 1 ? 'ch, ' : '';
  section.querySelector('#teach-formula').textContent =
    `y[${row}, ${col}] = act(b +${channelSum} Σ_i Σ_j x[${channelIndex}${row}·${s} + i·${d} − ${padTop}, ${col}·${s} + j·${d} − ${padLeft}] · w[${channelIndex}i, j]),` +
    `  i < ${kH}, j < ${kW}; x is 0 outside the ${width}×${height} image`;

  section
    .querySelector('#teach-windows')
    .replaceChildren(...steps.channels.map((channel, c) => channelTable(channel, c, names[c], about.kernelLabels[c], kH, kW, [height, width])));

  const padded = steps.channels[0].taps.filter((tap) => tap.padded).length;
  const items = [];
  if (padded > 0) {
    items.push(el('li', {}, `${padded} of the ${kH * kW} taps fall in the padding (outside the image): they read 0.`));
  }
  if (names.length > 1) {
    const parts = steps.channels.flatMap((channel, c) => [c > 0 ? ' + ' : '', `Σ ${names[c]} `, number(channel.sum, undefined, 6)]);
    items.push(el('li', {}, 'Sum over the channels: ', ...parts, ' = ', number(steps.sum, 'teach-sum', 6)));
  } else {
    items.push(el('li', {}, 'Sum of the products: ', number(steps.sum, 'teach-sum', 6)));
  }
  items.push(el('li', {}, '+ bias ', number(steps.bias, 'teach-bias', 6), ' = ', number(steps.preActivation, 'teach-pre', 6)));
  const activation = ACTIVATIONS[about.activation];
  items.push(
    el(
      'li',
      {},
      about.activation === 'none' ? 'No activation: ' : `Activation ${about.activation}(x) = ${activation.formula}: `,
      number(steps.value, 'teach-value', 6),
    ),
  );
  // The project's tolerance (docs/architecture.md#tolerance): |y − ref| ≤ 1e-5 · Σ|x·w| + 1e-6; the steps sum in f64,
  // the engine in f32.
  const magnitude = steps.channels.reduce((sum, ch) => sum + ch.taps.reduce((t, tap) => t + Math.abs(tap.product), 0), 0) + Math.abs(steps.bias);
  const difference = Math.abs(steps.value - about.mapValue);
  const agree = difference <= 1e-5 * magnitude + 1e-6;
  const verdict = el('strong', { id: 'teach-agree', className: agree ? 'agree' : 'disagree', textContent: agree ? '✓ the same' : '✗ different' });
  items.push(
    el(
      'li',
      { className: 'result' },
      `Output y[${row}, ${col}] = `,
      number(steps.value, 'teach-output', 6),
      `; the feature map above (conv2d on ${about.backend}) holds `,
      number(about.mapValue, 'teach-map', 6),
      ': ',
      verdict,
      ` (difference ${formatValue(difference)}; the steps sum in f64, the engine in f32).`,
    ),
  );
  section.querySelector('#teach-steps').replaceChildren(...items);
  return { agree, difference };
}
