import { tileRunner } from '../../src/engine/tiles.js';

/** How the tiles [0, tiles) of a kernel (`what`: its task's export name) are split into ranges, in the order they run. */
export type TileSchedule = (tiles: number, what: string) => readonly (readonly [number, number])[];

/**
 * Runs `body` with every wasm kernel's tiles split by `schedule`, one range after another, as
 * threads would run them; each range's scratch is filled with NaN first, so a task that read
 * another task's scratch would show.
 */
export function withTileSchedule<T>(schedule: TileSchedule, body: () => T): T {
  const run = tileRunner.run;
  tileRunner.run = (kernels, task, args, scratch, scratchFloats, tiles) => {
    const what = Object.entries(kernels.exports).find(([, f]) => f === task)?.[0] ?? 'unknown';
    for (const [begin, end] of schedule(tiles, what)) {
      kernels.f32(scratch, scratchFloats).fill(Number.NaN);
      task(args, scratch, begin, end);
    }
  };
  try {
    return body();
  } finally {
    tileRunner.run = run;
  }
}
