import { rangeError, show, typeError } from '../errors.js';
import { readOptions } from '../options/keys.js';
import { checkSize } from '../options/numbers.js';
import { checkedOutputSize, effectiveKernelSize } from './output-size.js';

/** One layer of a stack, along one axis. */
export interface ReceptiveFieldLayer {
  readonly kernel: number;
  /** Default 1. */
  readonly stride?: number;
  /** Default 1. */
  readonly dilation?: number;
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
 * receptiveField([{ kernel: 3 }, { kernel: 3, stride: 2 }, { kernel: 3 }]).size; // 9
 * receptiveField([{ kernel: 3 }, { kernel: 3 }, { kernel: 3 }], 32).layers.map((l) => l.outputSize); // [30, 28, 26]
 */
export function receptiveField(
  layers: readonly ReceptiveFieldLayer[],
  inputSize?: number,
): ReceptiveField & { readonly layers: readonly ReceptiveField[] } {
  const fn = 'receptiveField';
  if (!Array.isArray(layers) || layers.length === 0) {
    typeError(fn, `layers must be a non-empty array of { kernel, stride?, dilation?, padding? }, got ${show(layers)}`);
  }
  if (inputSize !== undefined) checkSize(fn, 'inputSize', inputSize);
  let field: ReceptiveField = { size: 1, jump: 1, start: 0, ...(inputSize === undefined ? {} : { outputSize: inputSize }) };
  const trace: ReceptiveField[] = [];
  layers.forEach((layer, index) => {
    const name = `layers[${index}]`;
    const o = readOptions(fn, layer, ['kernel', 'stride', 'dilation', 'padding']);
    const kernel = checkSize(fn, `${name}.kernel`, o.kernel);
    const stride = checkSize(fn, `${name}.stride`, o.stride ?? 1);
    const dilation = checkSize(fn, `${name}.dilation`, o.dilation ?? 1);
    const [padBegin, padEnd] = layerPadding(fn, name, o.padding);
    const reach = effectiveKernelSize(kernel, dilation) - 1;
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
  });
  return { ...field, layers: trace };
}

function layerPadding(fn: string, name: string, padding: unknown): [number, number] {
  if (padding === undefined) return [0, 0];
  if (typeof padding === 'number') return [checkSize(fn, `${name}.padding`, padding, 0), padding];
  if (Array.isArray(padding) && padding.length === 2) {
    return [checkSize(fn, `${name}.padding[0]`, padding[0], 0), checkSize(fn, `${name}.padding[1]`, padding[1], 0)];
  }
  rangeError(fn, `${name}.padding must be a non-negative integer or [begin, end], got ${show(padding)}`);
}
