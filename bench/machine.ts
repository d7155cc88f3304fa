/** What a result was measured on: one definition, shipped with `simdconv bench` (src/cli/machine.ts). */
export { machineInfo, type MachineInfo } from '../src/cli/machine.js';
