import { rangeError, show } from '../errors.js';

/**
 * Layout mistakes that would otherwise compute silently. A convolution reads its operands in the
 * layouts the options name; data in another layout often still has shapes that fit, and then the
 * call returns numbers of the wrong meaning. These checks catch the common cases: TensorFlow's
 * channels-last data and HWIO filters given with only `inputLayout` set, and data in the other
 * activation layout than the one named.
 */

/** The activation layout with the channels at the other end. */
const OTHER_INPUT_LAYOUT: Readonly<Record<string, string>> = { nchw: 'nhwc', nhwc: 'nchw', ncw: 'nwc', nwc: 'ncw' };

/** TensorFlow's filter layout for its channels-last activations: the one a channels-last user most likely holds. */
const TENSORFLOW_FILTER_LAYOUT: Readonly<Record<string, string>> = { nhwc: 'hwio', nwc: 'wio' };

const dim = (shape: readonly number[], layout: string, letter: string): number => shape[layout.indexOf(letter)]!;

/** The operands of a convolution as the options read them. */
export interface LayoutReading {
  readonly input: readonly number[];
  readonly inputLayout: string;
  readonly filter: readonly number[];
  readonly filterLayout: string;
  /** Whether the caller named `filterLayout`, or the default was taken. */
  readonly filterLayoutGiven: boolean;
  readonly groups: number;
}

/**
 * A hint for an input whose channels do not match the filter's, when another reading would
 * match: the input in the other activation layout, or (with the default filter layout) the
 * filter in TensorFlow's. Empty when neither fits.
 */
export function layoutHint(r: LayoutReading): string {
  const wanted = dim(r.filter, r.filterLayout, 'i') * r.groups;
  const otherInput = OTHER_INPUT_LAYOUT[r.inputLayout]!;
  if (dim(r.input, otherInput, 'c') === wanted) {
    return `; as '${otherInput}' the input would have ${wanted}: set inputLayout: '${otherInput}' if that is its layout`;
  }
  const tensorflow = TENSORFLOW_FILTER_LAYOUT[r.inputLayout];
  if (!r.filterLayoutGiven && tensorflow !== undefined && dim(r.filter, tensorflow, 'i') * r.groups === dim(r.input, r.inputLayout, 'c')) {
    return `; as '${tensorflow}' (TensorFlow's layout) the filter would expect ${dim(r.input, r.inputLayout, 'c')}: set filterLayout: '${tensorflow}' if that is its layout`;
  }
  return '';
}

/**
 * Refuses a channels-last input with no `filterLayout` when the filter fits both the default
 * layout and TensorFlow's: the two readings give different convolutions, and TensorFlow users
 * (whose data is channels-last) hold HWIO filters. The caller must say which.
 */
export function checkFilterLayoutChosen(fn: string, r: LayoutReading, axisLetters: readonly string[]): void {
  const tensorflow = TENSORFLOW_FILTER_LAYOUT[r.inputLayout];
  if (r.filterLayoutGiven || tensorflow === undefined) return;
  const inChannels = dim(r.input, r.inputLayout, 'c');
  const fitsTensorflow = dim(r.filter, tensorflow, 'i') * r.groups === inChannels && dim(r.filter, tensorflow, 'o') % r.groups === 0;
  if (!fitsTensorflow || r.filter.every((d) => d === 1)) return;
  const reading = (layout: string) => {
    const sizes = axisLetters.map((letter) => dim(r.filter, layout, letter));
    const kernel = sizes.length === 1 ? `length ${sizes[0]}` : sizes.join('×');
    return `${dim(r.filter, layout, 'o')} filters of ${kernel} over ${dim(r.filter, layout, 'i')} channels`;
  };
  const [asDefault, asTensorflow] = [reading(r.filterLayout), reading(tensorflow)];
  const readings =
    asDefault === asTensorflow
      ? `it is ${asDefault} both as '${r.filterLayout}' (the default) and as '${tensorflow}' (TensorFlow's layout), which order its values differently`
      : `as '${r.filterLayout}' (the default) it is ${asDefault}, as '${tensorflow}' (TensorFlow's layout) ${asTensorflow}`;
  rangeError(fn, `filter shape ${show(r.filter)} is ambiguous with inputLayout '${r.inputLayout}': ${readings}; say which: filterLayout: '${tensorflow}' or filterLayout: '${r.filterLayout}'`);
}
