// simdconv bench's report, from made-up figures: the exact text and JSON users get.
import { describe, expect, it } from 'vitest';
import type { BenchReport, BenchRow } from '../../src/cli/bench.js';
import { formatJson, formatReport } from '../../src/cli/table.js';
import type { Backend } from '../../src/index.js';

const machine = { node: 'v20.20.2', v8: '11.3', os: 'Linux 6.1 x64', cpu: 'Test CPU', cores: 2, memoryGiB: 8, date: '2026-12-04T00:00:00.000Z' };

function row(shape: string, name: string, spec: string, flops: number, backend: Backend, median: number, js: number | undefined, simd: number | undefined): BenchRow {
  return {
    shape,
    name,
    spec,
    flops,
    backend,
    timing: { samples: 7, callsPerSample: 2, median, p25: median * 0.9, p75: median * 1.2, min: median * 0.8, max: median * 2 },
    gflops: flops / (median * 1e6),
    vsJs: js === undefined ? undefined : js / median,
    vsDefault: simd === undefined ? undefined : simd / median,
  };
}

const report: BenchReport = {
  machine,
  defaultBackend: 'simd',
  backends: ['js', 'simd'],
  unavailable: [{ backend: 'relaxed-simd', reason: 'no flag' }],
  timeMs: 300,
  minSamples: 5,
  rows: [
    row('J', 'CIFAR batch 8, 3×3', '8x3x32x32:16x3x3x3/p1', 7_077_888, 'js', 20, 20, 0.25),
    row('J', 'CIFAR batch 8, 3×3', '8x3x32x32:16x3x3x3/p1', 7_077_888, 'simd', 0.25, 20, 0.25),
    row('1x8x8x8:8x8x1x1', 'custom', '1x8x8x8:8x8x1x1', 8192, 'js', 0.05, 0.05, 0.002),
    row('1x8x8x8:8x8x1x1', 'custom', '1x8x8x8:8x8x1x1', 8192, 'simd', 0.002, 0.05, 0.002),
  ],
};

describe('formatReport', () => {
  it('prints the machine, the shapes, the aligned table and the geometric means', () => {
    expect(formatReport(report)).toBe(
      [
        'simdconv bench on Test CPU (2 cores, Linux 6.1 x64), Node v20.20.2',
        'backends: js, simd; createEngine() picks simd here; not available: relaxed-simd',
        'each row: a prepacked layer (engine.createConv2d, bias on) run into a preallocated output, one thread,',
        'after a warm-up; median and p25–p75 (middle half) of the samples, in ms per call; samples × calls each;',
        'GFLOPS: 2·N·Cout·Hout·Wout·(Cin/groups)·kH·kW over the median (effective: Winograd does fewer)',
        '',
        'shapes (input NCHW : filter OIHW /strides /padding /dilations /groups):',
        '  J  CIFAR batch 8, 3×3             8x3x32x32:16x3x3x3/p1  (7.08 MFLOP)',
        '  1x8x8x8:8x8x1x1  (0.00819 MFLOP)',
        '',
        '| shape           | backend | median ms |      p25–p75 ms | GFLOPS | × js | × simd | samples |',
        '|:----------------|:--------|----------:|----------------:|-------:|-----:|-------:|--------:|',
        '| J               | js      |      20.0 |       18.0–24.0 |  0.354 | 1.00 | 0.0125 |     7×2 |',
        '| J               | simd    |     0.250 |     0.225–0.300 |   28.3 | 80.0 |   1.00 |     7×2 |',
        '| 1x8x8x8:8x8x1x1 | js      |    0.0500 |   0.0450–0.0600 |  0.164 | 1.00 | 0.0400 |     7×2 |',
        '| 1x8x8x8:8x8x1x1 | simd    |   0.00200 | 0.00180–0.00240 |   4.10 | 25.0 |   1.00 |     7×2 |',
        '',
        'geometric mean over 2 shapes:',
        '  js           0.241 GFLOPS',
        '  simd         10.8 GFLOPS, 44.7× js',
        '',
      ].join('\n'),
    );
  });

  it('prints – for a ratio to a backend that was not run', () => {
    const simdOnly: BenchReport = { ...report, backends: ['simd'], rows: [row('J', 'CIFAR batch 8, 3×3', '8x3x32x32:16x3x3x3/p1', 7_077_888, 'simd', 0.25, undefined, 0.25)] };
    expect(formatReport(simdOnly)).toContain('| J     | simd    |     0.250 | 0.225–0.300 |   28.3 |    – |   1.00 |     7×2 |');
    expect(formatReport(simdOnly)).not.toContain('geometric mean');
  });
});

describe('formatJson', () => {
  it('gives every figure unrounded, with null for a missing ratio', () => {
    const json = JSON.parse(formatJson({ ...report, rows: [row('J', 'CIFAR batch 8, 3×3', '8x3x32x32:16x3x3x3/p1', 7_077_888, 'simd', 0.25, undefined, 0.25)] }));
    expect(json).toEqual({
      machine,
      defaultBackend: 'simd',
      backends: ['js', 'simd'],
      unavailable: [{ backend: 'relaxed-simd', reason: 'no flag' }],
      timeMs: 300,
      minSamples: 5,
      rows: [
        {
          shape: 'J',
          name: 'CIFAR batch 8, 3×3',
          spec: '8x3x32x32:16x3x3x3/p1',
          flops: 7_077_888,
          backend: 'simd',
          samples: 7,
          callsPerSample: 2,
          medianMs: 0.25,
          p25Ms: 0.225,
          p75Ms: 0.3,
          minMs: 0.2,
          maxMs: 0.5,
          gflops: 7_077_888 / 250_000,
          vsJs: null,
          vsDefault: 1,
        },
      ],
    });
  });
});
