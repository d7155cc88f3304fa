// Citations must lead somewhere. Comments, tests and docs cite the design by file and heading
// (`docs/architecture.md#tolerance`); a file renamed or a heading reworded would leave them
// pointing at nothing. This scans the repository's own text files and checks every cited
// Markdown file and anchor, every relative link of the Markdown files, and every source path
// the docs name.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the project's own text lives (README.md besides). */
const SCANNED = ['src', 'assembly', 'test', 'bench', 'scripts', 'demo', 'examples', 'docs'];
/** Installed or generated, not written by us. */
const SKIPPED_NAMES = new Set(['node_modules', 'dist']);
const SKIPPED_PATHS = new Set(['bench/results', 'test/artifacts']);
const TEXT_FILE = /\.(ts|mts|cts|js|mjs|cjs|md|html|css|json)$/;

function textFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = `${dir}/${name}`;
    if (SKIPPED_NAMES.has(name) || SKIPPED_PATHS.has(path)) continue;
    if (statSync(join(ROOT, path)).isDirectory()) files.push(...textFiles(path));
    else if (TEXT_FILE.test(name)) files.push(path);
  }
  return files;
}

const FILES = ['README.md', ...SCANNED.filter((dir) => existsSync(join(ROOT, dir))).flatMap(textFiles)];
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a Markdown file's headings (outside code fences), repeats numbered as GitHub does. */
function anchorsOf(path: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of read(path).split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

interface Citation {
  /** The file that cites, and the line. */
  readonly from: string;
  readonly line: number;
  /** As written, and the repository path it resolves to (undefined: it resolves to no file). */
  readonly text: string;
  readonly target: string | undefined;
  readonly anchor: string | undefined;
}

/**
 * A cited path resolved to a repository file: relative to the citing file's folder for a
 * Markdown link or a `./`/`../` path, else relative to the repository root (how comments write
 * them), falling back to the citing file's folder.
 */
function resolveTarget(from: string, path: string, relativeOnly: boolean): string | undefined {
  const candidates = relativeOnly || path.startsWith('.') ? [join(dirname(from), path)] : [path, join(dirname(from), path)];
  const found = candidates.map((c) => relative(ROOT, join(ROOT, c))).find((c) => !c.startsWith('..') && existsSync(join(ROOT, c)));
  return found?.split('\\').join('/');
}

/**
 * A Markdown path with its folder (docs/<file>.md, ../README.md), or README.md, with an optional
 * #anchor, anywhere in a file but inside a URL. A bare other name is an example, not a
 * citation (bench/run.ts writes its tables to one).
 */
const MD_REFERENCE = /(?<![\w@/.:-])((?:\.{1,2}\/)*(?:[\w.-]+\/)*[\w.-]+\.md)(?:#([\w-]+))?/g;
/** A Markdown link's target. */
const MD_LINK = /\]\(([^)\s]+)\)/g;
/** A repository source path named in the docs. */
const SOURCE_PATH = /(?<![\w./-])((?:src|assembly|test|bench|scripts|demo|examples|docs)\/[\w./-]*?\.(?:ts|mts|mjs|cjs|js|json|html|css|md))(?![\w/-])/g;

function citationsIn(from: string): { references: Citation[]; links: Citation[]; sources: Citation[] } {
  const references: Citation[] = [];
  const links: Citation[] = [];
  const sources: Citation[] = [];
  const markdown = from.endsWith('.md');
  read(from)
    .split('\n')
    .forEach((text, index) => {
      const line = index + 1;
      for (const m of text.matchAll(MD_REFERENCE)) {
        if (!m[1]!.includes('/') && m[1] !== 'README.md') continue;
        references.push({ from, line, text: m[0], target: resolveTarget(from, m[1]!, false), anchor: m[2] });
      }
      if (!markdown) return;
      for (const m of text.matchAll(MD_LINK)) {
        const href = m[1]!;
        if (/^[a-z][a-z+.-]*:/i.test(href)) continue; // https:, mailto:
        const [path, anchor] = href.split('#') as [string, string | undefined];
        links.push({ from, line, text: href, target: path === '' ? from : resolveTarget(from, path, true), anchor });
      }
      for (const m of text.matchAll(SOURCE_PATH)) {
        sources.push({ from, line, text: m[1]!, target: resolveTarget(from, m[1]!, false), anchor: undefined });
      }
    });
  return { references, links, sources };
}

const ALL = FILES.map(citationsIn);
const REFERENCES = ALL.flatMap((c) => c.references);
const LINKS = ALL.flatMap((c) => c.links);
const SOURCES = ALL.flatMap((c) => c.sources);

/** Citations whose file is missing, or whose anchor is no heading of a Markdown file. */
function broken(citations: readonly Citation[]): string[] {
  const anchorCache = new Map<string, Set<string>>();
  const anchors = (path: string) => anchorCache.get(path) ?? anchorCache.set(path, anchorsOf(path)).get(path)!;
  return citations
    .filter(({ target, anchor }) => target === undefined || (anchor !== undefined && target.endsWith('.md') && !anchors(target).has(anchor)))
    .map(({ from, line, text, target }) => `${from}:${line}: ${text}${target === undefined ? ' (no such file)' : ' (no such heading)'}`);
}

describe('citations in the repository', () => {
  it('finds the files it scans and the citations it checks', () => {
    expect(FILES).toContain('docs/architecture.md');
    expect(FILES).toContain('test/helpers/tolerance.ts');
    expect(REFERENCES.filter((c) => c.text === 'docs/architecture.md#tolerance').length).toBeGreaterThan(10);
    expect(LINKS.length).toBeGreaterThan(10);
    expect(SOURCES.length).toBeGreaterThan(50);
  });

  it('every cited .md file exists, and every cited #anchor is one of its headings', () => {
    expect(broken(REFERENCES)).toEqual([]);
  });

  it('every relative link of a Markdown file leads to a file and heading that exist', () => {
    expect(broken(LINKS)).toEqual([]);
  });

  it('every source path the docs and the README name exists', () => {
    const generated = (path: string) => [...SKIPPED_PATHS].some((skipped) => path.startsWith(`${skipped}/`));
    const named = SOURCES.filter((c) => (c.from === 'README.md' || c.from.startsWith('docs/')) && !generated(c.text));
    expect(broken(named)).toEqual([]);
  });

  it('nothing cites the founding note by its file name, which is not in the repository', () => {
    const founding = new RegExp(['DESIGN', 'md'].join('\\.'));
    const citing = FILES.filter((path) => founding.test(read(path)));
    expect(citing).toEqual([]);
  });

  it('the README links the architecture notes from its Development section', () => {
    const readme = read('README.md');
    const development = readme.slice(readme.indexOf('## Development'));
    expect(development).toContain('(docs/architecture.md)');
  });
});

describe('the anchor rule', () => {
  it('matches GitHub: lower case, punctuation and backticks dropped, spaces as hyphens', () => {
    expect(slug("Winograd's error bounds")).toBe('winograds-error-bounds');
    expect(slug('`conv2d(input, filter, options?)`')).toBe('conv2dinput-filter-options');
    expect(slug('nchw-direct: dense and grouped NCHW')).toBe('nchw-direct-dense-and-grouped-nchw');
  });
});
