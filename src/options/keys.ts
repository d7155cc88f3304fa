import { show, typeError } from '../errors.js';
import { editDistance } from '../util/edit-distance.js';

/** Option names that PyTorch, TensorFlow and ONNX users type out of habit, mapped to ours. */
const HABITS: Readonly<Record<string, string>> = {
  stride: 'strides',
  dilation: 'dilations',
  dilation_rate: 'dilations',
  dilationRate: 'dilations',
  pad: 'padding',
  pads: 'padding',
  auto_pad: 'padding',
  autoPad: 'padding',
  group: 'groups',
  kernel_size: 'windowDimensions',
  kernelSize: 'windowDimensions',
  kernel_shape: 'windowDimensions',
  pool_size: 'windowDimensions',
  ceil_mode: 'roundingType',
  ceilMode: 'roundingType',
  count_include_pad: 'countIncludePad',
  data_format: 'inputLayout',
  dataFormat: 'inputLayout',
  layout: 'inputLayout',
  filter_layout: 'filterLayout',
  kernelLayout: 'filterLayout',
  input_layout: 'inputLayout',
  output_padding: 'outputPadding',
  eps: 'epsilon',
  output_shape: 'outputSizes',
  outputShape: 'outputSizes',
  output_size: 'inputShape',
  outputSize: 'inputShape',
  // ONNX QLinearConv's and ConvInteger's input names.
  x_scale: 'inputScale',
  w_scale: 'filterScale',
  y_scale: 'outputScale',
  x_zero_point: 'inputZeroPoint',
  w_zero_point: 'filterZeroPoint',
  y_zero_point: 'outputZeroPoint',
  B: 'bias',
};

function suggestion(key: string, allowed: readonly string[]): string | undefined {
  const habit = HABITS[key];
  if (habit !== undefined && allowed.includes(habit)) return habit;
  let best: string | undefined;
  let bestDistance = 3; // farther than two edits is a different word, not a typo
  for (const name of allowed) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [name, distance];
  }
  return best;
}

/** True for an object that can hold named fields: not null, not an array, not a function. */
export function isRecord(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Checks that `options` is undefined or an object whose own keys are all in `allowed`, and
 * returns a snapshot of its own properties. Later code reads only the snapshot, so a getter or a
 * prototype property cannot change behaviour after validation.
 */
export function readOptions(
  fn: string,
  options: unknown,
  allowed: readonly string[],
): Readonly<Record<string, unknown>> {
  if (options === undefined) return {};
  if (!isRecord(options)) typeError(fn, `options must be an object, got ${show(options)}`);
  const snapshot: Record<string, unknown> = {};
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      const hint = suggestion(key, allowed);
      const didYouMean = hint === undefined ? '' : `; did you mean \`${hint}\`?`;
      typeError(
        fn,
        `unknown option \`${key}\`${didYouMean} (expected one of: ${allowed.join(', ')})`,
      );
    }
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined) snapshot[key] = value;
  }
  return snapshot;
}
