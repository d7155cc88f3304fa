// Every invalid call of the catalogue (test/helpers/error-catalogue.ts), on every backend: it
// throws at once (createEngine and ready: they reject), with the listed class and message;
// the engine's wasm memory is untouched; and the very next valid call on the same engine (the
// same layer, the same tensor) gives the reference's result. Then docs/errors.md
// is checked against the catalogue, so the two cannot drift apart.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getEngine, ready, type Backend, type Tensor } from '../src/index.js';
import { memoryStatsOf, type Engine } from '../src/engine/engine.js';
import { wasmEngines } from './helpers/engines.js';
import { CATALOGUE, MEMORY_LIMIT, type CatalogueEntry, type Expected, type Outcome } from './helpers/error-catalogue.js';
import { expectWithinTolerance } from './helpers/tolerance.js';

// The wasm builds this process runs (relaxed-simd is required by vitest.config.ts), then js.
const BACKENDS: readonly Backend[] = [...wasmEngines().map((e) => e.backend), 'js'];

/** What a failed call must leave as it was: the memory and the bytes in use. */
function memoryOf(engine: Engine) {
  const stats = memoryStatsOf(engine);
  return { memoryBytes: engine.memoryBytes, statsMemoryBytes: stats?.memoryBytes, liveBytes: stats?.liveBytes };
}

function messageOn(entry: CatalogueEntry, backend: Backend): Expected {
  return typeof entry.message === 'function' ? entry.message(backend) : entry.message;
}

function expectError(error: unknown, entry: CatalogueEntry, backend: Backend): void {
  expect(error, 'the call must fail').toBeInstanceOf(Error);
  // The exact class: a RangeError is an Error too, so toBeInstanceOf alone would not tell them apart.
  expect((error as Error).constructor).toBe(entry.error);
  const expected = messageOn(entry, backend);
  if (typeof expected === 'string') expect((error as Error).message).toBe(expected);
  else expect((error as Error).message).toMatch(expected);
}

function expectOutcome({ actual, expected, magnitude }: Outcome): void {
  if (magnitude === undefined) expect(actual).toEqual(expected);
  else expectWithinTolerance(actual as Tensor, expected as Tensor, magnitude);
}

describe.each(BACKENDS)('%s', (backend) => {
  // One engine per backend, the default one, so the top-level functions run on it too; every
  // entry reads getEngine() afresh, since ready()'s valid calls replace it with a like engine.
  beforeAll(async () => {
    await ready({ backend, maxMemoryBytes: MEMORY_LIMIT });
  });

  const cases = CATALOGUE.filter((entry) => entry.backends === undefined || entry.backends.includes(backend));
  it.each(cases.map((entry) => [`${entry.fn}: ${entry.mistake}`, entry] as const))('%s', async (_, entry) => {
    const engine = getEngine();
    expect(engine.backend).toBe(backend);
    const prepared = entry.prepare(engine);
    try {
      const before = memoryOf(engine);
      if (entry.async) {
        let pending: unknown;
        expect(() => (pending = prepared.invalid()), 'an async function rejects rather than throws').not.toThrow();
        expect(pending).toBeInstanceOf(Promise);
        expectError(await (pending as Promise<unknown>).then(() => undefined, (error: unknown) => error), entry, backend);
        expect(getEngine(), 'a rejected ready() keeps the default engine').toBe(engine);
      } else {
        let error: unknown;
        let result: unknown;
        try {
          result = prepared.invalid();
        } catch (thrown) {
          error = thrown;
        }
        expect(result, 'no promise: the error is synchronous').toBeUndefined();
        expectError(error, entry, backend);
      }
      expect(memoryOf(engine), 'the failed call touched no wasm memory').toEqual(before);
      expectOutcome(await prepared.next());
    } finally {
      prepared.dispose();
    }
  });
});

