/**
 * What a result was measured on: printed or saved next to the numbers, since they mean nothing
 * without it. Shared by `simdconv bench` and `npm run bench` (bench/machine.ts re-exports it).
 */
import os from 'node:os';

export interface MachineInfo {
  readonly node: string;
  readonly v8: string;
  readonly os: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly date: string;
}

/**
 * Node, V8, OS, CPU model, core count and memory of this machine, and the time now.
 *
 * @example
 * machineInfo().cpu; // 'AMD EPYC 9R14'
 */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    date: new Date().toISOString(),
  };
}
