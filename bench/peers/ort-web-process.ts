/**
 * ONNX Runtime Web at T threads, run in a child process (./ort-web-child.ts): ORT sets its thread
 * count when its wasm is first initialised and cannot hold a second one in the same process, so
 * a `--threads 1,2` run keeps the one-thread peer in the bench's own process and starts one child
 * per other count. The child is started with this process's Node flags, gets each case's data
 * through a file, and times its calls with the same tinybench block (bench/time-task.ts); the
 * bench asks it for one block at a time, in its turn among the other contenders, so the child's
 * rows are interleaved with the rest round by round.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Conv2dOptions, Tensor } from '../../src/index.js';
import type { Timed, TimingOptions } from '../time-task.js';
import { REPLY_MARK, type ChildRequest } from './ort-web-protocol.js';

const CHILD = fileURLToPath(new URL('./ort-web-child.ts', import.meta.url));

/** The data of one case, as the bench holds it (NCHW input, OIHW filter). */
export interface RemoteCase {
  readonly input: Tensor;
  readonly filter: Tensor;
  readonly options: Conv2dOptions;
}

/**
 * A child process running the ort-web peer at `threads` threads.
 *
 * @example
 * const ort2 = await OrtWebProcess.start(2);
 * await ort2.prepare(data);
 * const { samples } = await ort2.time({ time: 500, iterations: 3, warmup: true });
 * await ort2.close();
 */
export class OrtWebProcess {
  private readonly pending: ((line: string) => void)[] = [];
  /** The file each case's data went to, by the case's input tensor (one object per shape in the bench). */
  private readonly files = new WeakMap<Tensor, string>();
  private stderr = '';
  private cases = 0;

  private constructor(
    readonly threads: number,
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly dir: string,
    /** Filled by the child's first answer. */
    public version = '',
    public setup = '',
  ) {}

  /** Starts the child and waits until ORT is initialised there at `threads` threads. */
  static async start(threads: number, log: (line: string) => void = () => {}): Promise<OrtWebProcess> {
    // The bench runs under tsx (bench/launch.mjs passes `--import tsx`); a test runner may not.
    const flags = process.execArgv.some((a) => a.includes('tsx')) ? process.execArgv : [...process.execArgv, '--import', 'tsx'];
    const child = spawn(process.execPath, [...flags, CHILD, String(threads)], { stdio: ['pipe', 'pipe', 'pipe'] });
    const dir = mkdtempSync(join(tmpdir(), 'simdconv-bench-ort-'));
    const p = new OrtWebProcess(threads, child, dir);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      p.stderr = (p.stderr + chunk).slice(-4000);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith(REPLY_MARK)) return log(`ort-web ${threads}T child: ${line}`);
      p.pending.shift()?.(line.slice(REPLY_MARK.length));
    });
    child.on('exit', (code, signal) => {
      const why = `the ort-web ${threads}-thread child process exited (${signal ?? `code ${String(code)}`})${p.stderr ? `; its stderr ends: ${p.stderr.trim().slice(-1500)}` : ''}`;
      for (const answer of p.pending.splice(0)) answer(JSON.stringify({ error: why }));
    });
    const hello = await p.answer<{ version: string; setup: string }>();
    p.version = hello.version;
    p.setup = `${hello.setup}, in a child process (ORT initialises once per process)`;
    return p;
  }

  private answer<T>(): Promise<T> {
    return new Promise((resolve, reject) => {
      this.pending.push((text) => {
        const message = JSON.parse(text) as T & { error?: string };
        if (message.error !== undefined) reject(new Error(`ort-web ${this.threads}T: ${message.error}`));
        else resolve(message);
      });
    });
  }

  private request<T>(request: ChildRequest): Promise<T> {
    const answer = this.answer<T>();
    this.child.stdin.write(`${JSON.stringify(request)}\n`);
    return answer;
  }

  /**
   * Builds the session for one case; returns the setup ms. Its data is written once per input
   * tensor object: two shapes alike in size (C and H of the suite) still get their own files.
   */
  async prepare(c: RemoteCase): Promise<number> {
    const bias = c.options.bias === undefined ? new Float32Array(0) : c.options.bias instanceof Float32Array ? c.options.bias : c.options.bias.data;
    let file = this.files.get(c.input);
    if (file === undefined) {
      file = join(this.dir, `case-${++this.cases}.f32`);
      const all = new Float32Array(c.input.data.length + c.filter.data.length + bias.length);
      all.set(c.input.data, 0);
      all.set(c.filter.data, c.input.data.length);
      all.set(bias, c.input.data.length + c.filter.data.length);
      writeFileSync(file, new Uint8Array(all.buffer));
      this.files.set(c.input, file);
    }
    const { bias: _, ...options } = c.options;
    const { setupMs } = await this.request<{ setupMs: number }>({
      op: 'prepare', file, inputShape: c.input.shape, filterShape: c.filter.shape, biasLength: bias.length, options,
    });
    return setupMs;
  }

  private readOut(out: string): Float32Array {
    const bytes = readFileSync(out);
    return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4).slice();
  }

  /** One call of the prepared case; its output. */
  async once(): Promise<Float32Array> {
    const out = join(this.dir, 'out.f32');
    await this.request({ op: 'once', out });
    return this.readOut(out);
  }

  /** One timed block in the child: its samples, the child's CPU time, and the last output. */
  async time(options: TimingOptions): Promise<Timed> {
    const out = join(this.dir, 'out.f32');
    const t = await this.request<{ samples: number[]; cpuMs: number; wallMs: number }>({ op: 'time', out, options });
    return { ...t, last: this.readOut(out) };
  }

  /** Releases the prepared session. */
  async release(): Promise<void> {
    await this.request({ op: 'release' });
  }

  /** Ends the child (it exits when its stdin closes) and removes the temporary folder. */
  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.stdin.end();
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