describe('the catalogue', () => {
  it('has entries for every public function that validates its arguments', () => {
    const functions = new Set(CATALOGUE.map((entry) => entry.fn));
    // prettier-ignore
    const required = [
      'conv2d', 'conv1d', 'maxPool2d', 'avgPool2d', 'convTranspose2d', 'convTranspose1d', 'engine.convTranspose2d', 'engine.createConvTranspose2d', 'reference.convTranspose2d',
      'engine.conv2d', 'engine.conv1d', 'engine.maxPool2d', 'engine.avgPool2d',
      'engine.createConv2d', 'engine.createConv1d', 'engine.createMaxPool2d', 'engine.createAvgPool2d', 'engine.tensor',
      'layer.run', 'layer.outputShape', 'EngineTensor.read', 'EngineTensor.write', 'EngineTensor.data',
      'createEngine', 'createEngineSync', 'ready', 'tensor',
      'convOutputSize', 'conv2dOutputShape', 'resolvePadding', 'receptiveField', 'conv2dFlops', 'conv2dParameterCount',
      'poolOutputSize', 'pool2dOutputShape', 'im2col', 'col2im', 'nchwToNhwc', 'nhwcToNchw', 'convertFilterLayout',
      'kernels.boxBlur', 'kernels.gaussian', 'edgeMagnitude', 'fromImage', 'toImage',
      'reference.conv2d', 'reference.conv1d', 'reference.maxPool2d', 'reference.avgPool2d',
      'qlinearConv2d', 'qlinearConv1d', 'convInteger2d', 'convInteger1d', 'engine.qlinearConv2d', 'engine.qlinearConv1d', 'engine.convInteger2d', 'engine.convInteger1d',
      'reference.qlinearConv2d', 'reference.qlinearConv1d', 'reference.convInteger2d', 'reference.convInteger1d',
      'engine.createQLinearConv2d', 'engine.createQLinearConv1d', 'engine.createConvInteger2d', 'engine.createConvInteger1d', 'layer.runAsync',
      'quantizeLinear', 'dequantizeLinear', 'quantizationParams',
    ];
    expect(required.filter((fn) => !functions.has(fn))).toEqual([]);
    // One mistake, one entry: a duplicate name would hide which of the two failed.
    const names = CATALOGUE.map((entry) => `${entry.fn}: ${entry.mistake}`);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// docs/errors.md ↔ catalogue

/** docs/errors.md, the user-facing list of every error (the README links to it). */
function errorsSection(): string {
  return readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
}

/** The code spans of a line of Markdown, delimited by equal runs of backticks (`a` or ``a `b` c``). */
function codeSpans(line: string): string[] {
  const spans: string[] = [];
  let i = 0;
  while (i < line.length) {
    const open = /`+/.exec(line.slice(i));
    if (open === null) break;
    const from = i + open.index + open[0].length;
    const close = line.indexOf(open[0], from);
    if (close < 0) break;
    const text = line.slice(from, close);
    spans.push(text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '' ? text.slice(1, -1) : text);
    i = close + open[0].length;
  }
  return spans;
}

/** The messages quoted in the last column of the section's tables (header rows excluded). */
function quotedMessages(section: string): string[] {
  const rows = section.split('\n').filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line));
  const messages: string[] = [];
  for (const row of rows) {
    const cells = row.split(/(?<!\\)\|/).slice(1, -1);
    const last = cells[cells.length - 1] ?? '';
    if (/^\s*message\s*$/i.test(last)) continue;
    messages.push(...codeSpans(last));
  }
  return messages;
}

/** A quote matches a listed message when equal, `…` standing for any elided text. */
function quoteMatches(quote: string, expected: Expected): boolean {
  if (typeof expected !== 'string') return expected.test(quote);
  const pattern = quote.split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*');
  return new RegExp(`^${pattern}$`).test(expected);
}

describe('docs/errors.md', () => {
  const section = errorsSection();

  it('quotes only messages the catalogue produces', () => {
    const listed = CATALOGUE.flatMap((entry) => (['relaxed-simd', 'simd', 'scalar', 'js'] as const).map((backend) => messageOn(entry, backend)));
    const quotes = quotedMessages(section);
    expect(quotes.length).toBeGreaterThan(40);
    expect(quotes.filter((quote) => !listed.some((expected) => quoteMatches(quote, expected)))).toEqual([]);
  });

  it('names every function of the catalogue in its headings', () => {
    const named = new Set(
      section
        .split('\n')
        .filter((line) => line.startsWith('### '))
        .flatMap(codeSpans)
        .map((span) => span.replace(/\(.*$/, '')),
    );
    expect([...new Set(CATALOGUE.map((entry) => entry.fn))].filter((fn) => !named.has(fn))).toEqual([]);
  });
});
