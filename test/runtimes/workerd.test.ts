// The installed tarball in workerd, the Cloudflare Workers runtime. A worker does
// `import … from 'simdconv'`; the test resolves that name under the `workerd` export condition as
// Workers bundlers do, and lists the package's files as the worker's modules in a Cap'n Proto
// config: its JS as ES modules and its .wasm files as Wasm modules, which workerd compiles ahead
// and hands to `import m from './wasm/….wasm'` as WebAssembly.Modules. Module names are paths
// ("node_modules/simdconv/dist/workerd.js"), and workerd resolves relative imports between them
// as paths, so the package's own `./simdconv-<hash>.js` and `./wasm/…` imports work unchanged.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKED, describeRun, removeDir, removePacked, userEnv } from '../package/packed.js';
import { consumerWith, runWith, runtimeBinary, runtimeVersion, type ConvReport } from './runtimes.js';

let workerd: string;
let consumer: string;
let version: string;
let entry: string;
const running: ChildProcess[] = [];

beforeAll(async () => {
  workerd = runtimeBinary('workerd');
  consumer = await consumerWith('workerd', ['worker.js']);
  version = await runtimeVersion(workerd, consumer);
  console.log(`workerd: ${version}`);
  // Which file `import 'simdconv'` means under the `workerd` condition, by Node's resolver of the
  // package's "exports" (wrangler's esbuild applies the same condition).
  const script = "process.stdout.write(import.meta.resolve('simdconv'))";
  const resolved = await runWith(process.execPath, ['--conditions=workerd', '--input-type=module', '-e', script], { cwd: consumer });
  if (resolved.code !== 0) throw new Error(describeRun('node --conditions=workerd (resolving simdconv)', resolved));
  entry = fileURLToPath(resolved.stdout.trim());
}, 60_000);

afterAll(async () => {
  // Always stop every workerd started here, even when a test failed half-way.
  await Promise.all(running.map(stop));
  await removeDir(consumer);
  await removePacked();
});

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

interface Module {
  name: string;
  type: 'esModule' | 'wasm';
  file: string;
}

/** The worker's modules: worker.js first (the main module), `simdconv` naming the resolved entry, then the package's files. */
async function workerModules(): Promise<Module[]> {
  const dist = dirname(entry);
  const name = (file: string): string => relative(consumer, file).split('\\').join('/');
  const js = (await readdir(dist)).filter((f) => f.endsWith('.js')).sort();
  const wasm = (await readdir(join(dist, 'wasm'))).filter((f) => f.endsWith('.wasm')).sort();
  // A bare specifier is looked up as a module name: this one-line module plays the part of the
  // bundler's resolution and re-exports the entry the condition chose.
  await writeFile(join(consumer, 'simdconv-entry.js'), `export * from './${name(entry)}';\n`);
  return [
    { name: 'worker.js', type: 'esModule', file: 'worker.js' },
    { name: 'simdconv', type: 'esModule', file: 'simdconv-entry.js' },
    ...js.map((f): Module => ({ name: name(join(dist, f)), type: 'esModule', file: name(join(dist, f)) })),
    ...wasm.map((f): Module => ({ name: name(join(dist, 'wasm', f)), type: 'wasm', file: name(join(dist, 'wasm', f)) })),
  ];
}

/** A config serving the worker on 127.0.0.1 at a port of the OS's choosing. `embed` paths are relative to the config file. */
function capnpConfig(modules: readonly Module[], compatibilityDate: string, flags: readonly string[]): string {
  const q = (s: string): string => JSON.stringify(s);
  return [
    'using Workerd = import "/workerd/workerd.capnp";',
    '',
    'const config :Workerd.Config = (',
    '  services = [ (name = "main", worker = .worker) ],',
    '  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],',
    ');',
    '',
    'const worker :Workerd.Worker = (',
    '  modules = [',
    ...modules.map((m) => `    (name = ${q(m.name)}, ${m.type} = embed ${q(m.file)}),`),
    '  ],',
    `  compatibilityDate = ${q(compatibilityDate)},`,
    `  compatibilityFlags = [${flags.map(q).join(', ')}],`,
    ');',
    '',
  ].join('\n');
}

