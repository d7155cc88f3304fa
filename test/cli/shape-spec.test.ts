// `simdconv bench --shapes`: the layer syntax, good and bad, with the exact messages users see.
import { describe, expect, it } from 'vitest';
import { formatShapeSpec, parseShapeList, parseShapeSpec, ShapeSpecError } from '../../src/cli/shape-spec.js';
import { SUITE } from '../../src/cli/suite.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { conv2dOutputShape } from '../../src/index.js';

describe('parseShapeSpec', () => {
  it('reads input NCHW : filter OIHW with strides, padding, dilations and groups suffixes', () => {
    expect(parseShapeSpec('1x64x56x56:64x64x3x3')).toEqual({ id: '1x64x56x56:64x64x3x3', name: 'custom', inputShape: [1, 64, 56, 56], filterShape: [64, 64, 3, 3], options: {} });
    const c = parseShapeSpec('1x3x224x224:32x3x3x3/s2');
    expect(c.options).toEqual({ strides: 2 });
    expect(parseShapeSpec('2x32x28x28:32x1x3x3/p2/d2/g32').options).toEqual({ padding: 2, dilations: 2, groups: 32 });
    expect(parseShapeSpec('1x1x5x5:1x1x3x3/psame').options).toEqual({ padding: 'same' });
    // Suffixes in any order, written back in s, p, d, g order; × as well as x.
    expect(parseShapeSpec('1×8×9×9:4×2×3×3/g4/s2/p0').id).toBe('1x8x9x9:4x2x3x3/s2/p0/g4');
  });

  it('takes a suite letter, either case, as the suite case itself', () => {
    expect(parseShapeSpec('B')).toBe(SUITE[1]);
    expect(parseShapeSpec(' k ')).toBe(SUITE[10]);
  });

  it('writes every suite layer in its own syntax and reads it back to the same geometry', () => {
    for (const c of SUITE) {
      const back = parseShapeSpec(formatShapeSpec(c));
      expect([back.inputShape, back.filterShape, back.options], c.id).toEqual([c.inputShape, c.filterShape, c.options]);
    }
    expect(formatShapeSpec(SUITE[0]!)).toBe('1x3x224x224:64x3x7x7/s2/p3');
  });

  it('accepts exactly the layers conv2d accepts (its geometry check, not a second copy)', () => {
    const c = parseShapeSpec('1x6x10x10:9x2x3x3/s3/p1/d2/g3');
    expect(conv2dOutputShape(c.inputShape, c.filterShape, c.options)).toEqual([1, 9, 3, 3]);
  });

  const bad: [string, string][] = [
    ['1x64x56:64x64x3x3', `the input shape must be 4 sizes NCHW joined by 'x', got 3 ("1x64x56")`],
    ['1x64x56x56:64x64x3x3x1', `the filter shape must be 4 sizes OIHW joined by 'x', got 5 ("64x64x3x3x1")`],
    ['1x0x5x5:1x1x1x1', 'input size C must be an integer ≥ 1, got 0'],
    ['1x1e3x5x5:1x1x1x1', 'input size C must be an integer ≥ 1, got "1e3"'],
    ['1x1x5x5:1x1x-3x3', 'filter size H must be an integer ≥ 1, got "-3"'],
    ['1x1x5x5:1x1x1x1/s0', '/s (strides) must be an integer ≥ 1, got 0'],
    ['1x1x5x5:1x1x1x1/p-1', '/p (padding) must be an integer ≥ 0, got "-1"'],
    ['1x1x5x5:1x1x1x1/pfoo', '/p (padding) must be an integer ≥ 0, got "foo"'],
    ['1x1x5x5:1x1x1x1/d1.5', '/d (dilations) must be an integer ≥ 1, got "1.5"'],
    ['1x64x56x56:64x64x3x3/p1/p2', '/p (padding) is given twice'],
    ['1x64x56x56:64x64x3x3/q1', 'unknown suffix "/q1"; expected /sS (strides), /pP or /psame (padding), /dD (dilations), /gG (groups)'],
    ['1x1x5x5:1x1x1x1/', 'unknown suffix "/"; expected /sS (strides), /pP or /psame (padding), /dD (dilations), /gG (groups)'],
    ['1x3x8x8:4x2x3x3', 'input has 3 channels but filter expects 2 (2 per group × groups=1)'],
    ['1x4x8x8:4x2x3x3/g3', 'input channels (4) must be divisible by groups (3)'],
    [
      '1x4x2x2:4x4x3x3',
      "output height would be 0: the padded input height 2 + 0 + 0 = 2 is smaller than the kernel's extent 3 (kernel 3, dilation 1); expected an output height of at least 1",
    ],
    ['Z', 'expected a suite letter (A, B, C, D, E, F, G, H, I, J, K) or a layer NxCxHxW:OxIxKHxKW[/sS][/pP|/psame][/dD][/gG], e.g. 1x64x56x56:64x64x3x3/p1'],
    ['1x64x56x56', 'expected a suite letter (A, B, C, D, E, F, G, H, I, J, K) or a layer NxCxHxW:OxIxKHxKW[/sS][/pP|/psame][/dD][/gG], e.g. 1x64x56x56:64x64x3x3/p1'],
  ];
  it.each(bad)('rejects %s', (spec, problem) => {
    let thrown: unknown;
    try {
      parseShapeSpec(spec);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ShapeSpecError);
    expect(thrown).toBeInstanceOf(UsageError); // exit code 2
    expect((thrown as Error).message).toBe(`--shapes ${JSON.stringify(spec)}: ${problem}`);
  });
});

describe('parseShapeList', () => {
  it('reads a comma-separated mix of letters and layers, in the given order, each once', () => {
    expect(parseShapeList('J, 1x1x64x64:8x1x3x3/p1 ,B,j').map((c) => c.id)).toEqual(['J', '1x1x64x64:8x1x3x3/p1', 'B']);
  });

  it('rejects an empty list and names the first bad entry', () => {
    expect(() => parseShapeList(' , ')).toThrow(
      new ShapeSpecError('--shapes: expected a comma-separated list of suite letters or layers NxCxHxW:OxIxKHxKW[/sS][/pP|/psame][/dD][/gG], got " , "'),
    );
    expect(() => parseShapeList('B,1x1x5x5:1x1x1x1/s0,Q')).toThrow('--shapes "1x1x5x5:1x1x1x1/s0": /s (strides) must be an integer ≥ 1, got 0');
  });
});
