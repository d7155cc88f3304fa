import type { WasmKernels } from '../wasm/kernels.js';

// The kernels' contract for parallel work (docs/architecture.md, "Prologue and tasks"): a path's
// optional prologue runs once per call, then its task computes any range [begin, end) of the
// grid's tiles, writing only its own outputs and its own scratch. Any partition of [0, tiles)
// into ranges, run in any order, gives the same bits as one range. Today one thread runs the
// whole range; a worker pool will hand out ranges.

/** A kernel's task export: tiles [begin, end) of its grid, with `scratch` its own. */
export type TileTask = (args: number, scratch: number, begin: number, end: number) => void;

/**
 * Runs tiles [0, tiles) of `task`, `scratch` holding `scratchFloats`. Not public API:
 * test/helpers/tile-schedule.ts swaps `run` to split the tiles as threads would.
 */
export const tileRunner = {
  run(_kernels: WasmKernels, task: TileTask, args: number, scratch: number, _scratchFloats: number, tiles: number): void {
    task(args, scratch, 0, tiles);
  },
};
