import { nodeWorkers } from './node-workers.js';
import {
  ARGS, CLOSED, FAILED, FINISHED, GEN, JOIN, NEXT, POOL_TASKS, PROGRESS, READY, RUN_MASK, runChunks, SCRATCH, SPIN, STOP, STRIDE, TASK, THREADS, TILES, WORDS,
  type PoolWorker, type TileTask, type WorkerHost,
} from './pool-protocol.js';
import { waitAsync, waitSync } from './waiting.js';
import { webWorkers } from './web-workers.js';

export { POOL_TASKS, type TileTask };

// A pool of persistent workers over one shared WebAssembly memory (docs/architecture.md, "The
// worker pool"), started by a WorkerHost (node:worker_threads or web workers) and speaking
// src/wasm/pool-protocol.ts. The calling thread is thread 0. A run hands out chunks of tiles from
// an atomic counter, so no thread idles while tiles remain (a prologue is a run of its own,
// before). Workers spin briefly after a run, then sleep in Atomics.wait.

/**
 * Once thread 0 is done, each joined worker has at most one chunk left, no larger than thread 0's
 * first (chunks shrink). A worker that finishes none for STALL_FACTOR times thread 0's longest
 * chunk, and at least STALL_MIN_MS (a worker of a pool with more threads than cores may wait
 * several of the scheduler's time slices), has died. 5 s when thread 0 ran no chunk to compare with.
 */
const STALL_FACTOR = 20;
const STALL_MIN_MS = 1_000;
const STALL_BLIND_MS = 5_000;
/** How long creating an engine waits for its workers to start (~30 ms each here). */
const START_MS = 30_000;

/** The workers' host here: node:worker_threads (Node, Deno, Bun) before web workers; undefined if neither. */
export function workerHost(): WorkerHost | undefined {
  return nodeWorkers() ?? webWorkers();
}

/** A run whose tiles thread 0 has finished its share of, waiting for its joined workers. */
interface PendingRun {
  readonly fn: string;
  /** Workers that joined it. */
  readonly joined: number;
  /** What thread 0's share threw, if anything: the run's error once the workers are done. */
  readonly error: unknown;
  readonly stallMs: number;
  /** The last PROGRESS seen, and when it changed. */
  progress: number;
  since: number;
  /** Set once its workers are done (or the pool broke), by whichever wait saw it first. */
  done: boolean;
}

