// The decisions the options and the kernel paths must agree on, each made in one function:
// where Winograd applies (options/conv.ts's winogradApplies: what `algorithm: 'winograd'` accepts
// and what `'auto'` may take) and what is pointwise (engine/conv-plan.ts's isPointwise: the NCHW
// pointwise path, and the NHWC kernel's flag that skips im2col).
import { describe, expect, it } from 'vitest';
import { choosePath, DIRECT_NHWC_MAX_GROUP_INPUTS, DIRECT_NHWC_MAX_GROUP_INPUTS_STRIDED, planConv } from '../src/engine/conv-plan.js';
import { winogradWins } from '../src/engine/winograd-plan.js';
import { CONV2D, resolveConv, winogradApplies, type Conv2dOptions } from '../src/options/conv.js';
import { A_DIRECT_NHWC, A_POINTWISE } from '../src/wasm/args.js';

/** Every small geometry around the 1×1 and 3×3 cases: kernels, strides, padding, groups. */
function geometries(): { input: number[]; filter: number[]; options: Conv2dOptions }[] {
  const cases: { input: number[]; filter: number[]; options: Conv2dOptions }[] = [];
  for (const [kH, kW] of [[1, 1], [1, 3], [3, 1], [3, 3], [5, 5]] as const) {
    for (const strides of [1, [1, 2], 2] as const) {
      for (const padding of [0, 1, [0, 0, 0, 1]] as const) {
        for (const groups of [1, 2, 16]) {
          for (const dilations of [1, 2]) {
            cases.push({ input: [1, 16, 12, 12], filter: [16, 16 / groups, kH, kW], options: { strides, padding, groups, dilations } });
          }
        }
      }
    }
  }
  return cases;
}

describe('one decision, one function', () => {
  const cases = geometries();

  it("algorithm 'winograd' is accepted exactly where winogradApplies, and 'auto' takes Winograd only there", () => {
    let accepted = 0;
    for (const { input, filter, options } of cases) {
      const p = resolveConv(CONV2D, input, filter, options);
      const asked = () => resolveConv(CONV2D, input, filter, { ...options, algorithm: 'winograd' });
      if (winogradApplies(p)) {
        accepted++;
        expect(choosePath(asked())).toBe('winograd');
      } else {
        expect(asked).toThrow(RangeError);
        expect(winogradWins(p)).toBe(false);
        expect(choosePath(p)).not.toBe('winograd');
      }
    }
    // 3×3, stride 1, groups 1, any padding and dilation.
    expect(accepted).toBe(3 * 2);
  });

  it('the NHWC kernel skips im2col exactly where NCHW takes its pointwise path', () => {
    let pointwise = 0;
    for (const { input, filter, options } of cases) {
      const nchw = resolveConv(CONV2D, input, filter, { ...options, algorithm: 'direct' });
      const [n, c, h, w] = input as [number, number, number, number];
      const [o, i, kH, kW] = filter as [number, number, number, number];
      const nhwc = resolveConv(CONV2D, [n, h, w, c], [o, kH, kW, i], { ...options, algorithm: 'direct', inputLayout: 'nhwc', filterLayout: 'ohwi' });
      const nchwPath = choosePath(nchw);
      const nhwcPlan = planConv(nhwc, 4, 8);
      if (nchwPath === 'planes' || nhwcPlan.path !== 'nhwc') continue; // depthwise: its own paths
      expect(nchwPath === 'nchw-pointwise').toBe(nhwcPlan.args[A_POINTWISE] === 1);
      if (nhwcPlan.args[A_POINTWISE] === 1) pointwise++;
    }
    // 1×1, strides 1, unpadded: groups 1 and 2, any dilation.
    expect(pointwise).toBe(2 * 2);
  });

  it('nchw-direct is told the layout its tensors are in, and takes NHWC layers of few channels', () => {
    let nhwcRuns = 0;
    for (const channels of [1, 2, 3, 4, 8]) {
      for (const strides of [1, 2]) {
        for (const inputLayout of ['nchw', 'nhwc'] as const) {
          const input = inputLayout === 'nchw' ? [2, channels, 9, 11] : [2, 9, 11, channels];
          const p = resolveConv(CONV2D, input, [6, channels, 3, 3], { padding: 1, strides, inputLayout, filterLayout: 'oihw', algorithm: 'direct' });
          const plan = planConv(p, 4, 8);
          if (inputLayout === 'nhwc') {
            const max = strides === 1 ? DIRECT_NHWC_MAX_GROUP_INPUTS : DIRECT_NHWC_MAX_GROUP_INPUTS_STRIDED;
            expect(plan.path, `${channels} channels, strides ${strides}`).toBe(channels <= max ? 'nchw-direct' : 'nhwc');
          }
          if (plan.path !== 'nchw-direct') continue;
          expect(plan.args[A_DIRECT_NHWC]).toBe(inputLayout === 'nhwc' ? 1 : 0);
          if (inputLayout === 'nhwc') nhwcRuns++;
        }
      }
    }
    expect(nhwcRuns).toBe(DIRECT_NHWC_MAX_GROUP_INPUTS + DIRECT_NHWC_MAX_GROUP_INPUTS_STRIDED);
  });
});
