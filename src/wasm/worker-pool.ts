/** A kernel's task export: tiles [begin, end) of its grid, with `scratch` its own (src/engine/tiles.ts). */
export type TileTask = (args: number, scratch: number, begin: number, end: number) => void;

// A pool of persistent Node worker threads over one shared WebAssembly memory (docs/architecture.md,
// "The worker pool"). Every worker instantiates the same compiled threaded build on the same
// memory; the calling thread is thread 0. A run hands out chunks of tiles from an atomic counter,
// so no thread idles while tiles remain (a prologue is a run of its own, before). Workers spin
// briefly after a run, then sleep in Atomics.wait.

/** The task exports a worker may be asked to run, by index (the same list on both sides). */
export const POOL_TASKS = ['convPlanes', 'depthwiseNhwc', 'convNchwDirect', 'convNchwDirectPrologue', 'convNchwPointwise', 'convNhwc', 'convWinograd', 'convWinogradPrologue', 'poolNhwc'] as const;

// Control words (Int32Array over a SharedArrayBuffer). The hot counters sit on cache lines of their own.
const GEN = 0; // bumped once per run (and by dispose)
const TASK = 1;
const ARGS = 2;
const SCRATCH = 3; // thread 0's scratch; thread t's is SCRATCH + t · STRIDE
const STRIDE = 4;
const TILES = 5;
const THREADS = 6; // the run's threads: sizes the chunks (runChunks)
const STOP = 7;
const READY = 8; // workers instantiated (or failed to)
const FAILED = 9; // a worker could not instantiate, or a task threw in a worker
const NEXT = 16; // the next tile to hand out
// Workers that joined this run (low 16 bits), the run's generation (bits 16–29: a worker joins
// only the run it woke for, never a later one twice), | CLOSED once thread 0 has finished its share.
const JOIN = 32;
const FINISHED = 48; // workers of this run that are done
const PROGRESS = 64; // chunks finished by workers, ever: tells a slow run from a dead worker
const WORDS = 80;
const CLOSED = 1 << 30;
const RUN_MASK = 0x3fff;
const TAG = RUN_MASK << 16;

/** Iterations an idle worker polls for the next run before sleeping: ~50 µs on this VM. */
const SPIN = 20_000;
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

/**
 * Runs chunks of a run's tiles [0, tiles) until none is left, claiming each from the shared
 * counter `c[next]`: guided self-scheduling, each chunk 1/(2·threads) of the tiles left (at least
 * one), so the first chunks are large (few atomics) and the last are single tiles (no thread
 * waits long for another's last chunk; with fixed quarter-share chunks, B's 25 tiles on 2
 * threads left up to 3 tiles, 12 % of the work, to one thread at the end). Counts each chunk
 * in `c[done]`. Self-contained: the workers' source embeds it, so both sides claim alike.
 */
function runChunks(c: Int32Array, next: number, done: number, tiles: number, threads: number, task: TileTask, args: number, scratch: number): void {
  for (let b = Atomics.load(c, next); b < tiles; ) {
    const n = Math.max(1, Math.floor((tiles - b) / (2 * threads)));
    const seen = Atomics.compareExchange(c, next, b, b + n);
    if (seen === b) {
      task(args, scratch, b, b + n);
      Atomics.add(c, done, 1);
      b += n;
    } else b = seen;
  }
}

// The worker's code, a script evaluated in a fresh worker (`eval: true`): no file to locate
// next to the bundle, nothing for a browser bundler to follow. Written small (the minifier
// does not see into it); it mirrors run() below: wait for a run, join it unless closed, take
// chunks of tiles with slot s's scratch, count itself finished.
const WORKER_SOURCE = `const{module:m,memory:y,control:k,tasks:n}=require('node:worker_threads').workerData,c=new Int32Array(k);let f=[];
try{const x=new WebAssembly.Instance(m,{env:{memory:y,abort(){throw Error('abort')}}}).exports;f=n.map(t=>x[t])}catch{Atomics.store(c,${FAILED},1)}
const R=${runChunks.toString()};Atomics.add(c,${READY},1);Atomics.notify(c,${READY});let g=0;
for(;;){for(let i=0;Atomics.load(c,${GEN})===g;i++)if(i>${SPIN})Atomics.wait(c,${GEN},g);
g=Atomics.load(c,${GEN});if(Atomics.load(c,${STOP}))break;
let v=Atomics.load(c,${JOIN}),s=0;while((v&${CLOSED|TAG})===(g&${RUN_MASK})<<16){const w=Atomics.compareExchange(c,${JOIN},v,v+1);if(w===v){s=(v&65535)+1;break}v=w}
if(!s)continue;
try{R(c,${NEXT},${PROGRESS},c[${TILES}],c[${THREADS}],f[c[${TASK}]],c[${ARGS}],c[${SCRATCH}]+s*c[${STRIDE}])}catch{Atomics.store(c,${FAILED},2)}
Atomics.add(c,${FINISHED},1);Atomics.notify(c,${FINISHED})}`;

