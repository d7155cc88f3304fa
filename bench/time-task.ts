/**
 * One tinybench block: a task timed for `time` ms and at least `iterations` calls, with the
 * process's CPU time over the block. Shared by bench/run.ts and the ort-web child process
 * (bench/peers/ort-web-child.ts), so both sides of a threads run time alike.
 */
import { Bench } from 'tinybench';

export interface TimedCall<T = Float32Array> {
  /** One call; returns the output data. */
  readonly run: () => T | Promise<T>;
  /** Whether `run` returns a promise (awaited inside the timed window). */
  readonly async: boolean;
}

export interface TimingOptions {
  /** Time budget of the block, ms. */
  readonly time: number;
  /** Minimum calls timed. */
  readonly iterations: number;
  /** One untimed call first. */
  readonly warmup: boolean;
}

export interface Timed<T = Float32Array> {
  /** Per call, ms. */
  readonly samples: number[];
  /** Process CPU time (user + system) during the block, ms. */
  readonly cpuMs: number;
  readonly wallMs: number;
  /** The last call's output, for the check after the block. */
  readonly last: T;
}

/**
 * Times `task` once as a tinybench block; throws if tinybench reports anything but completed.
 *
 * @example
 * const { samples } = await timeTask('B simd', { run: () => layer.run(x).data, async: false }, { time: 500, iterations: 3, warmup: true });
 */
export async function timeTask<T = Float32Array>(label: string, task: TimedCall<T>, options: TimingOptions): Promise<Timed<T>> {
  // Keeps every output reachable, so no engine can drop a call whose result is unused.
  let last: T | undefined;
  const bench = new Bench({
    name: label,
    time: options.time,
    iterations: options.iterations,
    warmup: options.warmup,
    warmupIterations: 1,
    warmupTime: 0,
    retainSamples: true,
    throws: true,
  });
  // async: false skips tinybench's detection call, which would be one more multi-second js run;
  // an async task is awaited inside the timed window.
  if (task.async) {
    bench.add(label, async () => {
      last = await task.run();
    }, { async: true });
  } else {
    bench.add(label, () => {
      last = task.run() as T;
    }, { async: false });
  }
  const cpu = process.cpuUsage();
  const started = performance.now();
  await bench.run();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const result = bench.tasks[0]!.result;
  if (result.state !== 'completed') throw new Error(`${label}: task ended ${result.state}`);
  if (last === undefined) throw new Error(`${label}: no call completed`);
  return { samples: Array.from(result.latency.samples ?? []), cpuMs: (used.user + used.system) / 1000, wallMs, last };
}
