/**
 * The benchmark's own pieces that can be tested without timing anything: the SVG chart and the
 * output check. Fast: no benchmark runs here.
 */
import { describe, expect, it } from 'vitest';
import { checkOutput, describeFailure, expectedOutput } from '../bench/check.js';
import { barChartSvg, escapeXml, formatGflops, type ChartRow } from '../bench/svg.js';
import { reference } from '../src/index.js';
import { randomTensor, rng } from './helpers/random.js';

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
