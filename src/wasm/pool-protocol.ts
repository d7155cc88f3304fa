// The worker pool's protocol (docs/architecture.md, "The worker pool"): the control words both
// sides share, the chunk claiming both sides run, and the one worker program every host starts.
// src/wasm/worker-pool.ts is thread 0's side; node-workers.ts and web-workers.ts start workers.

/** A kernel's task export: tiles [begin, end) of its grid, with `scratch` its own (src/engine/tiles.ts). */
export type TileTask = (args: number, scratch: number, begin: number, end: number) => void;

/** The task exports a worker may be asked to run, by index (the same list on both sides). */
export const POOL_TASKS = ['convPlanes', 'convSeparable', 'depthwiseNhwc', 'convNchwDirect', 'convNchwDirectPrologue', 'convNchwPointwise', 'convNhwc', 'convWinograd', 'convWinogradPrologue', 'poolNhwc', 'maxPoolIndicesNhwc', 'lpPoolNhwc', 'preluTask', 'qconvPrologue', 'qconvDense', 'qconvDepthwise', 'qconvDepthwisePlanes', 'qconvWinogradInput', 'qconvWinogradOutput', 'qconvDotPrologue', 'qconvDenseDot'] as const;

// Control words (Int32Array over a SharedArrayBuffer). The hot counters sit on cache lines of their own.
export const GEN = 0; // bumped once per run (and by dispose)
export const TASK = 1;
export const ARGS = 2;
export const SCRATCH = 3; // thread 0's scratch; thread t's is SCRATCH + t · STRIDE
export const STRIDE = 4;
export const TILES = 5;
export const THREADS = 6; // the run's threads: sizes the chunks (runChunks)
export const STOP = 7;
export const READY = 8; // workers instantiated (or failed to)
export const FAILED = 9; // a worker could not instantiate, or a task threw in a worker
export const NEXT = 16; // the next tile to hand out
// Workers that joined this run (low 16 bits), the run's generation (bits 16–29: a worker joins
// only the run it woke for, never a later one twice), | CLOSED once thread 0 has finished its share.
export const JOIN = 32;
export const FINISHED = 48; // workers of this run that are done
export const PROGRESS = 64; // chunks finished by workers, ever: tells a slow run from a dead worker
export const WORDS = 80;
export const CLOSED = 1 << 30;
export const RUN_MASK = 0x3fff;
const TAG = RUN_MASK << 16;

/**
 * Iterations an idle worker polls for the next run before sleeping, and thread 0 polls for the
 * workers' end of a run: ~50 µs on this VM.
 */
export const SPIN = 20_000;
/**
 * Iterations a worker woken without a run (WorkerPool.wake, at the start of a call) polls for it
 * before sleeping again: ~1 ms, the copy-in of a few MB. Figure (2-core Xeon VM, simd, JS arrays
 * in, preallocated JS output, 2 threads vs 1, medians): workers asleep when the run came F 1.03×,
 * I 1.09×, E 1.43×; woken at the call's start 1.22–1.23×, 1.16–1.19×, 1.43–1.44× (two runs).
 * Polling for ~1 ms after every run instead (SPIN 400 000) gave 1.33×, 1.31×, 1.62×, at the price
 * of a core busy 1 ms after each call.
 */
const WAKE_SPIN = 400_000;

/**
 * Runs chunks of a run's tiles [0, tiles) until none is left, claiming each from the shared
 * counter `c[next]`: guided self-scheduling, each chunk 1/(2·threads) of the tiles left (at least
 * one), so the first chunks are large (few atomics) and the last are single tiles (no thread
 * waits long for another's last chunk; with fixed quarter-share chunks, B's 25 tiles on 2
 * threads left up to 3 tiles, 12 % of the work, to one thread at the end). Counts each chunk
 * in `c[done]`. Self-contained: the workers' source embeds it, so both sides claim alike.
 */
export function runChunks(c: Int32Array, next: number, done: number, tiles: number, threads: number, task: TileTask, args: number, scratch: number): void {
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

// The worker, a function W(module, memory, control, tasks) in source form: no file to locate next
// to the bundle, nothing for a browser bundler to follow. Written small (the minifier does not
// see into it); it mirrors WorkerPool.start/settled: wait for a run, join it unless closed, take
// chunks of tiles with slot s's scratch, count itself finished. Workers may block (Atomics.wait)
// on every host: Node's, Deno's and Bun's worker threads and browsers' dedicated workers.
const WORKER = `const W=(m,y,k,n)=>{const c=new Int32Array(k);let f=[];
try{const x=new WebAssembly.Instance(m,{env:{memory:y,abort(){throw Error('abort')}}}).exports;f=n.map(t=>x[t])}catch{Atomics.store(c,${FAILED},1)}
const R=${runChunks.toString()};Atomics.add(c,${READY},1);Atomics.notify(c,${READY});let g=0;
for(;;){for(let i=0;Atomics.load(c,${GEN})===g;i++)if(i>${SPIN}){Atomics.wait(c,${GEN},g);i=${-WAKE_SPIN}}
g=Atomics.load(c,${GEN});if(Atomics.load(c,${STOP}))break;
let v=Atomics.load(c,${JOIN}),s=0;while((v&${CLOSED | TAG})===(g&${RUN_MASK})<<16){const w=Atomics.compareExchange(c,${JOIN},v,v+1);if(w===v){s=(v&65535)+1;break}v=w}
if(!s)continue;
try{R(c,${NEXT},${PROGRESS},c[${TILES}],c[${THREADS}],f[c[${TASK}]],c[${ARGS}],c[${SCRATCH}]+s*c[${STRIDE}])}catch{Atomics.store(c,${FAILED},2)}
Atomics.add(c,${FINISHED},1);Atomics.notify(c,${FINISHED})}};`;

/** What every worker is given: the compiled threaded build, its memory, the control words and the task names. */
export interface WorkerData {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly control: SharedArrayBuffer;
  readonly tasks: readonly string[];
}

/**
 * The worker program, with `entry`: how the host hands it its {@link WorkerData} `d` and calls
 * `W(d.module, d.memory, d.control, d.tasks)`.
 */
export function workerSource(entry: string): string {
  return WORKER + entry;
}

/** A started worker, as the pool holds it. */
export interface PoolWorker {
  /** Ends the worker (Node's returns a promise of its exit code). */
  terminate(): unknown;
}

/** A way to start workers: node:worker_threads (Node, Deno, Bun) or web workers (browsers). */
export interface WorkerHost {
  /** For errors and docs: 'node:worker_threads' or 'web workers'. */
  readonly name: string;
  /**
   * Whether workers start while the creating thread blocks (node:worker_threads) or only once it
   * returns to its event loop (web workers: the browser starts them from it).
   */
  readonly startsWhileBlocked: boolean;
  /** Starts one worker running {@link workerSource}; `fail` is called with why if it errs or exits. */
  spawn(data: WorkerData, fail: (reason: string) => void): PoolWorker;
}
