import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The sources' import graph, read from the text: every `import … from './x.js'` and
// `export … from './x.js'` of src/**/*.ts, type-only ones included. A type-only import is
// erased from the JavaScript, but it still ties the two files together for a reader and for
// the compiler, and a cycle of types is a sign the shared piece wants its own file (as
// ConvPlan did between conv-plan.ts and winograd-plan.ts).

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `engine/conv-plan.ts` → the files it imports, as paths relative to src. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const from = relative(SRC, file).split('\\').join('/');
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'(\.{1,2}\/[^']+)\.js'/gms)].map((m) =>
      posix.normalize(posix.join(posix.dirname(from), `${m[1]}.ts`)),
    );
    graph.set(from, [...new Set(targets)]);
  }
  return graph;
}

/** A node's group: its folder under src (`engine`), or the file itself for src's own files. */
function folderOf(file: string): string {
  return file.includes('/') ? file.slice(0, file.indexOf('/')) : file;
}

/** The edges between groups, without self-loops. */
function folderGraph(graph: Map<string, string[]>): Map<string, string[]> {
  const folders = new Map<string, Set<string>>();
  for (const [from, targets] of graph) {
    const set = folders.get(folderOf(from)) ?? new Set<string>();
    for (const to of targets) if (folderOf(to) !== folderOf(from)) set.add(folderOf(to));
    folders.set(folderOf(from), set);
  }
  return new Map([...folders].map(([folder, set]) => [folder, [...set]]));
}

/** Every cycle found by a depth-first search, each spelled `a → b → a`. */
function findCycles(graph: Map<string, string[]>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].join(' → '));
      else if (state.get(next) === undefined) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (state.get(node) === undefined) visit(node);
  return cycles;
}

describe('import graph of src', () => {
  const graph = importGraph();

  it('reads the imports (the parser sees the files and their edges)', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('engine/conv-layer.ts')).toContain('engine/conv-plan.ts');
    expect(graph.get('index.ts')).toContain('engine/top-level.ts');
    // Every import resolves to a source file.
    const missing = [...graph].flatMap(([from, targets]) => targets.filter((to) => !graph.has(to)).map((to) => `${from} → ${to}`));
    expect(missing).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const looped = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]);
    expect(findCycles(looped)).toEqual(['a.ts → b.ts → c.ts → a.ts']);
  });

  it('has no cycle between files', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it('has no cycle between the folders of src', () => {
    expect(findCycles(folderGraph(graph))).toEqual([]);
  });

  // The layers, bottom up: options resolves what the user passed (padding and output sizes
  // included); shape's public helpers validate through options; engine runs what options resolved.
  it.each([
    ['options', ['shape', 'engine', 'reference', 'wasm', 'kernels', 'layout']],
    ['shape', ['engine', 'reference', 'wasm', 'kernels', 'layout']],
  ])('src/%s imports nothing from %j', (folder, forbidden) => {
    const edges = [...graph]
      .filter(([from]) => folderOf(from) === folder)
      .flatMap(([from, targets]) => targets.filter((to) => forbidden.includes(folderOf(to))).map((to) => `${from} → ${to}`));
    expect(edges).toEqual([]);
  });
});
