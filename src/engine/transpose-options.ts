import { kernelExtent } from '../options/axis-geometry.js';
import { resolveConvTranspose, type ConvTransposeParams, type ConvTransposeSpec } from '../options/conv-transpose.js';
import { readOptions } from '../options/keys.js';
import { isIntegerAtLeast } from '../options/numbers.js';
import { checkLength, tensorParts, type Tensor } from '../tensor.js';

/** What a transposed-convolution layer fixes when it is created (see layer-options.ts's fixConv). */
export interface FixedTranspose {
  readonly filterShape: readonly number[];
  readonly filterData: Float32Array;
  readonly options: Readonly<Record<string, unknown>>;
  readonly firstInput: unknown;
  readonly firstParams: ConvTransposeParams;
}

/**
 * Validates a transposed convolution's filter and options once (against `inputShape`, or a
 * nominal input that valid options accept) and snapshots them; with `copy`, the filter and bias
 * are copied, so later writes to the caller's arrays change nothing.
 */
export function fixTranspose(spec: ConvTransposeSpec, filter: Tensor, options: unknown, copy: boolean, inputShape?: unknown): FixedTranspose {
  const { fn } = spec;
  const w = tensorParts(fn, 'filter', filter);
  const o = { ...readOptions(fn, options, spec.keys) };
  const firstInput = inputShape !== undefined ? inputShape : nominalInput(spec, Array.isArray(w.shape) ? (w.shape as number[]) : [], o);
  const first = resolveConvTranspose(spec, firstInput, w.shape, o);
  const filterShape = Object.freeze((w.shape as number[]).slice());
  checkLength(fn, 'filter', w.data, filterShape);
  const bias = first.bias === null || !copy ? first.bias : first.bias.slice();
  return { filterShape, filterData: copy ? w.data.slice() : w.data, options: { ...o, bias: bias ?? undefined }, firstInput, firstParams: { ...first, bias } };
}

/**
 * An input shape valid options accept: one image, the filter's input channels, and per axis 32
 * cells, or more where the padding crops more, or the size `outputSizes` asks for.
 */
function nominalInput(spec: ConvTransposeSpec, filterShape: readonly number[], o: Record<string, unknown>): number[] {
  const pick = (value: unknown, list: readonly string[]) => (list.includes(value as string) ? (value as string) : list[0]!);
  const inputLayout = pick(o.inputLayout, spec.inputLayouts);
  const filterLayout = pick(o.filterLayout, spec.filterLayouts);
  const rank = spec.axes.length;
  const axisValue = (value: unknown, a: number, fallback: number): number => {
    const v = Array.isArray(value) ? value[a] : value;
    return isIntegerAtLeast(v, 0) ? v : fallback;
  };
  const cropped = (a: number): number => {
    const p = o.padding;
    if (!Array.isArray(p)) return 2 * axisValue(p, 0, 0);
    return p.length === rank ? 2 * axisValue(p, a, 0) : axisValue(p, 2 * a, 0) + axisValue(p, 2 * a + 1, 0);
  };
  const spatial = spec.axes.map((letter, a) => {
    const k = filterShape[filterLayout.indexOf(letter)] ?? 1;
    const s = Math.max(1, axisValue(o.strides, a, 1));
    const extent = kernelExtent(k, Math.max(1, axisValue(o.dilations, a, 1)));
    const wanted = Array.isArray(o.outputSizes) ? axisValue(o.outputSizes, a, 0) : 0;
    if (wanted > 0) {
      if (typeof o.padding === 'string' && o.padding !== 'valid') return Math.max(1, Math.ceil(wanted / s));
      return Math.max(1, Math.floor((wanted + cropped(a) - extent) / s) + 1);
    }
    return Math.max(32, Math.ceil((cropped(a) + 1 - extent) / s) + 2);
  });
  return inputLayout.split('').map((letter) => {
    if (letter === 'n') return 1;
    if (letter === 'c') return filterShape[filterLayout.indexOf('i')] ?? 1;
    return spatial[spec.axes.indexOf(letter)]!;
  });
}
