import { rangeError, show, typeError } from '../errors.js';
import { checkedOutputSize, kernelExtent } from '../options/axis-geometry.js';
import { isRecord, readOptions } from '../options/keys.js';
import { integerArgument, isIntegerAtLeast } from '../options/numbers.js';

const LAYER = '{ kernel, strides?, dilations?, padding? }';

/** One layer of a stack, along one axis. */
export interface ReceptiveFieldLayer {
  readonly kernel: number;
  /** Default 1 (`conv2d`'s option name, one number). */
  readonly strides?: number;
  /** Default 1. */
  readonly dilations?: number;
  /** A number (both sides) or `[begin, end]`. Default 0. Only moves `start` and `outputSize`. */
  readonly padding?: number | readonly [number, number];
}

/** What one output cell of a layer sees of the stack's input, along one axis. */
export interface ReceptiveField {
  /** Input cells one output cell depends on. */
  readonly size: number;
  /** Input cells between two neighbouring output cells (the product of the strides). */
  readonly jump: number;
  /** Centre of the first output cell's field, in input coordinates (cell centres are 0, 1, …). */
  readonly start: number;
  /** Output cells of the layer, when the stack's input size was given. */
  readonly outputSize?: number;
}

/**
 * Receptive field of a stack of conv or pooling layers along one axis, layer by layer:
 * `j = j_prev · s`, `r = r_prev + (k_eff − 1) · j_prev`, `start = start_prev + ((k_eff − 1)/2 − padBegin) · j_prev`,
 * with `k_eff = d·(k−1)+1`, starting from `r = 1, j = 1, start = 0`.
 *
 * @returns the field after the last layer, plus `layers`: the field after each layer.
 * @example
 * receptiveField([{ kernel: 3 }, { kernel: 3 }]).size;                           // 5
 * receptiveField([{ kernel: 3 }, { kernel: 3, strides: 2 }, { kernel: 3 }]).size; // 9
 * receptiveField([{ kernel: 3 }, { kernel: 3 }, { kernel: 3 }], 32).layers.map((l) => l.outputSize); // [30, 28, 26]
 */
export function receptiveField(
  layers: readonly ReceptiveFieldLayer[],
  inputSize?: number,
): ReceptiveField & { readonly layers: readonly ReceptiveField[] } {
  const fn = 'receptiveField';
  const expected = `a non-empty array of ${LAYER}`;
  if (!Array.isArray(layers)) typeError(fn, `layers must be ${expected}, got ${show(layers)}`);
  if (layers.length === 0) rangeError(fn, `layers must be ${expected}, got []`);
  if (inputSize !== undefined) integerArgument(fn, 'inputSize', inputSize, 1);
  let field: ReceptiveField = { size: 1, jump: 1, start: 0, ...(inputSize === undefined ? {} : { outputSize: inputSize }) };
  const trace: ReceptiveField[] = [];
  // A plain loop, not forEach: a hole in a sparse array is a missing layer, not one to skip.
  for (let index = 0; index < layers.length; index++) {
    const layer: unknown = layers[index];
    const name = `layers[${index}]`;
    if (!isRecord(layer)) typeError(fn, `${name} must be an object ${LAYER}, got ${show(layer)}`);
    // An unknown key names its layer: `receptiveField: layers[1]: unknown option …`.
    const o = readOptions(`${fn}: ${name}`, layer, ['kernel', 'strides', 'dilations', 'padding']);
    const kernel = integerArgument(fn, `${name}.kernel`, o.kernel, 1);
    const stride = integerArgument(fn, `${name}.strides`, o.strides, 1, 1);
    const dilation = integerArgument(fn, `${name}.dilations`, o.dilations, 1, 1);
    const [padBegin, padEnd] = layerPadding(fn, name, o.padding);
    const reach = kernelExtent(kernel, dilation) - 1;
    const next: ReceptiveField = {
      size: field.size + reach * field.jump,
      jump: field.jump * stride,
      start: field.start + (reach / 2 - padBegin) * field.jump,
      ...(field.outputSize === undefined
        ? {}
        : {
            outputSize: checkedOutputSize(`${fn}: ${name}`, 'size', {
              inputSize: field.outputSize,
              kernelSize: kernel,
              stride,
              dilation,
              padBegin,
              padEnd,
            }),
          }),
    };
    trace.push(next);
    field = next;
  }
  return { ...field, layers: trace };
}

function layerPadding(fn: string, name: string, padding: unknown): [number, number] {
  if (padding === undefined) return [0, 0];
  const message = `${name}.padding must be a non-negative integer or [begin, end], got ${show(padding)}`;
  if (typeof padding === 'number') {
    if (!isIntegerAtLeast(padding, 0)) rangeError(fn, message);
    return [padding, padding];
  }
  if (!Array.isArray(padding)) typeError(fn, message);
  if (padding.length !== 2 || !padding.every((p) => isIntegerAtLeast(p, 0))) rangeError(fn, message);
  return [padding[0] as number, padding[1] as number];
}
