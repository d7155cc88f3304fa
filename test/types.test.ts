// What the public types accept, checked by `npm run typecheck` (tsc reads this file): each
// `@ts-expect-error` line must be a compile error, or tsc reports the directive as unused. The
// calls run too, so the runtime refuses what the types refuse.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  conv1d,
  conv2d,
  convOutputSize,
  maxPool2d,
  resolvePadding,
  type Conv1dOptions,
  type Conv2dOptions,
  type Padding,
  type Padding1d,
  type PaddingWord,
} from '../src/index.js';

const x2d = { data: new Float32Array(16), shape: [1, 1, 4, 4] };
const w2d = { data: new Float32Array(9), shape: [1, 1, 3, 3] };
const x1d = { data: new Float32Array(8), shape: [1, 1, 8] };
const w1d = { data: new Float32Array(3), shape: [1, 1, 3] };

describe('Padding (2-D): a number, [h, w], [beginH, endH, beginW, endW] or a word', () => {
  it('accepts each form', () => {
    expectTypeOf<1>().toExtend<Padding>();
    expectTypeOf<readonly [1, 2]>().toExtend<Padding>();
    expectTypeOf<[1, 2, 3, 4]>().toExtend<Padding>();
    expectTypeOf<PaddingWord>().toExtend<Padding>();
    expect(conv2d(x2d, w2d, { padding: [1, 1] }).shape).toEqual([1, 1, 4, 4]);
    expect(conv2d(x2d, w2d, { padding: [1, 1, 0, 2] }).shape).toEqual([1, 1, 4, 4]);
    expect(conv2d(x2d, w2d, { padding: 'same-lower' }).shape).toEqual([1, 1, 4, 4]);
  });

  it('refuses other lengths and unknown words, at compile time and at run time', () => {
    expectTypeOf<[1]>().not.toExtend<Padding>();
    expectTypeOf<[1, 2, 3]>().not.toExtend<Padding>();
    expectTypeOf<number[]>().not.toExtend<Padding>();
    expectTypeOf<'SAME'>().not.toExtend<Padding>();
    // @ts-expect-error: three numbers are no form of 2-D padding
    expect(() => conv2d(x2d, w2d, { padding: [1, 2, 3] })).toThrow(RangeError);
    // @ts-expect-error: one number in an array is 1-D padding
    expect(() => conv2d(x2d, w2d, { padding: [1] })).toThrow(RangeError);
    // @ts-expect-error: the words are lower case
    expect(() => conv2d(x2d, w2d, { padding: 'SAME' })).toThrow(RangeError);
    // @ts-expect-error: pooling takes the same forms
    expect(() => maxPool2d(x2d, { windowDimensions: 2, padding: [0, 0, 0] })).toThrow(RangeError);
    // @ts-expect-error: and so does resolvePadding
    expect(() => resolvePadding([0, 0, 0], [4, 4], [3, 3])).toThrow(RangeError);
  });

  it('is what Conv2dOptions takes', () => {
    expectTypeOf<Conv2dOptions['padding']>().toEqualTypeOf<Padding | undefined>();
  });
});

describe('Padding1d: a number, [p], [begin, end] or a word', () => {
  it('accepts each form', () => {
    expectTypeOf<[1]>().toExtend<Padding1d>();
    expectTypeOf<readonly [2, 0]>().toExtend<Padding1d>();
    expectTypeOf<'full'>().toExtend<Padding1d>();
    expect(conv1d(x1d, w1d, { padding: [1] }).shape).toEqual([1, 1, 8]);
    expect(conv1d(x1d, w1d, { padding: [2, 0] }).shape).toEqual([1, 1, 8]);
    expect(convOutputSize(8, 3, { padding: [1] })).toBe(8);
  });

  it('refuses the 2-D forms of four numbers', () => {
    expectTypeOf<[1, 2, 3, 4]>().not.toExtend<Padding1d>();
    expectTypeOf<[1, 2, 3]>().not.toExtend<Padding1d>();
    // @ts-expect-error: conv1d has one axis, two sides
    expect(() => conv1d(x1d, w1d, { padding: [1, 1, 1, 1] })).toThrow(RangeError);
    // @ts-expect-error: so has one axis of convOutputSize
    expect(() => convOutputSize(8, 3, { padding: [1, 1, 1] })).toThrow(RangeError);
  });

  it('is what Conv1dOptions takes', () => {
    expectTypeOf<Conv1dOptions['padding']>().toEqualTypeOf<Padding1d | undefined>();
  });
});

describe('strides and dilations: a number or one per axis', () => {
  it('refuses the wrong count of axes', () => {
    expectTypeOf<[1, 2]>().toExtend<NonNullable<Conv2dOptions['strides']>>();
    expectTypeOf<[1]>().not.toExtend<NonNullable<Conv2dOptions['strides']>>();
    expectTypeOf<[1, 2]>().not.toExtend<NonNullable<Conv1dOptions['strides']>>();
    // @ts-expect-error: conv1d has one axis
    expect(() => conv1d(x1d, w1d, { strides: [1, 1] })).toThrow(RangeError);
  });
});
