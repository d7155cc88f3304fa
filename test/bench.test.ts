/**
 * The benchmark's own pieces: the SVG chart, the output check, the command line, the peers'
 * adapters (each against the reference on small cases, the ONNX encoder through ONNX Runtime)
 * the threads table's figures, and tiny end-to-end runs (one with --threads 1,2). A few seconds:
 * the only timing is the tiny runs'.
 */
import { describe, expect, it } from 'vitest';
import { parseBenchArgs, quickSettings, SUITES, threadCounts, type BenchSettings } from '../bench/args.js';
import { formatColdStart, measureColdStart } from '../bench/cold-start.js';
import { checkOutput, describeFailure, expectedNhwc, expectedOutput } from '../bench/check.js';
import { convModel, DATA_TYPE, qlinearConvModel, QLINEAR_CONV_MODEL_NAMES, tensorProto, varint } from '../bench/peers/onnx-model.js';
import { createOrtQLinearConv } from '../bench/peers/ort-qlinear.js';
import { checkExact, formatInt8Report, INT8_SUITE, makeInt8Case, runInt8, type Int8Settings } from '../bench/int8-suite.js';
import { convCase, createPeer, FILTER_ONLY_PEERS, PEER_NAMES, type PeerName } from '../bench/peers/index.js';
import { fineMs, formatMobileTable, mobileNotes, mobileSummary, type MobileRow } from '../bench/mobile-table.js';
import { CONV_MODEL_NAMES } from '../bench/peers/onnx-model.js';
import { createConvSession } from '../bench/peers/ort-web.js';
import { formatReport, runBenchmark } from '../bench/run.js';
import { caseSeed, makeCaseData, MOBILE_SUITE, SUITE, type SuiteCase } from '../bench/suite.js';
import { barChartSvg, escapeXml, formatGflops, tint, type ChartRow } from '../bench/svg.js';
import { geomeanOfAll, peerRatio, speedup, threadsSummary, type TimedRow } from '../bench/thread-scaling.js';
import { formatThreadsTable, threadsNotes } from '../bench/threads-table.js';
import { conv2dOutputShape, kernels, nchwToNhwc, reference, type Conv2dOptions, type Tensor } from '../src/index.js';
import { rankOneTensor, randomTensor, rng } from './helpers/random.js';

/**
 * A small XML well-formedness check: every tag closes in order, attributes are quoted, text has
 * no raw `<` or stray `&`. Returns the element names in document order.
 */
function parseXml(text: string): string[] {
  const names: string[] = [];
  const open: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|([^<]+)|(<)/g;
  let end = 0;
  for (const m of text.matchAll(token)) {
    if (m.index !== end) throw new Error(`unparsed text at ${end}: ${JSON.stringify(text.slice(end, end + 40))}`);
    end = m.index + m[0].length;
    const [, closing, name, , selfClosing, chars, stray] = m;
    if (stray !== undefined) throw new Error(`malformed tag at ${m.index}: ${JSON.stringify(text.slice(m.index, m.index + 40))}`);
    if (chars !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(chars)) throw new Error(`unescaped & in ${JSON.stringify(chars)}`);
      if (open.length === 0 && chars.trim() !== '') throw new Error(`text outside the root: ${JSON.stringify(chars)}`);
      continue;
    }
    if (name === undefined) continue; // a comment
    if (closing) {
      const top = open.pop();
      if (top !== name) throw new Error(`</${name}> closes <${top ?? 'nothing'}>`);
    } else {
      if (open.length === 0 && names.length > 0) throw new Error(`second root element <${name}>`);
      names.push(name);
      if (!selfClosing) open.push(name);
    }
  }
  if (end !== text.length) throw new Error(`unparsed text at ${end}`);
  if (open.length > 0) throw new Error(`unclosed <${open.join('>, <')}>`);
  return names;
}