/** Runs a task's tiles on `threads` threads: this one and `threads − 1` workers. */
export class WorkerPool {
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * WORDS));
  private readonly workers: PoolWorker[] = [];
  private readonly taskIndex = new Map<TileTask, number>();
  /** Why the pool can no longer run (a worker died, or the engine was disposed). */
  private broken: string | undefined;
  /** The run whose workers may still be busy (an async run's, between its awaits). */
  private pending: PendingRun | undefined;

  /** Starts `threads − 1` workers; wait for them with {@link ready} or {@link readySync} before a run. */
  constructor(
    fn: string,
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    exports: Readonly<Record<string, unknown>>,
    readonly threads: number,
    readonly host: WorkerHost,
  ) {
    POOL_TASKS.forEach((name, i) => this.taskIndex.set(exports[name] as TileTask, i));
    const data = { module, memory, control: this.control.buffer as SharedArrayBuffer, tasks: POOL_TASKS };
    try {
      for (let i = 1; i < threads; i++) this.workers.push(host.spawn(data, (reason) => this.fail(reason)));
    } catch (error) {
      // A page's Content-Security-Policy may refuse blob: workers at once.
      this.dispose();
      throw new Error(`${fn}: could not start the engine's threads: ${host.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Waits, blocking, until every worker has instantiated the build (which writes its data segments). */
  readySync(fn: string): void {
    const deadline = Date.now() + START_MS;
    while (!this.started(fn, deadline)) Atomics.wait(this.control, READY, Atomics.load(this.control, READY), 50);
  }

  /** {@link readySync} without blocking this thread: what a browser's threads need, as their workers start from the event loop. */
  async ready(fn: string): Promise<void> {
    const deadline = Date.now() + START_MS;
    while (!this.started(fn, deadline)) await waitAsync(this.control, READY, Atomics.load(this.control, READY), 50);
  }

  /** Whether every worker started; throws (the pool disposed) if one failed or time ran out. */
  private started(fn: string, deadline: number): boolean {
    const ready = Atomics.load(this.control, READY);
    let problem: string | undefined;
    if (this.broken !== undefined) problem = this.broken;
    else if (Atomics.load(this.control, FAILED) !== 0) problem = 'a worker could not instantiate the WebAssembly build';
    else if (ready >= this.threads - 1) return true;
    else if (Date.now() > deadline) problem = `${ready} of ${this.threads - 1} workers (${this.host.name}) started in ${START_MS / 1000} s`;
    if (problem === undefined) return false;
    this.dispose();
    throw new Error(`${fn}: could not start the engine's threads: ${problem}`);
  }

  /** Test hook: the workers, to end one as a crash would. */
  get workerHandles(): readonly PoolWorker[] {
    return this.workers;
  }

  /** Test hook: how many workers joined the current (or last) run. */
  get joinedWorkers(): number {
    return Atomics.load(this.control, JOIN) & 0xffff;
  }

  /** Test hook: tiles of the current (or last) run handed out so far. */
  get claimedTiles(): number {
    return Atomics.load(this.control, NEXT);
  }

  /** Test hook: how many workers have finished the current (or last) run. */
  get finishedWorkers(): number {
    return Atomics.load(this.control, FINISHED);
  }

  /** Test hook: the index the workers know `task` by; a stand-in for it on thread 0 may borrow it. */
  alias(standIn: TileTask, task: TileTask): void {
    this.taskIndex.set(standIn, this.taskIndex.get(task)!);
  }

  private fail(reason: string): void {
    this.broken ??= reason;
  }

  /** Throws why the pool cannot run, naming `fn`, if it cannot. */
  check(fn: string): void {
    if (this.broken !== undefined) {
      throw new Error(`${fn}: this engine can no longer run: ${this.broken}. Create a new engine`);
    }
  }

  /**
   * Runs tiles [0, tiles) of `task` on every thread; thread t's scratch starts at
   * `scratch + t · stride`. Returns when all are done; throws, and the pool is broken, if a worker
   * died or failed during the run. Where this thread may not block (a browser page's main
   * thread) it polls the control words instead of sleeping.
   */
  run(fn: string, task: TileTask, args: number, scratch: number, stride: number, tiles: number): void {
    this.settle();
    const run = this.start(fn, task, args, scratch, stride, tiles);
    this.waitFor(run);
    this.report(run);
  }

  /** {@link run}, waiting for the workers with Atomics.waitAsync: thread 0 computes its share, then yields. */
  async runAsync(fn: string, task: TileTask, args: number, scratch: number, stride: number, tiles: number): Promise<void> {
    this.settle();
    const run = (this.pending = this.start(fn, task, args, scratch, stride, tiles));
    for (let finished = this.poll(run); finished >= 0; finished = this.poll(run)) await waitAsync(this.control, FINISHED, finished, 20);
    this.report(run);
  }

  /**
   * Waits (blocking, or polling where blocking is forbidden) until the workers of a pending async
   * run are done, so a synchronous call may write the argument block. That run's caller still
   * gets its own result or error.
   */
  settle(): void {
    const run = this.pending;
    if (run !== undefined) this.waitFor(run);
  }

  /**
   * Blocks until `run`'s workers are done: polls first (a worker's last chunk is small, and waking
   * from Atomics.wait takes tens of µs), then sleeps on FINISHED between looks.
   */
  private waitFor(run: PendingRun): void {
    const c = this.control;
    for (let finished = this.poll(run); finished >= 0; finished = this.poll(run)) {
      for (let i = 0; i < SPIN && Atomics.load(c, FINISHED) === finished; i++);
      waitSync(c, FINISHED, finished, 20); // returns at once if it changed
    }
  }

  /**
   * Tells sleeping workers a run is coming: they wake and poll for it (~1 ms, WAKE_SPIN) instead
   * of sleeping, so waking them (tens of µs on these VMs) overlaps the caller's copying in.
   */
  wake(): void {
    if (this.broken === undefined) Atomics.notify(this.control, GEN);
  }

  /** Opens a run, wakes the workers to it and runs thread 0's share of the tiles. */
  private start(fn: string, task: TileTask, args: number, scratch: number, stride: number, tiles: number): PendingRun {
    this.check(fn);
    const c = this.control;
    c[TASK] = this.taskIndex.get(task)!;
    c[ARGS] = args;
    c[SCRATCH] = scratch;
    c[STRIDE] = stride;
    c[TILES] = tiles;
    c[THREADS] = this.threads;
    Atomics.store(c, NEXT, 0);
    Atomics.store(c, FINISHED, 0);
    const gen = Atomics.load(c, GEN) + 1;
    Atomics.store(c, JOIN, (gen & RUN_MASK) << 16); // opens the run, its parameters written
    Atomics.store(c, GEN, gen); // then wakes the workers to it
    Atomics.notify(c, GEN);
    let error: unknown;
    let longest = -1; // ms, thread 0's longest chunk
    const timed: TileTask = (a, s, b, e) => {
      const started = performance.now();
      task(a, s, b, e);
      longest = Math.max(longest, performance.now() - started);
    };
    try {
      runChunks(c, NEXT, PROGRESS, tiles, this.threads, timed, args, scratch);
    } catch (e) {
      error = e;
    }
    const joined = Atomics.or(c, JOIN, CLOSED) & 0xffff; // no worker joins once thread 0 is done
    const stallMs = longest < 0 ? STALL_BLIND_MS : Math.max(STALL_MIN_MS, STALL_FACTOR * longest);
    return { fn, joined, error, stallMs, progress: Atomics.load(c, PROGRESS), since: performance.now(), done: false };
  }

  /**
   * −1 once `run`'s workers are done, else the FINISHED count it saw, for the caller to wait on
   * (waiting on a count read later could miss the notify of the change in between); breaks the
   * pool if no worker has finished a chunk for too long.
   */
  private poll(run: PendingRun): number {
    if (run.done) return -1;
    const c = this.control;
    const finished = Atomics.load(c, FINISHED);
    const now = Atomics.load(c, PROGRESS);
    if (finished >= run.joined || this.broken !== undefined) {
      run.done = true;
    } else if (now !== run.progress) {
      run.progress = now;
      run.since = performance.now();
    } else if (performance.now() - run.since > run.stallMs) {
      this.fail(`a worker thread stopped during a run (no tile done in ${Math.round(run.stallMs)} ms)`);
      run.done = true;
    }
    if (run.done && this.pending === run) this.pending = undefined;
    return run.done ? -1 : finished;
  }

  /** Throws what went wrong in a finished run, if anything. */
  private report(run: PendingRun): void {
    this.check(run.fn);
    if (run.error !== undefined) throw run.error;
    if (Atomics.load(this.control, FAILED) !== 0) {
      this.fail('a task threw in a worker thread');
      this.check(run.fn);
    }
  }

  /** Ends the workers. The pool refuses to run afterwards. */
  dispose(): void {
    this.fail('it was disposed');
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, GEN, 1);
    Atomics.notify(this.control, GEN);
    for (const worker of this.workers) void worker.terminate();
  }
}