/** Starts `workerd serve` and resolves to its port, which it reports on the control descriptor (fd 3) once listening. */
function startWorkerd(config: string): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const args = ['serve', config, '--control-fd=3'];
  const child = spawn(workerd, args, { cwd: consumer, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const output = (): string => `workerd ${args.join(' ')}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`workerd did not report a listening socket within 15 s\n${output()}`)), 15_000);
    let control = '';
    (child.stdio[3] as Readable).setEncoding('utf8').on('data', (chunk: string) => {
      control += chunk;
      for (const line of control.split('\n')) {
        if (line.trim() === '') continue;
        let message: { event?: string; socket?: string; port?: number };
        try {
          message = JSON.parse(line) as typeof message;
        } catch {
          continue; // a partial line; the rest is still coming
        }
        if (message.event === 'listen' && message.socket === 'http' && typeof message.port === 'number') {
          clearTimeout(timer);
          resolve({ child, port: message.port, output });
        }
      }
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`workerd exited (${signal ?? code}) before listening\n${output()}`));
    });
  });
}

interface Failed {
  error: string;
  stack: string;
}
type Step<T> = T | Failed;
type Engine = ConvReport & { backend: string };

interface WorkerReport {
  importMetaUrl: string | null;
  default: Step<Engine>;
  engines: Step<Engine & { asked: string }>[];
  runtimeCompile: { valid: boolean } & Step<{ compiled: true }>;
  fromBytes: Step<{ backend: string }>;
}

/** POSTs the worked example to the worker and returns its JSON report. */
async function ask(port: number, output: () => string): Promise<WorkerReport> {
  const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: JSON.stringify({ input: WORKED.input, filter: WORKED.filter }) });
  const body = await response.text();
  expect(response.status, `the worker answered ${response.status}: ${body}\n${output()}`).toBe(200);
  return JSON.parse(body) as WorkerReport;
}

/** A step's value, or a failure quoting the worker's stack and import.meta.url (undefined in the legacy registry). */
function ok<T extends object>(step: Step<T>, what: string, report: WorkerReport): T {
  if ('error' in step) expect.fail(`${what} threw in workerd (import.meta.url there: ${report.importMetaUrl ?? 'undefined'}): ${step.stack}`);
  return step as T;
}

function expectWorked(result: ConvReport, where: string): void {
  expect(result.shape, `${where}: output shape`).toEqual(WORKED.expected.shape);
  expect(result.data, `${where}: output values`).toEqual(WORKED.expected.data);
}

// The binary's version is its build date, the newest compatibility date it supports: what a
// new project gets.
const compatibilityDate = (): string => /\d{4}-\d{2}-\d{2}/.exec(version)?.[0] ?? expect.fail(`no date in workerd --version: ${version}`);

describe.each([
  // What a new Worker gets: from 2026-11-17 that is the new module registry, where modules have
  // file:///bundle/… URLs as import.meta.url.
  { registry: 'default registry (new)', flags: [] as string[] },
  // What every Worker with an earlier compatibility date runs (as most deployed ones do): there
  // import.meta.url is undefined.
  { registry: 'legacy registry', flags: ['legacy_module_registry'] },
])('workerd, $registry', ({ flags }) => {
  it('serves a worker running simdconv’s workerd entry on precompiled modules, where compiling at run time is forbidden', async () => {
    expect(relative(consumer, entry), "the package's `workerd` condition").toBe(join('node_modules', 'simdconv', 'dist', 'workerd.js'));
    const modules = await workerModules();
    const configFile = `config${flags.map((f) => `-${f}`).join('')}.capnp`;
    await writeFile(join(consumer, configFile), capnpConfig(modules, compatibilityDate(), flags));
    const { child, port, output } = await startWorkerd(configFile);
    let report: WorkerReport;
    try {
      report = await ask(port, output);
    } finally {
      await stop(child);
    }
    console.log(
      `${version} (compatibility date ${compatibilityDate()}${flags.length > 0 ? `, ${flags.join(', ')}` : ''}; import.meta.url ${report.importMetaUrl ?? 'undefined'}), ` +
        `modules ${modules.map((m) => m.name).join(', ')}: getEngine().backend = ${'error' in report.default ? report.default.error : `'${report.default.backend}'`}`,
    );

    // Compiling from bytes really is forbidden here, although the module is valid.
    expect(report.runtimeCompile.valid).toBe(true);
    expect('error' in report.runtimeCompile ? report.runtimeCompile.error : 'compiled').toBe('CompileError: WebAssembly.Module(): Wasm code generation disallowed by embedder');
    // And simdconv says so, pointing at the way out.
    expect('error' in report.fromBytes ? report.fromBytes.error : `compiled to '${report.fromBytes.backend}'`).toMatch(
      /could not compile it: .*disallowed by embedder\. This runtime forbids compiling WebAssembly at run time \(as Workers-style isolates do\): import the \.wasm as a module and pass the WebAssembly\.Module, or use the package's `workerd` entry\./,
    );

    // Yet every build runs: they came precompiled through the entry's .wasm imports.
    const engines = report.engines.map((e, i) => ok(e, `createEngineSync({ backend: '${['relaxed-simd', 'simd', 'scalar'][i]}' })`, report));
    expect(engines.map((e) => e.backend)).toEqual(['relaxed-simd', 'simd', 'scalar']);
    for (const engine of engines) expectWorked(engine, `createEngineSync({ backend: '${engine.asked}' })`);

    // The top-level conv2d on the default engine, with no ready(): workerd's V8 has relaxed SIMD.
    const dflt = ok(report.default, 'conv2d() on the default engine', report);
    expect(dflt.backend).toBe('relaxed-simd');
    expectWorked(dflt, 'default engine');
  });
});
