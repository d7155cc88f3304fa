/**
 * The `--shapes` syntax of `simdconv bench`: a suite letter (`B`), or a layer written as
 * `NxCxHxW:OxIxKHxKW` (input NCHW : filter OIHW, as PyTorch and ONNX write them) followed by
 * optional `/` suffixes: `/s2` strides, `/p1` zero padding on every side (`/psame` for 'same'),
 * `/d2` dilations, `/g4` groups. Every number is a plain decimal integer.
 */
import { conv2dOutputShape, type Conv2dOptions } from '../index.js';
import { SUITE, type SuiteCase } from './suite.js';
import { UsageError } from './usage-error.js';

/** The grammar, as printed in errors and in `--help`. */
export const SHAPE_SYNTAX = 'NxCxHxW:OxIxKHxKW[/sS][/pP|/psame][/dD][/gG]';

/** A `--shapes` entry that cannot be benchmarked; the message names the entry and the problem. */
export class ShapeSpecError extends UsageError {
  override name = 'ShapeSpecError';
}

type Dims = [number, number, number, number];

const SUFFIXES = { s: 'strides', p: 'padding', d: 'dilations', g: 'groups' } as const;
type SuffixLetter = keyof typeof SUFFIXES;

function fail(spec: string, problem: string): never {
  throw new ShapeSpecError(`--shapes ${JSON.stringify(spec)}: ${problem}`);
}

/** Decimal digits only: `Number()` would also take `1e3`, `0x10`, ` 7` and `1.0`. */
function integer(spec: string, what: string, text: string, min: number): number {
  if (!/^\d+$/.test(text)) fail(spec, `${what} must be an integer ≥ ${min}, got ${JSON.stringify(text)}`);
  const value = Number(text);
  if (value < min || !Number.isSafeInteger(value)) fail(spec, `${what} must be an integer ≥ ${min}, got ${text}`);
  return value;
}

function dims(spec: string, what: string, layout: string, text: string): Dims {
  const parts = text.split(/[x×]/);
  if (parts.length !== 4) fail(spec, `the ${what} shape must be 4 sizes ${layout} joined by 'x', got ${parts.length} (${JSON.stringify(text)})`);
  return parts.map((part, i) => integer(spec, `${what} size ${layout[i]}`, part, 1)) as Dims;
}

function suffix(spec: string, text: string, options: Record<string, unknown>): void {
  const letter = text[0] as SuffixLetter | undefined;
  if (letter === undefined || !(letter in SUFFIXES)) {
    fail(spec, `unknown suffix ${JSON.stringify(`/${text}`)}; expected /sS (strides), /pP or /psame (padding), /dD (dilations), /gG (groups)`);
  }
  const key = SUFFIXES[letter];
  if (key in options) fail(spec, `/${letter} (${key}) is given twice`);
  const value = text.slice(1);
  options[key] = letter === 'p' && value === 'same' ? 'same' : integer(spec, `/${letter} (${key})`, value, letter === 'p' ? 0 : 1);
}

/**
 * Reads one `--shapes` entry: a suite letter (case-insensitive) or a layer in
 * {@link SHAPE_SYNTAX}. The layer's geometry is validated as `conv2d` validates it (channels,
 * groups, output size ≥ 1). Throws a {@link ShapeSpecError} naming the entry.
 *
 * @example
 * parseShapeSpec('B').name;                           // 'ResNet conv2_x 3×3'
 * parseShapeSpec('1x3x224x224:32x3x3x3/s2/p1').options; // { strides: 2, padding: 1 }
 */
export function parseShapeSpec(spec: string): SuiteCase {
  const text = spec.trim();
  const known = SUITE.find((c) => c.id.toLowerCase() === text.toLowerCase());
  if (known !== undefined) return known;
  const [layer = '', ...suffixes] = text.split('/');
  const halves = layer.split(':');
  if (halves.length !== 2) {
    fail(spec, `expected a suite letter (${SUITE.map((c) => c.id).join(', ')}) or a layer ${SHAPE_SYNTAX}, e.g. 1x64x56x56:64x64x3x3/p1`);
  }
  const inputShape = dims(spec, 'input', 'NCHW', halves[0]!);
  const filterShape = dims(spec, 'filter', 'OIHW', halves[1]!);
  const options: Record<string, unknown> = {};
  for (const s of suffixes) suffix(spec, s, options);
  try {
    conv2dOutputShape(inputShape, filterShape, options);
  } catch (error) {
    // The library's own message, without its function name: the user called no function.
    fail(spec, (error as Error).message.replace(/^\w+: /, ''));
  }
  return { id: formatShapeSpec({ inputShape, filterShape, options }), name: 'custom', inputShape, filterShape, options: options as Conv2dOptions };
}

/**
 * Reads a comma-separated `--shapes` list; an entry named twice is measured once.
 *
 * @example
 * parseShapeList('B,1x1x64x64:8x1x3x3').map((c) => c.id); // ['B', '1x1x64x64:8x1x3x3']
 */
export function parseShapeList(list: string): SuiteCase[] {
  const specs = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (specs.length === 0) throw new ShapeSpecError(`--shapes: expected a comma-separated list of suite letters or layers ${SHAPE_SYNTAX}, got ${JSON.stringify(list)}`);
  const cases: SuiteCase[] = [];
  for (const spec of specs) {
    const c = parseShapeSpec(spec);
    if (!cases.some((other) => other.id === c.id)) cases.push(c);
  }
  return cases;
}

/**
 * Writes a layer in {@link SHAPE_SYNTAX}, suffixes in s, p, d, g order; the inverse of
 * {@link parseShapeSpec} for the options it reads (number strides, padding, dilations, groups).
 *
 * @example
 * formatShapeSpec({ inputShape: [1, 3, 224, 224], filterShape: [64, 3, 7, 7], options: { strides: 2, padding: 3 } });
 * // '1x3x224x224:64x3x7x7/s2/p3'
 */
export function formatShapeSpec(c: Pick<SuiteCase, 'inputShape' | 'filterShape' | 'options'>): string {
  const o = c.options as Record<string, unknown>;
  let text = `${c.inputShape.join('x')}:${c.filterShape.join('x')}`;
  for (const [letter, key] of Object.entries(SUFFIXES)) if (o[key] !== undefined) text += `/${letter}${String(o[key])}`;
  return text;
}
