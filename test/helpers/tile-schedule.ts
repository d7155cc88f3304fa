import { tileRunner } from '../../src/engine/tiles.js';
import { A_WORK } from '../../src/wasm/args.js';

/** How the tiles [0, tiles) of a kernel (`what`: its task's export name) are split into ranges, in the order they run. */
export type TileSchedule = (tiles: number, what: string) => readonly (readonly [number, number])[];

/**
 * Runs `body` with every wasm kernel's tiles split by `schedule`, one range after another, as
 * threads would run them; each range's scratch is filled with NaN first, so a task that read
 * another task's scratch would show, and so is a prologue's workspace before its ranges run.
 */
export function withTileSchedule<T>(schedule: TileSchedule, body: () => T): T {
  const run = tileRunner.run;
  tileRunner.run = (kernels, task, args, scratch, scratchFloats, tiles) => {
    const what = Object.entries(kernels.exports).find(([, f]) => f === task)?.[0] ?? 'unknown';
    if (what.endsWith('Prologue')) {
      // The workspace the prologue fills (reserved just before the scratch, src/engine/conv-layer.ts)
      // is NaN first: rows no range pads would show, instead of an earlier run's same rows.
      const work = new Uint32Array(kernels.exports.memory.buffer, args + 4 * A_WORK, 1)[0]!;
      if (!(scratch > work)) throw new Error(`withTileSchedule: expected the workspace (${work}) before the scratch (${scratch})`);
      kernels.f32(work, (scratch - work) / 4).fill(Number.NaN);
    }
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