const ROWS: ChartRow[] = [
  { shape: 'A', layer: 'ResNet stem 7×7 s2', backend: 'js', gflops: 0.31, medianMs: 760 },
  { shape: 'A', layer: 'ResNet stem 7×7 s2', backend: 'scalar', gflops: 1.7 },
  { shape: 'A', layer: 'ResNet stem 7×7 s2', backend: 'simd', gflops: 18.2 },
  { shape: 'A', layer: 'ResNet stem 7×7 s2', backend: 'relaxed-simd', gflops: 24.9 },
  { shape: 'F', layer: 'MobileNetV2 depthwise <3×3> & co', backend: 'js', gflops: 0.2 },
  { shape: 'F', layer: 'MobileNetV2 depthwise <3×3> & co', backend: 'simd', gflops: 4.4 },
  { shape: 'K', layer: 'Grouped 3×3 g4 (ResNeXt)', backend: 'relaxed-simd', gflops: 17.9 },
];

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('bench/svg.ts: the GFLOPS chart', () => {
  const svg = barChartSvg(ROWS, { title: 'simdconv "GFLOPS" & more', subtitle: 'AMD EPYC ×2, Node 20' });

  it('is one well-formed <svg> element', () => {
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    const names = parseXml(svg);
    expect(names[0]).toBe('svg');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('has one <rect> per bar, and nothing else is a rect', () => {
    expect(count(svg, '<rect')).toBe(ROWS.length);
  });

  it('names every backend and every shape, and prints every value', () => {
    for (const backend of ['js', 'scalar', 'simd', 'relaxed-simd']) expect(svg).toContain(`>${backend}</text>`);
    for (const shape of ['A', 'F', 'K']) expect(svg).toContain(`>${shape}</text>`);
    for (const r of ROWS) expect(svg).toContain(`>${formatGflops(r.gflops)}</text>`);
    expect(svg).toContain('GFLOPS (log scale');
    expect(svg).toContain('MobileNetV2 depthwise &lt;3×3&gt; &amp; co'); // escaped, not raw
    expect(svg).toContain('simdconv &quot;GFLOPS&quot; &amp; more');
  });

  it('draws taller bars for larger values, on a log axis', () => {
    const heights = [...svg.matchAll(/<rect [^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(heights).toHaveLength(ROWS.length);
    // A: js 0.31 < scalar 1.7 < simd 18.2 < relaxed 24.9; log axis: one decade is one step.
    expect(heights[0]!).toBeLessThan(heights[1]!);
    expect(heights[1]!).toBeLessThan(heights[2]!);
    expect(heights[2]!).toBeLessThan(heights[3]!);
    expect(heights[0]!).toBeGreaterThan(0); // 0.31 sits above the 0.1 floor, not at zero
    const decade = (heights[2]! - heights[1]!) / Math.log10(18.2 / 1.7);
    expect((heights[3]! - heights[2]!) / Math.log10(24.9 / 18.2)).toBeCloseTo(decade, 0);
  });

  it('skips values a log axis cannot show, and copes with one row or none', () => {
    const odd = barChartSvg([...ROWS, { shape: 'Z', backend: 'js', gflops: 0 }, { shape: 'Z', backend: 'simd', gflops: NaN }]);
    parseXml(odd);
    expect(count(odd, '<rect')).toBe(ROWS.length);
    const one = barChartSvg([{ shape: 'B', backend: 'simd', gflops: 10 }]);
    parseXml(one);
    expect(count(one, '<rect')).toBe(1);
    parseXml(barChartSvg([]));
  });

  it('escapes XML and formats values', () => {
    expect(escapeXml('a<b & "c">')).toBe('a&lt;b &amp; &quot;c&quot;&gt;');
    expect([0.3134, 1.234, 17.96, 123.4].map(formatGflops)).toEqual(['0.31', '1.23', '18.0', '123']);
  });

  it('the well-formedness check itself rejects broken XML', () => {
    expect(() => parseXml('<svg><g></svg>')).toThrow(/closes/);
    expect(() => parseXml('<svg><text>a & b</text></svg>')).toThrow(/unescaped &/);
    expect(() => parseXml('<svg><rect x=1/></svg>')).toThrow(/malformed/);
    expect(() => parseXml('<svg>')).toThrow(/unclosed/);
  });
});

describe('bench/check.ts: wasm output against the reference', () => {
  const rand = rng(2024);
  const x = randomTensor([1, 3, 6, 6], rand);
  const w = randomTensor([4, 3, 3, 3], rand);
  const bias = randomTensor([4], rand).data;
  const options = { padding: 1, bias, activation: 'relu' as const };
  const expected = expectedOutput(x, w, options);

  it('passes the reference itself, and a rounding-sized difference', () => {
    expect(checkOutput(reference.conv2d(x, w, options), expected)).toEqual({ bad: 0, worstRatio: 0 });
    const nudged = { data: expected.output.data.map((v, k) => v + 0.5 * expected.bound[k]!), shape: expected.output.shape };
    const result = checkOutput(nudged, expected);
    expect(result.bad).toBe(0);
    expect(result.worstRatio).toBeGreaterThan(0.4);
    expect(result.worstRatio).toBeLessThan(0.51); // 0.5, give or take the f32 rounding of the nudged value
  });

  it('the tolerance is 1e-5·Σ|x·w| (+|bias|) + 1e-6, without the activation', () => {
    const [n, c, h, ww] = [0, 2, 3, 4];
    let sum = Math.abs(bias[c]!);
    for (let ci = 0; ci < 3; ci++) {
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          const [yy, xx] = [h + i - 1, ww + j - 1];
          if (yy >= 0 && yy < 6 && xx >= 0 && xx < 6) sum += Math.abs(x.data[ci * 36 + yy * 6 + xx]! * w.data[c * 27 + ci * 9 + i * 3 + j]!);
        }
      }
    }
    expect(expected.bound[((n * 4 + c) * 6 + h) * 6 + ww]!).toBeCloseTo(1e-5 * sum + 1e-6, 9);
  });

  it('names the first bad index with its coordinates, and counts the rest', () => {
    const data = expected.output.data.slice();
    data[77] = data[77]! + 1;
    data[100] = NaN;
    const result = checkOutput({ data, shape: expected.output.shape }, expected);
    expect(result.bad).toBe(2);
    expect(result.first?.index).toBe(77);
    expect(result.first?.at).toEqual([0, 2, 0, 5]); // 77 = 2·36 + 0·6 + 5
    expect(describeFailure(result)).toMatch(/^first bad index 77 \(at \[0, 2, 0, 5\]\): got .*, reference .*; 2 elements out of tolerance$/);
  });

  it('a wrong shape fails without comparing values', () => {
    const result = checkOutput({ data: new Float32Array(4 * 6 * 6), shape: [1, 6, 6, 4] }, expected);
    expect(result.bad).toBe(expected.output.data.length);
    expect(describeFailure(result)).toMatch(/output shape \[1, 6, 6, 4\].*expected \[1, 4, 6, 6\]/);
  });
});

describe('bench/check.ts: NHWC expectations', () => {
  it('transposes the reference output and its tolerances alike', () => {
    const rand = rng(11);
    const x = randomTensor([2, 3, 5, 4], rand);
    const w = randomTensor([6, 3, 3, 3], rand);
    const options = { padding: 1, strides: [2, 1] as [number, number] };
    const nchw = expectedOutput(x, w, options);
    const nhwc = expectedNhwc(nchw);
    expect(nhwc.output.shape).toEqual([2, 3, 4, 6]);
    expect(nhwc.output.data).toEqual(nchwToNhwc(nchw.output).data);
    const y = reference.conv2d(nchwToNhwc(x), w, { ...options, inputLayout: 'nhwc', filterLayout: 'oihw' });
    expect(checkOutput(y, nhwc).bad).toBe(0);
    // Element [n=1, h=2, w=3, c=5] of the NHWC bound is element [1, 5, 2, 3] of the NCHW one.
    expect(nhwc.bound[((1 * 3 + 2) * 4 + 3) * 6 + 5]).toBe(nchw.bound[((1 * 6 + 5) * 3 + 2) * 4 + 3]);
  });
});

describe('bench/args.ts: peers and prepacked', () => {
  it('runs every peer and the prepacked layers by default, in table order', () => {
    const s = parseBenchArgs([]);
    if (s === 'help') throw new Error('unexpected help');
    expect(s.peers).toEqual(PEER_NAMES.filter((p) => !FILTER_ONLY_PEERS.includes(p)));
    expect(s.prepacked).toBe(true);
  });

  it('--suite filters: OpenCV.js is among its default peers, and refused with the other suites', () => {
    const filters = parseBenchArgs(['--suite', 'filters']);
    if (filters === 'help') throw new Error('unexpected help');
    expect(filters.peers).toEqual([...PEER_NAMES]);
    expect(filters.cases.map((c) => c.id)).toEqual(SUITES.filters.map((c) => c.id));
    expect(() => parseBenchArgs(['--peers', 'opencv-js'])).toThrow('--peers opencv-js: runs single-channel image filters only; use it with --suite filters');
    expect(() => parseBenchArgs(['--suite', 'mobile', '--peers', 'ort-web,opencv-js'])).toThrow(/--peers opencv-js: runs single-channel image filters only/);
    expect(() => parseBenchArgs(['--suite', 'filters', '--threads', '2'])).toThrow(/--suite filters runs on one thread/);
    for (const c of SUITES.filters) expect([c.inputShape[1], c.filterShape[0], c.filterShape[1]], c.id).toEqual([1, 1, 1]);
  });

  it('--peers picks, --no-peers drops, --no-prepacked drops the layers', () => {
    const picked = parseBenchArgs(['--peers', 'ort-web,TFJS-WASM']);
    expect(picked !== 'help' && picked.peers).toEqual(['tfjs-wasm', 'ort-web']);
    const none = parseBenchArgs(['--no-peers', '--no-prepacked']);
    expect(none !== 'help' && [none.peers, none.prepacked]).toEqual([[], false]);
    expect(() => parseBenchArgs(['--peers', 'tfjs-node'])).toThrow(/--peers: expected a comma-separated list of tfjs-wasm, tfjs-cpu, ort-web, opencv-js, got "tfjs-node"/);
    expect(() => parseBenchArgs(['--peers', 'ort-web', '--no-peers'])).toThrow(/one or the other/);
    expect((parseBenchArgs([]) as BenchSettings).algorithm).toBe('auto');
    expect((parseBenchArgs(['--algorithm', 'winograd-4x4']) as BenchSettings).algorithm).toBe('winograd-4x4');
    expect(() => parseBenchArgs(['--algorithm', 'fft'])).toThrow('--algorithm must be one of auto, direct, winograd, winograd-4x4, got "fft"');
  });

  it("npm start's quick settings leave the peers and the layers out", () => {
    const q = quickSettings([], ['js']);
    expect([q.peers, q.prepacked]).toEqual([[], false]);
  });
});

describe('bench/peers/onnx-model.ts: a hand-written ONNX protobuf', () => {
  it('encodes varints as protobuf does', () => {
    expect(Array.from(varint(0))).toEqual([0]);
    expect(Array.from(varint(1))).toEqual([1]);
    expect(Array.from(varint(127))).toEqual([127]);
    expect(Array.from(varint(128))).toEqual([0x80, 0x01]);
    expect(Array.from(varint(300))).toEqual([0xac, 0x02]);
    expect(Array.from(varint(2 ** 32))).toEqual([0x80, 0x80, 0x80, 0x80, 0x10]);
    expect(() => varint(-1)).toThrow(RangeError);
  });

  it('starts with ir_version 8 and names the Conv op, W and B', () => {
    const tiny = new Float32Array(4);
    const bytes = convModel({
      inputShape: [1, 1, 3, 3],
      filter: { data: tiny, shape: [1, 1, 2, 2] },
      bias: new Float32Array(1),
      padding: [0, 0, 0, 0],
      strides: [1, 1],
      dilations: [1, 1],
      groups: 1,
      outputShape: [1, 1, 2, 2],
    });
    expect(Array.from(bytes.subarray(0, 2))).toEqual([0x08, 8]); // field 1, varint: ir_version = 8
    const text = new TextDecoder('latin1').decode(bytes);
    for (const word of ['Conv', 'kernel_shape', 'pads', 'strides', 'dilations', 'group']) expect(text).toContain(word);
  });
});

/** Small cases that exercise what the adapters translate: padding, strides, dilations, groups, bias. */
const PEER_CASES: { name: string; input: number[]; filter: number[]; options: Conv2dOptions }[] = [
  { name: 'dense, stride 2, uneven padding, bias', input: [2, 3, 9, 8], filter: [5, 3, 3, 2], options: { strides: 2, padding: [1, 0, 0, 1] } },
  { name: 'grouped g2, dilation 2, bias', input: [1, 4, 9, 9], filter: [6, 2, 3, 3], options: { groups: 2, dilations: 2, padding: 2 } },
  { name: 'depthwise, multiplier 2, stride 2', input: [1, 3, 8, 8], filter: [6, 1, 3, 3], options: { groups: 3, strides: 2, padding: 1 } },
  { name: 'depthwise 2×2, uneven padding (explicit pads in tfjs)', input: [1, 4, 7, 7], filter: [4, 1, 2, 2], options: { groups: 4, padding: 'same-lower' } },
  // tfjs sizes a number-padded output with the height's stride on both axes: explicit pads here.
  { name: 'depthwise 5×5, strides (2, 1) (explicit pads in tfjs)', input: [1, 4, 6, 10], filter: [4, 1, 5, 5], options: { groups: 4, strides: [2, 1], padding: 2 } },
  { name: 'dense 1×3 (explicit pads in tfjs)', input: [1, 3, 5, 6], filter: [4, 3, 1, 3], options: { padding: [0, 1] } },
];

describe('bench/peers: every adapter matches the reference', () => {
  for (const name of PEER_NAMES.filter((p) => !FILTER_ONLY_PEERS.includes(p))) {
    it(`${name}: ${PEER_CASES.length} small cases within the tolerance of the check`, async () => {
      const peer = await createPeer(name as PeerName);
      expect(peer.name).toBe(name);
      expect(peer.setup).not.toBe('');
      const rand = rng(0xbe0c + name.length);
      for (const pc of PEER_CASES) {
        const input = randomTensor(pc.input, rand);
        const filter = randomTensor(pc.filter, rand);
        const options = { ...pc.options, bias: randomTensor([pc.filter[0]!], rand).data };
        const conv = convCase(input, filter, options);
        const nchw = expectedOutput(input, filter, options);
        const expected = peer.layout === 'nhwc' ? expectedNhwc(nchw) : nchw;
        const prepared = await peer.prepare(conv);
        try {
          const x = peer.layout === 'nhwc' ? nchwToNhwc(input).data : input.data;
          for (let call = 0; call < 2; call++) {
            // Twice: the second call must not see state left by the first.
            const result = checkOutput({ data: await prepared.run(x), shape: expected.output.shape }, expected);
            expect(result.bad, `${name}, ${pc.name}, call ${call + 1}: ${describeFailure(result)}`).toBe(0);
          }
        } finally {
          await prepared.dispose();
        }
      }
    });
  }

  it('opencv-js: single-channel filters within the tolerance (sepFilter2D for rank 1, filter2D else), and a clear refusal of the rest', async () => {
    const peer = await createPeer('opencv-js');
    expect(peer.setup).toMatch(/Parallel framework: none/);
    const rand = rng(0x0c5);
    const filters: Tensor[] = [kernels.gaussian(5), kernels.sharpen, randomTensor([1, 1, 3, 5], rand), rankOneTensor(1, 5, 3, rand), kernels.boxBlur(3)];
    for (const filter of filters) {
      const [, , kH, kW] = filter.shape as number[];
      const input = randomTensor([1, 1, 13, 17], rand);
      const options: Conv2dOptions = { padding: [(kH! - 1) / 2, (kW! - 1) / 2], bias: Float32Array.of(rand() - 0.5) };
      const expected = expectedOutput(input, filter, options);
      const prepared = await peer.prepare(convCase(input, filter, options));
      try {
        for (let call = 0; call < 2; call++) {
          const result = checkOutput({ data: prepared.run(input.data) as Float32Array, shape: expected.output.shape }, expected);
          expect(result.bad, `${JSON.stringify(filter.shape)}, call ${call + 1}: ${describeFailure(result)}`).toBe(0);
        }
      } finally {
        await prepared.dispose();
      }
    }
    const refuse = (input: number[], filter: number[], options: Conv2dOptions) => peer.prepare(convCase(randomTensor(input, rand), randomTensor(filter, rand), options));
    await expect(refuse([1, 3, 8, 8], [4, 3, 3, 3], { padding: 1 })).rejects.toThrow('opencv-js: runs single-channel image filters only: one image of one channel in and out, got N=1, C=3, Cout=4');
    await expect(refuse([1, 1, 8, 8], [1, 1, 3, 3], { padding: 1, strides: 2 })).rejects.toThrow(/strides and dilations 1, got strides 2×2/);
    await expect(refuse([1, 1, 8, 8], [1, 1, 3, 3], { padding: 0 })).rejects.toThrow(/an odd kernel padded \(k − 1\) \/ 2 on each side/);
  });

  it('tfjs says how it emulates a grouped convolution', async () => {
    const peer = await createPeer('tfjs-wasm');
    const rand = rng(3);
    const conv = convCase(randomTensor([1, 8, 6, 6], rand), randomTensor([8, 2, 3, 3], rand), { groups: 4 });
    expect(peer.emulation(conv)).toMatch(/groups=4: 4× conv2d on tf\.split/);
    expect(peer.emulation(convCase(randomTensor([1, 8, 6, 6], rand), randomTensor([8, 1, 3, 3], rand), { groups: 8, padding: 1 }))).toBeUndefined();
    expect((await createPeer('ort-web')).emulation(conv)).toBeUndefined();
  });
});

describe('bench/run.ts: one tiny run with every contender', () => {
  it('checks, times and reports simdconv one-shot and prepacked and every peer', async () => {
    const tiny: SuiteCase = { id: 'T', name: 'tiny grouped', inputShape: [1, 8, 10, 10], filterShape: [8, 2, 3, 3], options: { padding: 1, groups: 4 } };
    const settings = { ...quickSettings([tiny], ['js', 'simd']), peers: PEER_NAMES.filter((p) => !FILTER_ONLY_PEERS.includes(p)), prepacked: true, rounds: 1, time: 1 };
    const report = await runBenchmark(settings, () => {});
    expect(report.rows.map((r) => r.backend)).toEqual(['js', 'simd', 'simd prepacked', 'simd prepacked nhwc', 'tfjs-wasm', 'tfjs-cpu', 'ort-web']);
    for (const r of report.rows) {
      expect(r.medianMs).toBeGreaterThan(0);
      if (r.backend !== 'js') expect(r.worstErrorRatio).toBeLessThan(1);
      expect(r.setupMs === undefined).toBe(r.kind === 'one-shot');
    }
    expect(report.rows.find((r) => r.backend === 'tfjs-wasm')?.emulation).toMatch(/groups=4/);
    expect(report.comparisons).toHaveLength(1);
    expect(report.comparisons[0]!.build).toBe('simd');
    expect(report.comparisonSummaries.map((x) => x.build)).toEqual(['simd']);
    expect(report.comparisonSummaries[0]!.ratio).toBeGreaterThan(0);
    const text = formatReport(report);
    expect(text).toContain('### simdconv (simd) and the peers');
    expect(text).toContain('† Emulated (T tfjs-wasm, T tfjs-cpu)');
    expect(text).toMatch(/env\.wasm\.numThreads=1/);
  });
});

describe('bench/svg.ts: colours of prepacked rows and peers', () => {
  it('tints toward white', () => {
    expect(tint('#000000', 0.5)).toBe('#808080');
    expect(tint('#009e73', 0)).toBe('#009e73');
    expect(tint('#009e73', 1)).toBe('#ffffff');
  });

  it('gives a prepacked row its backend\'s colour, lighter, and wraps a long legend', () => {
    const svg = barChartSvg([
      { shape: 'A', backend: 'relaxed-simd', gflops: 20 },
      { shape: 'A', backend: 'relaxed-simd prepacked', gflops: 21 },
      { shape: 'A', backend: 'relaxed-simd prepacked nhwc', gflops: 15 },
      { shape: 'A', backend: 'tfjs-wasm', gflops: 14 },
    ]);
    expect(svg).toContain('fill="#009e73"');
    expect(svg).toContain(`fill="${tint('#009e73', 0.4)}"`);
    expect(svg).toContain(`fill="${tint('#009e73', 0.66)}"`);
    expect(svg).toContain('fill="#d55e00"');
    const legendYs = new Set([...svg.matchAll(/<path d="M[\d.]+ ([\d.]+)h12v12h-12Z"/g)].map((m) => m[1]));
    expect(legendYs.size).toBeGreaterThan(1); // one group of bars is too narrow for one legend line
  });
});

describe('bench/cold-start.ts', () => {
  it('--cold-start sets the number of fresh processes; 0 skips; quick takes 5', () => {
    expect((parseBenchArgs([]) as BenchSettings).coldStartRuns).toBe(20);
    expect((parseBenchArgs(['--quick']) as BenchSettings).coldStartRuns).toBe(5);
    expect((parseBenchArgs(['--cold-start', '3']) as BenchSettings).coldStartRuns).toBe(3);
    expect((parseBenchArgs(['--cold-start', '0']) as BenchSettings).coldStartRuns).toBe(0);
    expect(() => parseBenchArgs(['--cold-start', 'many'])).toThrow('--cold-start: expected an integer ≥ 1, got "many"');
  });

  it('times fresh processes of the built package, import to first result, phase by phase', () => {
    const report = measureColdStart(2);
    expect(report.runs).toBe(2);
    expect(report.backend).toBe(Number(process.versions.node.split('.')[0]) < 22 ? 'simd' : 'relaxed-simd');
    for (const phase of [report.importMs, report.engineMs, report.convMs]) expect(phase.min).toBeGreaterThan(0);
    // The phases are consecutive: together they are the total, per process, so the medians bracket it.
    expect(report.totalMs.min).toBeGreaterThanOrEqual(report.importMs.min + report.engineMs.min + report.convMs.min - 1e-6);
    expect(report.processMs.min).toBeGreaterThan(report.totalMs.min);
    expect(formatColdStart(report)).toMatch(/\*\*import → first result\*\*\s+\|\s+[\d.]+ \|/);
  });
});

describe('bench/args.ts: --threads', () => {
  it('is absent by default (a one-thread run, as before) and parses a list, 1 always included', () => {
    expect((parseBenchArgs([]) as BenchSettings).threads).toBeUndefined();
    expect((parseBenchArgs(['--threads', '1,2']) as BenchSettings).threads).toEqual([1, 2]);
    expect(threadCounts('4, 2,2')).toEqual([1, 2, 4]);
    expect(threadCounts('1')).toEqual([1]);
  });

  it('rejects what is not a list of positive integers, naming what it got', () => {
    for (const bad of ['0', '1.5', 'two', '1,,2', '']) {
      expect(() => parseBenchArgs(['--threads', bad])).toThrow(`--threads: expected a comma-separated list of thread counts ≥ 1 such as 1,2, got ${JSON.stringify(bad)}`);
    }
  });
});

describe('bench/thread-scaling.ts: scaling and ratios', () => {
  it('speedup is the one-thread time over the T-thread time; peerRatio the peer over simdconv', () => {
    expect(speedup(2, 1)).toBe(2);
    expect(speedup(1.86, 1.06)).toBeCloseTo(1.7547, 4);
    expect(speedup(undefined, 1)).toBeUndefined();
    expect(peerRatio(5, 2.5)).toBe(2);
    expect(peerRatio(1, undefined)).toBeUndefined();
  });

  it('the geometric mean needs every shape', () => {
    expect(geomeanOfAll([2, 8])).toBeCloseTo(4, 12);
    expect(geomeanOfAll([2, undefined])).toBeUndefined();
    expect(geomeanOfAll([])).toBeUndefined();
  });

  const row = (shape: string, kind: string, threads: number, medianMs: number, who: { build?: string; peer?: string } = { build: 'simd' }): TimedRow => ({
    shape, layer: `layer ${shape}`, kind, layout: 'nchw', threads, medianMs, p25Ms: medianMs * 0.9, p75Ms: medianMs * 1.1, ...who,
  });
  const rows: TimedRow[] = [
    row('A', 'one-shot', 1, 4), row('A', 'prepacked', 1, 3), row('A', 'resident', 1, 2),
    row('A', 'one-shot', 2, 2), row('A', 'prepacked', 2, 2), row('A', 'resident', 2, 1),
    row('A', 'peer', 1, 6, { peer: 'ort-web' }), row('A', 'peer', 2, 4, { peer: 'ort-web' }), row('A', 'peer', 1, 9, { peer: 'tfjs-wasm' }),
    row('B', 'one-shot', 1, 8), row('B', 'prepacked', 1, 8), row('B', 'resident', 1, 4),
    row('B', 'one-shot', 2, 8), row('B', 'prepacked', 2, 4), row('B', 'resident', 2, 4),
    row('B', 'peer', 1, 16, { peer: 'ort-web' }), row('B', 'peer', 2, 16, { peer: 'ort-web' }), row('B', 'peer', 1, 8, { peer: 'tfjs-wasm' }),
    row('B', 'prepacked', 1, 1, { build: 'relaxed-simd' }), // another build: not in simd's summary
  ];
  const s = threadsSummary(rows, 'simd', [1, 2], ['tfjs-wasm', 'ort-web']);

  it('one line per shape and thread count, with the kinds present, compared with prepacked', () => {
    expect(s.kinds).toEqual(['one-shot', 'prepacked', 'resident']);
    expect(s.ratioKind).toBe('prepacked');
    expect(s.lines.map((l) => `${l.shape}${l.threads}`)).toEqual(['A1', 'A2', 'B1', 'B2']);
    const b2 = s.lines[3]!;
    expect(b2.simdconv.map((x) => x?.medianMs)).toEqual([8, 4, 4]);
    expect(b2.simdconv[1]).toEqual({ medianMs: 4, p25Ms: 3.6, p75Ms: 4.4 });
    expect(b2.scaling).toEqual([1, 2, 1]);
    // tfjs-wasm has no 2-thread row: no ratio at T = 2. ort-web 16 ms / simd prepacked 4 ms.
    expect(b2.peers.map((p) => p?.medianMs)).toEqual([undefined, 16]);
    expect(b2.ratios).toEqual([undefined, 4]);
    expect(s.lines[0]!.ratios).toEqual([3, 2]); // A at 1T: 9 / 3, 6 / 3
    expect(s.lines[0]!.scaling).toEqual([1, 1, 1]);
  });

  it('geometric means per thread count, undefined where a shape lacks the figure', () => {
    const two = s.means.find((m) => m.threads === 2)!;
    expect(two.scaling[0]).toBeCloseTo(Math.sqrt(2 * 1), 12); // one-shot: A 4/2, B 8/8
    expect(two.scaling[1]).toBeCloseTo(Math.sqrt(1.5 * 2), 12);
    expect(two.ratios[0]).toBeUndefined();
    expect(two.ratios[1]).toBeCloseTo(Math.sqrt(2 * 4), 12);
    expect(s.means.find((m) => m.threads === 1)!.ratios[0]).toBeCloseTo(Math.sqrt(3 * 1), 12);
  });

  it('the table prints medians with quartiles, scalings, ratios and a geometric mean per T', () => {
    const text = formatThreadsTable(s);
    const lines = text.split('\n');
    expect(lines[0]).toContain('simd prepacked ms (p25–p75)');
    expect(lines[0]).toContain('resident × 1T');
    expect(lines[0]).toContain('ort-web / prepacked');
    expect(lines).toHaveLength(2 + 4 + 2);
    const cells = (line: string) => line.split('|').slice(1, -1).map((c) => c.trim());
    // B at 2 threads: medians (p25–p75), tfjs-wasm not measured at 2T, scalings, ratios.
    expect(cells(lines[5]!)).toEqual(['', '', '2', '8.00 (7.20–8.80)', '4.00 (3.60–4.40)', '4.00 (3.60–4.40)', '—', '16.0 (14.4–17.6)', '1.00', '2.00', '1.00', '—', '4.00']);
    expect(lines[7]).toContain('**geometric mean**');
    expect(threadsNotes(s)).toContain('child process');
  });
});

describe('bench/run.ts: a tiny --threads 1,2 run', () => {
  it('times simdconv at 1 and 2 threads and ort-web at 2 in a child process, each output checked', async () => {
    const tiny: SuiteCase = { id: 'T', name: 'tiny dense', inputShape: [1, 8, 12, 12], filterShape: [8, 8, 3, 3], options: { padding: 1 } };
    // The same sizes, other data and options (as C and H of the suite): the child must not mix them up.
    const twin: SuiteCase = { id: 'U', name: 'tiny dilated', inputShape: [1, 8, 12, 12], filterShape: [8, 8, 3, 3], options: { padding: 2, dilations: 2 } };
    const settings: BenchSettings = { ...quickSettings([tiny, twin], ['js', 'simd']), peers: ['tfjs-wasm', 'ort-web'], prepacked: true, rounds: 1, time: 1, threads: [1, 2] };
    const report = await runBenchmark(settings, () => {});
    const names = [
      'js', 'simd', 'simd prepacked', 'simd prepacked nhwc', 'simd preallocated', 'simd resident',
      'simd 2T', 'simd prepacked 2T', 'simd preallocated 2T', 'simd resident 2T', 'tfjs-wasm', 'ort-web', 'ort-web 2T',
    ];
    expect(report.rows.map((r) => r.backend)).toEqual([...names, ...names]);
    for (const r of report.rows) {
      if (r.backend !== 'js') expect(r.worstErrorRatio, r.backend).toBeLessThan(1);
      expect(r.threads).toBe(r.backend.endsWith(' 2T') ? 2 : 1);
    }
    expect(report.peers.map((p) => p.name)).toEqual(['tfjs-wasm', 'ort-web']); // ort-web 2T is a row, not another peer
    expect(report.settings.notMeasured.map((n) => n.name)).toEqual(['js at 2T', 'tfjs-wasm at 2T']);
    expect(report.settings.notMeasured[1]!.reason).toContain('ERR_WORKER_PATH');
    expect(report.threadsSummaries?.map((x) => x.build)).toEqual(['simd']);
    const two = report.threadsSummaries![0]!.lines.find((l) => l.threads === 2)!;
    expect(two.ratios[0]).toBeUndefined(); // tfjs-wasm: one thread only
    expect(two.ratios[1]).toBeGreaterThan(0);
    const text = formatReport(report);
    expect(text).toContain('### Threads: simdconv (simd) at 1, 2 threads and the peers');
    expect(text).toContain('Not measured: tfjs-wasm at 2T');
    expect(text).toContain('in a child process');
  }, 60_000);
});

describe('bench/mobile-suite.ts: the mobile suite', () => {
  it('has ids M1… that are unique and cannot be confused with A–K', () => {
    const ids = MOBILE_SUITE.map((c) => c.id);
    expect(ids).toEqual(ids.map((_, i) => `M${i + 1}`));
    expect(new Set([...ids, ...SUITE.map((c) => c.id)]).size).toBe(ids.length + SUITE.length);
    expect(SUITES.mobile).toBe(MOBILE_SUITE);
    for (const c of MOBILE_SUITE) expect(c.name, c.id).toMatch(/^(PP-OCR|MobileNetV2|MobileNetV3-[LS]|Speech CNN) /);
  });

  it("every layer's output shape computes, and the padding keeps the real layer's map size", () => {
    for (const c of MOBILE_SUITE) {
      const out = conv2dOutputShape(c.inputShape, c.filterShape, c.options);
      const [sh, sw] = typeof c.options.strides === 'number' ? [c.options.strides, c.options.strides] : (c.options.strides ?? [1, 1]);
      // Padding (k − 1) / 2 per axis: the output is the input map divided by the stride, rounded up.
      expect(out, c.id).toEqual([1, c.filterShape[0], Math.ceil(c.inputShape[2] / sh!), Math.ceil(c.inputShape[3] / sw!)]);
      const groups = c.options.groups ?? 1;
      expect(c.inputShape[1] / groups, c.id).toBe(c.filterShape[1]);
    }
    const shape = (id: string) => {
      const c = MOBILE_SUITE.find((m) => m.id === id)!;
      return conv2dOutputShape(c.inputShape, c.filterShape, c.options);
    };
    expect(shape('M4')).toEqual([1, 480, 3, 60]); // depthwise 5×5, strides (2, 1)
    expect(shape('M6')).toEqual([1, 16, 80, 144]); // the stem, stride 2
    expect(shape('M10')).toEqual([1, 120, 1, 1]); // squeeze-excite
    expect(shape('M19')).toEqual([1, 72, 28, 28]); // MobileNetV3-Large dw 5×5 s2
  });

  it('every layer gets its own data, with a bias; A–K keep their seeds', () => {
    expect(caseSeed('A')).toBe(0x5eed0000 + 65);
    expect(new Set(MOBILE_SUITE.map((c) => caseSeed(c.id))).size).toBe(MOBILE_SUITE.length);
    const d = makeCaseData(MOBILE_SUITE[0]!);
    expect(d.options.bias).toHaveLength(MOBILE_SUITE[0]!.filterShape[0]);
    expect(makeCaseData(MOBILE_SUITE[1]!).input.data[0]).not.toBe(d.input.data[0]);
  });
});

describe('bench/args.ts: --suite', () => {
  it('is standard by default, mobile on asking; --shapes picks within the chosen suite', () => {
    const standard = parseBenchArgs([]) as BenchSettings;
    expect([standard.suite, standard.cases]).toEqual(['standard', SUITE]);
    const mobile = parseBenchArgs(['--suite', 'mobile']) as BenchSettings;
    expect([mobile.suite, mobile.cases]).toEqual(['mobile', MOBILE_SUITE]);
    expect((parseBenchArgs(['--suite', 'mobile', '--shapes', 'm4,M10']) as BenchSettings).cases.map((c) => c.id)).toEqual(['M4', 'M10']);
    expect(() => parseBenchArgs(['--suite', 'mobile', '--shapes', 'A'])).toThrow(/--shapes: expected a comma-separated list of M1, M2, .*M19, got "A"/);
    expect(() => parseBenchArgs(['--shapes', 'M1'])).toThrow(/--shapes: expected a comma-separated list of A, B, .*K, got "M1"/);
  });

  it('a bad value, or a mobile run with --threads or --no-prepacked, is a clear error', () => {
    expect(() => parseBenchArgs(['--suite', 'tiny'])).toThrow('--suite must be one of standard, mobile, filters, got "tiny"');
    expect(() => parseBenchArgs(['--suite', 'mobile', '--threads', '1,2'])).toThrow(/--suite mobile runs on one thread: leave out --threads/);
    expect(() => parseBenchArgs(['--suite', 'mobile', '--no-prepacked'])).toThrow(/leave out --no-prepacked/);
  });
});

describe('bench/mobile-table.ts: ratios and the table', () => {
  const row = (shape: string, backend: string, layout: 'nchw' | 'nhwc', medianMs: number, peer?: 'tfjs-wasm' | 'ort-web'): MobileRow => ({
    shape, layer: `layer ${shape}`, backend, layout, medianMs, p25Ms: medianMs * 0.9, p75Ms: medianMs * 1.1, ...(peer ? { peer } : {}),
  });
  const rows = [
    row('M1', 'simd preallocated', 'nchw', 1), row('M1', 'simd prepacked', 'nchw', 2), row('M1', 'simd preallocated nhwc', 'nhwc', 0.5), row('M1', 'simd prepacked nhwc', 'nhwc', 1),
    row('M1', 'tfjs-wasm', 'nhwc', 1, 'tfjs-wasm'), row('M1', 'ort-web', 'nchw', 3, 'ort-web'),
    row('M2', 'simd preallocated', 'nchw', 4), row('M2', 'simd prepacked', 'nchw', 4), row('M2', 'simd preallocated nhwc', 'nhwc', 2), row('M2', 'simd prepacked nhwc', 'nhwc', 2),
    row('M2', 'tfjs-wasm', 'nhwc', 2, 'tfjs-wasm'), row('M2', 'ort-web', 'nchw', 8, 'ort-web'),
    row('M2', 'relaxed-simd preallocated', 'nchw', 0.1), // another build: not in simd's table
  ];
  const s = mobileSummary(rows, 'simd', ['M1', 'M2'], [{ name: 'tfjs-wasm', layout: 'nhwc' }, { name: 'ort-web', layout: 'nchw' }]);

  it('one line per layer and layout, each peer over simdconv in the layout it was given', () => {
    expect(s.lines.map((l) => `${l.shape} ${l.layout} ${l.peer?.backend}`)).toEqual(['M1 nchw ort-web', 'M1 nhwc tfjs-wasm', 'M2 nchw ort-web', 'M2 nhwc tfjs-wasm']);
    expect(s.lines.map((l) => [l.ratioPreallocated, l.ratioFresh])).toEqual([[3, 1.5], [2, 1], [2, 2], [1, 1]]);
  });

  it('geometric means and the lowest ratio per peer; the fastest peer per layer', () => {
    const ort = s.peers.find((p) => p.peer === 'ort-web')!;
    expect(ort.geomeanPreallocated).toBeCloseTo(Math.sqrt(6), 12);
    expect(ort.geomeanFresh).toBeCloseTo(Math.sqrt(3), 12);
    expect(ort.lowest).toEqual({ shape: 'M2', ratio: 2 });
    // M1: tfjs-wasm (1 ms) is faster than ort-web (3 ms): its ratio, 2, is the layer's.
    expect(s.bestPeer).toEqual([{ shape: 'M1', peer: 'tfjs-wasm', ratio: 2 }, { shape: 'M2', peer: 'tfjs-wasm', ratio: 1 }]);
    expect(mobileNotes(s)).toContain('lowest 1.00 (M2, tfjs-wasm); layers below 1.2: M2 1.00 (tfjs-wasm)');
  });

  it('prints medians with quartiles, three figures below 10 ms, and a geometric-mean row per peer', () => {
    expect([0.01234, 0.5, 3.14159, 12.34, 123.4].map(fineMs)).toEqual(['0.0123', '0.500', '3.14', '12.3', '123']);
    const lines = formatMobileTable(s).split('\n');
    expect(lines[0]).toContain('simd preallocated ms (p25–p75)');
    expect(lines).toHaveLength(2 + 4 + 2);
    const cells = (line: string) => line.split('|').slice(1, -1).map((c) => c.trim());
    expect(cells(lines[2]!)).toEqual(['M1', 'layer M1', 'NCHW', '1.00 (0.900–1.10)', '2.00 (1.80–2.20)', 'ort-web', '3.00 (2.70–3.30)', '3.00', '1.50']);
    expect(cells(lines[3]!).slice(0, 3)).toEqual(['', '', 'NHWC']);
    expect(cells(lines[6]!)).toEqual(['', '**geometric mean**', 'NHWC', '', '', 'tfjs-wasm', '', '1.41', '1.00']);
  });
});

describe('bench/peers/ort-web.ts: no preallocated output', () => {
  it("ONNX Runtime Web leaves an output tensor given to session.run unwritten (the mobile table's note says so)", async () => {
    await createPeer('ort-web'); // initialises ORT at one thread
    const x = { data: Float32Array.from({ length: 16 }, (_, i) => i + 1), shape: [1, 1, 4, 4] };
    const session = await createConvSession(convCase(x, { data: new Float32Array([2]), shape: [1, 1, 1, 1] }, {}));
    try {
      const ort = await import('onnxruntime-web');
      const y = new ort.Tensor('float32', new Float32Array(16), [1, 1, 4, 4]);
      const fresh = await session.run({ [CONV_MODEL_NAMES.input]: new ort.Tensor('float32', x.data, [1, 1, 4, 4]) });
      expect(Array.from(fresh[CONV_MODEL_NAMES.output]!.data as Float32Array).slice(0, 3)).toEqual([2, 4, 6]);
      const given = await session.run({ [CONV_MODEL_NAMES.input]: new ort.Tensor('float32', x.data, [1, 1, 4, 4]) }, { [CONV_MODEL_NAMES.output]: y });
      expect(given[CONV_MODEL_NAMES.output]).toBe(y);
      // If a later version fills it, time ort-web into a preallocated output (bench/contenders.ts).
      expect(Array.from(y.data as Float32Array)).toEqual(new Array(16).fill(0));
    } finally {
      await session.release();
    }
  });
});

describe('bench/run.ts: a tiny --suite mobile run', () => {
  it('times two mobile layers into preallocated and fresh outputs in both layouts against tfjs-wasm and ort-web, each output checked', async () => {
    const cases = MOBILE_SUITE.filter((c) => c.id === 'M5' || c.id === 'M10');
    const settings: BenchSettings = { ...quickSettings(cases, ['simd']), suite: 'mobile', peers: ['tfjs-wasm', 'ort-web'], prepacked: true, rounds: 1, time: 1 };
    const report = await runBenchmark(settings, () => {});
    const names = ['simd preallocated', 'simd prepacked', 'simd preallocated nhwc', 'simd prepacked nhwc', 'tfjs-wasm', 'ort-web'];
    expect(report.rows.map((r) => r.backend)).toEqual([...names, ...names]);
    expect(report.settings.suite).toBe('mobile');
    for (const r of report.rows) {
      expect(r.worstErrorRatio, `${r.shape} ${r.backend}`).toBeLessThan(1);
      expect(r.emulation, `${r.shape} ${r.backend}`).toBeUndefined(); // M5's strides (2, 1): explicit pads in tfjs, fused
    }
    const s = mobileSummary(report.rows, 'simd', report.settings.shapes, report.peers);
    expect(s.lines.map((l) => `${l.shape} ${l.layout}`)).toEqual(['M5 nchw', 'M5 nhwc', 'M10 nchw', 'M10 nhwc']);
    for (const l of s.lines) expect(l.ratioPreallocated! * l.ratioFresh!).toBeGreaterThan(0);
    const text = formatReport(report);
    expect(text).toContain('## simdconv conv2d benchmark: the mobile suite');
    expect(text).toContain('### The mobile suite: simdconv (simd) and the peers');
    expect(text).not.toContain('### simdconv (simd) and the peers');
  }, 60_000);
});

describe('bench/peers/onnx-model.ts: a QLinearConv model', () => {
  it('names the op and its nine inputs in ONNX order, typed initializers, scalars without dims', () => {
    const bytes = qlinearConvModel({
      inputShape: [1, 2, 4, 4],
      inputType: 'uint8',
      inputScale: 0.02,
      inputZeroPoint: 128,
      filter: { data: new Int8Array(3 * 2 * 3 * 3), shape: [3, 2, 3, 3] },
      filterScale: Float32Array.of(0.01, 0.02, 0.03),
      outputScale: 0.05,
      outputZeroPoint: 120,
      bias: Int32Array.of(1, -2, 3),
      padding: [1, 1, 1, 1],
      strides: [1, 1],
      dilations: [1, 1],
      groups: 1,
      outputShape: [1, 3, 4, 4],
    });
    const text = new TextDecoder('latin1').decode(bytes);
    const n = QLINEAR_CONV_MODEL_NAMES;
    const order = [n.input, n.inputScale, n.inputZeroPoint, n.weight, n.weightScale, n.weightZeroPoint, n.outputScale, n.outputZeroPoint, n.bias];
    expect(order).toEqual(['x', 'x_scale', 'x_zero_point', 'w', 'w_scale', 'w_zero_point', 'y_scale', 'y_zero_point', 'B']);
    for (const word of ['QLinearConv', 'kernel_shape', 'pads', 'strides', 'dilations', 'group', ...order]) expect(text).toContain(word);
    // A scalar initializer: no dims field, data type then name then 4 raw bytes (x_scale, FLOAT).
    expect(Array.from(tensorProto('s', [], Float32Array.of(1)).finish())).toEqual([0x10, DATA_TYPE.FLOAT, 0x42, 1, 0x73, 0x4a, 4, 0, 0, 0x80, 0x3f]);
    expect(Array.from(tensorProto('b', [2], Int32Array.of(-1, 2)).finish())).toEqual([0x08, 2, 0x10, DATA_TYPE.INT32, 0x42, 1, 0x62, 0x4a, 8, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0]);
    expect(Array.from(tensorProto('z', [1], Int8Array.of(-3)).finish())).toEqual([0x08, 1, 0x10, DATA_TYPE.INT8, 0x42, 1, 0x7a, 0x4a, 1, 0xfd]);
    expect(() => tensorProto('bad', [3], new Uint8Array(2))).toThrow(/hold 3 values, got 2/);
  });

  /** Small QLinearConv cases: what the model and the peer translate (padding, strides, dilations, groups, scales, bias). */
  const QCASES: { name: string; input: [number, number, number, number]; filter: [number, number, number, number]; options: { padding: [number, number, number, number]; strides: [number, number]; dilations: [number, number]; groups: number }; perChannel: boolean; bias: boolean }[] = [
    { name: 'dense 3×3, uneven padding, stride (2, 1), per-channel scales, bias', input: [1, 5, 9, 8], filter: [4, 5, 3, 3], options: { padding: [1, 0, 2, 1], strides: [2, 1], dilations: [1, 1], groups: 1 }, perChannel: true, bias: true },
    { name: 'grouped g2, dilation 2, one scale, no bias', input: [2, 4, 9, 9], filter: [6, 2, 3, 3], options: { padding: [2, 2, 2, 2], strides: [1, 1], dilations: [2, 2], groups: 2 }, perChannel: false, bias: false },
    { name: 'depthwise 3×3 p1, per-channel scales, bias', input: [1, 6, 7, 7], filter: [6, 1, 3, 3], options: { padding: [1, 1, 1, 1], strides: [1, 1], dilations: [1, 1], groups: 6 }, perChannel: true, bias: true },
    { name: '1×1, per-channel scales, bias', input: [1, 7, 5, 6], filter: [9, 7, 1, 1], options: { padding: [0, 0, 0, 0], strides: [1, 1], dilations: [1, 1], groups: 1 }, perChannel: true, bias: true },
  ];

  it(`ONNX Runtime's QLinearConv equals reference.qlinearConv2d bit for bit: ${QCASES.length} small cases, uint8 and int8 activations`, async () => {
    const rand = rng(0x1a7e);
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    for (const qc of QCASES) {
      const [cout] = qc.filter;
      const count = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
      const xU8 = Uint8Array.from({ length: count(qc.input) }, () => int(0, 255));
      const w = Int8Array.from({ length: count(qc.filter) }, () => int(-127, 127));
      const filterScale = qc.perChannel ? Float32Array.from({ length: cout }, () => 0.002 + rand() * 0.01) : 0.006;
      const bias = qc.bias ? Int32Array.from({ length: cout }, () => int(-3000, 3000)) : undefined;
      const u8 = { inputScale: 0.02, inputZeroPoint: int(100, 140), filterScale, outputScale: 0.04, outputZeroPoint: int(100, 140), ...(bias === undefined ? {} : { bias }) };
      for (const act of ['uint8', 'int8'] as const) {
        const x = act === 'uint8' ? xU8 : Int8Array.from(xU8, (v) => v - 128);
        const shift = act === 'uint8' ? 0 : 128;
        const options = { ...qc.options, ...u8, inputZeroPoint: u8.inputZeroPoint - shift, outputZeroPoint: u8.outputZeroPoint - shift };
        const want = reference.qlinearConv2d({ data: x, shape: qc.input }, { data: w, shape: qc.filter }, options);
        expect(new Set(want.data).size, `${qc.name}: outputs spread`).toBeGreaterThan(20);
        const session = await createOrtQLinearConv({
          inputShape: qc.input, inputType: act, filter: { data: w, shape: qc.filter }, outputShape: want.shape,
          ...qc.options, ...options,
        });
        try {
          for (let call = 0; call < 2; call++) {
            const got = await session.run(x);
            expect(got.constructor).toBe(want.data.constructor);
            checkExact(`${qc.name}, ${act}, call ${call + 1}`, got, want); // throws with the first differing index
          }
        } finally {
          await session.dispose();
        }
      }
    }
  });
});

describe('bench/int8-suite.ts: the int8 suite', () => {
  it('has Q1–Q5 with the brief\'s shapes', () => {
    expect(INT8_SUITE.map((c) => `${c.id} ${c.inputShape.join('×')} ${c.filterShape.join('×')} p${c.padding} s${c.strides} g${c.groups}`)).toEqual([
      'Q1 1×64×56×56 64×64×3×3 p1 s1 g1',
      'Q2 1×256×14×14 256×256×3×3 p1 s1 g1',
      'Q3 1×24×56×56 144×24×1×1 p0 s1 g1',
      'Q4 1×144×56×56 144×1×3×3 p1 s1 g144',
      'Q5 1×3×224×224 64×3×7×7 p3 s2 g1',
    ]);
  });

  it('checkExact counts the differences and names the first with its coordinates', () => {
    const want = { data: Uint8Array.of(1, 2, 3, 4, 5, 6), shape: [1, 1, 2, 3] };
    expect(() => checkExact('ok', Uint8Array.of(1, 2, 3, 4, 5, 6), want)).not.toThrow();
    expect(() => checkExact('bad', Uint8Array.of(1, 2, 3, 9, 5, 7), want)).toThrow('bad: 2 of 6 outputs differ from reference.qlinearConv2d; the first at index 3 ([0, 0, 1, 0] of [1, 1, 2, 3]): got 9, the reference 4');
    expect(() => checkExact('type', Int8Array.of(1, 2, 3, 4, 5, 6), want)).toThrow(/Int8Array, the reference's a Uint8Array/);
  });

  it('makes seeded data whose outputs spread over the type, int8 = uint8 − 128', () => {
    const tiny = { id: 'Q9', name: 'tiny', inputShape: [1, 6, 10, 10], filterShape: [8, 6, 3, 3], padding: 1, strides: 1, groups: 1 } as const;
    const d = makeInt8Case(tiny);
    expect(d.xU8.data).toBeInstanceOf(Uint8Array);
    expect(d.xI8.data).toBeInstanceOf(Int8Array);
    expect(d.optionsI8.inputZeroPoint).toBe(d.optionsU8.inputZeroPoint! - 128);
    expect(d.optionsU8.inputZeroPoint).toBeGreaterThan(100);
    expect(d.optionsU8.inputZeroPoint).toBeLessThan(140);
    expect(d.optionsU8.filterScale).toBeInstanceOf(Float32Array);
    expect(new Set(d.expectedU8.data).size).toBeGreaterThan(100);
    expect(Array.from(d.expectedI8.data)).toEqual(Array.from(d.expectedU8.data, (v) => v - 128));
    expect(makeInt8Case(tiny).expectedU8.data).toEqual(d.expectedU8.data); // seeded
  });

  it('a tiny run: simdconv int8 (u8, i8) and float, ORT u8 and i8, at 1 thread here and 2 in a child, every output checked', async () => {
    const settings: Int8Settings = { cases: INT8_SUITE.filter((c) => c.id === 'Q4'), builds: ['simd'], ort: true, threads: [1, 2], rounds: 1, time: 1, quick: true };
    const passes = await runInt8(settings);
    const labels = ['simdconv simd int8 u8', 'simdconv simd int8 i8', 'simdconv simd float', 'ort QLinearConv u8', 'ort QLinearConv i8'];
    expect(passes.map((p) => p.rows.map((r) => r.label))).toEqual([labels, labels.map((l) => `${l} 2T`)]);
    for (const p of passes) {
      expect(p.exactOutputs).toBe(4 * 144 * 56 * 56);
      for (const r of p.rows) expect(r.medianMs, r.label).toBeGreaterThan(0);
    }
    const text = formatInt8Report(settings, passes);
    expect(text).toContain('## simdconv int8 (QLinearConv) benchmark');
    expect(text).toContain('0 differed');
    expect(text).toMatch(/\| Q4 \| depthwise .* \| 2 \| ort QLinearConv u8 2T +\| .* \| +1\.00 \|/);
  }, 120_000);
});
