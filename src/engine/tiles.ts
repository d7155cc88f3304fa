import type { WasmKernels } from '../wasm/kernels.js';

// The kernels' contract for parallel work (docs/architecture.md, "Prologue and tasks"): a path's
// optional prologue runs once per call, then its task computes any range [begin, end) of the
// grid's tiles, writing only its own outputs and its own scratch. Any partition of [0, tiles)
// into ranges, run in any order, gives the same bits as one range. Today one thread runs the
// whole range; a worker pool will hand out ranges.

/** A kernel's task export: tiles [begin, end) of its grid, with `scratch` its own. */
export type TileTask = (args: number, scratch: number, begin: number, end: number) => void;

/** How the tiles [0, tiles) of a kernel (`what`: a conv path or 'pool') are split into ranges, in the order they run. */
export type TileSchedule = (tiles: number, what: string) => readonly (readonly [number, number])[];

/** Set only by {@link withTileSchedule} (tests); undefined: one range on this thread. */
let schedule: TileSchedule | undefined;

/**
 * Runs tiles [0, tiles) of `task`. Under a test's schedule each range runs in turn, with its
 * scratch filled with NaN first, so a task that read another task's scratch would show.
 */
export function runTiles(kernels: WasmKernels, what: string, task: TileTask, args: number, scratch: number, scratchFloats: number, tiles: number): void {
  if (schedule === undefined) {
    task(args, scratch, 0, tiles);
    return;
  }
  for (const [begin, end] of schedule(tiles, what)) {
    kernels.f32(scratch, scratchFloats).fill(Number.NaN);
    task(args, scratch, begin, end);
  }
}

/**
 * Test hook, not public API: runs `body` with every wasm kernel's tiles split by `tileSchedule`,
 * as threads would run them.
 */
export function withTileSchedule<T>(tileSchedule: TileSchedule, body: () => T): T {
  const previous = schedule;
  schedule = tileSchedule;
  try {
    return body();
  } finally {
    schedule = previous;
  }
}
