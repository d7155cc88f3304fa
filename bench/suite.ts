/**
 * The benchmark suite's data: the shapes are src/cli/suite.ts's (shared with `simdconv bench`),
 * bias on. Data is random in [−1, 1) from a fixed seed per case, so every run and every backend sees the
 * same numbers, and running a subset (`--shapes B,C`) does not change them.
 */
import { conv2dFlops, type Conv2dOptions, type Tensor } from '../src/index.js';
import type { SuiteCase } from '../src/cli/suite.js';
import { randomTensor, rng } from '../test/helpers/random.js';

export { SUITE, type SuiteCase } from '../src/cli/suite.js';
export { MOBILE_SUITE } from './mobile-suite.js';
export { FILTER_SUITE } from './filters-suite.js';

/** The tensors and options one case runs with. */
export interface CaseData {
  readonly input: Tensor;
  readonly filter: Tensor;
  /** The case's options plus its bias. */
  readonly options: Conv2dOptions;
  /** `2·N·Cout·Hout·Wout·(Cin/groups)·kH·kW`. */
  readonly flops: number;
}

/**
 * The seed of a case, from its whole id: a one-letter id gives its char code, as it always has
 * (A–K keep their data), and `M1` and `M2` differ.
 */
export function caseSeed(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 131 + id.charCodeAt(i)) >>> 0;
  return (0x5eed0000 + h) >>> 0;
}

/** Builds a case's random input, filter and bias; the seed comes from the case's id. */
export function makeCaseData(c: SuiteCase): CaseData {
  const rand = rng(caseSeed(c.id));
  const input = randomTensor(c.inputShape, rand);
  const filter = c.filter ? c.filter() : randomTensor(c.filterShape, rand);
  const bias = randomTensor([c.filterShape[0]], rand).data;
  const options = { ...c.options, bias };
  return { input, filter, options, flops: conv2dFlops(c.inputShape, c.filterShape, options) };
}

/** `[1, 3, 224, 224] ⋆ [64, 3, 7, 7] s2 p3` — a compact description for tables. */
export function describeCase(c: SuiteCase): string {
  const o = c.options;
  const parts = [`${c.inputShape.join('×')} ⋆ ${c.filterShape.join('×')}`];
  if (o.strides !== undefined) parts.push(`s${String(o.strides)}`);
  if (o.padding !== undefined) parts.push(`p${String(o.padding)}`);
  if (o.dilations !== undefined) parts.push(`d${String(o.dilations)}`);
  if (o.groups !== undefined) parts.push(`g${o.groups}`);
  return parts.join(' ');
}