interface NodeWorker {
  terminate(): Promise<number>;
  unref(): void;
  on(event: 'exit', listener: (code: number) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
}
type WorkerConstructor = new (source: string, options: { eval: true; workerData: unknown; execArgv?: string[] }) => NodeWorker;

/** Node's `Worker`, reached without a static import (the browser bundle must not name node modules). */
export function nodeWorker(): WorkerConstructor | undefined {
  const g = globalThis as { process?: { versions?: Record<string, string>; getBuiltinModule?: (id: string) => unknown }; Deno?: unknown };
  if (g.Deno !== undefined || g.process?.versions?.bun !== undefined || g.process?.versions?.node === undefined) return undefined;
  return (g.process.getBuiltinModule?.('node:worker_threads') as { Worker?: WorkerConstructor } | undefined)?.Worker;
}

/** Runs a task's tiles on `threads` threads: this one and `threads − 1` workers. */
export class WorkerPool {
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * WORDS));
  private readonly workers: NodeWorker[] = [];
  private readonly taskIndex = new Map<TileTask, number>();
  /** Why the pool can no longer run (a worker died, or the engine was disposed). */
  private broken: string | undefined;

  constructor(
    fn: string,
    Worker: WorkerConstructor,
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    exports: Readonly<Record<string, unknown>>,
    readonly threads: number,
  ) {
    POOL_TASKS.forEach((name, i) => this.taskIndex.set(exports[name] as TileTask, i));
    const workerData = { module, memory, control: this.control.buffer, tasks: POOL_TASKS };
    for (let i = 1; i < threads; i++) {
      // No execArgv: a parent's loaders (--import tsx) would deadlock a worker started while the
      // parent waits for it, and the worker needs none.
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData, execArgv: [] });
      worker.unref(); // an idle pool never keeps a Node process alive
      worker.on('exit', (code) => this.fail(`a worker thread exited (code ${code})`));
      worker.on('error', (error) => this.fail(`a worker thread failed: ${error.message}`));
      this.workers.push(worker);
    }
    // Instantiating writes the module's data segments: wait until every worker has, before any run.
    const deadline = Date.now() + START_MS;
    for (let ready = 0; (ready = Atomics.load(this.control, READY)) < threads - 1; ) {
      if (Date.now() > deadline) {
        this.dispose();
        throw new Error(`${fn}: ${ready} of ${threads - 1} worker threads started in ${START_MS / 1000} s`);
      }
      Atomics.wait(this.control, READY, ready, 50);
    }
    if (Atomics.load(this.control, FAILED) !== 0) {
      this.dispose();
      throw new Error(`${fn}: a worker thread could not instantiate the WebAssembly build`);
    }
  }

  /** Test hook: the workers, to end one as a crash would. */
  get workerHandles(): readonly NodeWorker[] {
    return this.workers;
  }

  /** Test hook: how many workers joined the current (or last) run. */
  get joinedWorkers(): number {
    return Atomics.load(this.control, JOIN) & 0xffff;
  }

  /** Test hook: whether a task has thrown in a worker (the run then throws once thread 0 is done). */
  get taskThrewInWorker(): boolean {
    return Atomics.load(this.control, FAILED) === 2;
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
   * died or failed during the run.
   */
  run(fn: string, task: TileTask, args: number, scratch: number, stride: number, tiles: number): void {
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
    let progress = Atomics.load(c, PROGRESS);
    let since = performance.now();
    for (let done = Atomics.load(c, FINISHED); done < joined; done = Atomics.load(c, FINISHED)) {
      Atomics.wait(c, FINISHED, done, 20);
      const now = Atomics.load(c, PROGRESS);
      if (now !== progress) {
        progress = now;
        since = performance.now();
      } else if (performance.now() - since > stallMs) {
        this.fail(`a worker thread stopped during a run (no tile done in ${Math.round(stallMs)} ms)`);
        this.check(fn);
      }
    }
    if (error !== undefined) throw error;
    if (Atomics.load(c, FAILED) !== 0) {
      this.fail('a task threw in a worker thread');
      this.check(fn);
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
