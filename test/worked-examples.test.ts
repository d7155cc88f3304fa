// The worked examples with answers known by hand, on every implementation of the API: the
// reference and every WebAssembly build. Each must give these exact numbers.
import { describe, expect, it } from 'vitest';
import * as simdconv from '../src/index.js';
import type { Conv1dOptions, Conv2dOptions, Tensor } from '../src/index.js';
import { wasmEngines } from './helpers/engines.js';
import { WORKED_EXAMPLES } from './fixtures/worked-examples.js';

interface Implementation {
  readonly name: string;
  readonly conv2d: (input: Tensor, filter: Tensor, options?: Conv2dOptions) => Tensor;
  readonly conv1d: (input: Tensor, filter: Tensor, options?: Conv1dOptions) => Tensor;
}

const IMPLEMENTATIONS: readonly Implementation[] = [
  { name: 'top level', conv2d: simdconv.conv2d, conv1d: simdconv.conv1d },
  { name: 'reference', conv2d: simdconv.reference.conv2d, conv1d: simdconv.reference.conv1d },
  ...wasmEngines().map((engine) => ({ name: `wasm ${engine.backend}`, conv2d: engine.conv2d, conv1d: engine.conv1d })),
];

describe.each(IMPLEMENTATIONS)('worked examples ($name)', (impl) => {
  it.each(WORKED_EXAMPLES)('$name', ({ op, input, filter, options, expected }) => {
    const y = op === 'conv2d' ? impl.conv2d(input, filter, options as Conv2dOptions) : impl.conv1d(input, filter, options as Conv1dOptions);
    expect(y.shape).toEqual(expected.shape);
    expect([...y.data]).toEqual(expected.data);
  });

  it('the RGB example: channel contributions 5, 13 and 42 add up to 60', () => {
    const example = WORKED_EXAMPLES.find((e) => e.name.startsWith('2×2 RGB'))!;
    const plane = (t: Tensor, c: number) => ({ data: t.data.slice(4 * c, 4 * c + 4), shape: [1, 1, 2, 2] });
    const contributions = [0, 1, 2].map((c) => impl.conv2d(plane(example.input, c), plane(example.filter, c)).data[0]);
    expect(contributions).toEqual([5, 13, 42]);
  });

  it('Sobel X on the gradient is not constant: rows grow 160, 240, 320', () => {
    const example = WORKED_EXAMPLES.find((e) => e.name === '5×5 gradient 10·(r+1)·(c+1) ⋆ Sobel X')!;
    const y = impl.conv2d(example.input, example.filter);
    expect([y.data[0], y.data[3], y.data[6]]).toEqual([160, 240, 320]);
  });

  it('the same examples in NHWC with HWIO filters give the same numbers', () => {
    for (const { input, filter, options, expected } of WORKED_EXAMPLES.filter((e) => e.op === 'conv2d')) {
      const x = simdconv.nchwToNhwc(input);
      const w = simdconv.convertFilterLayout(filter, 'oihw', 'hwio');
      const y = impl.conv2d(x, w, { ...(options as Conv2dOptions), inputLayout: 'nhwc', filterLayout: 'hwio' });
      expect([...simdconv.nhwcToNchw(y).data]).toEqual(expected.data);
    }
  });
});
