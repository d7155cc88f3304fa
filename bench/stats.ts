/** Order statistics of timing samples: one implementation, shipped with `simdconv bench` (src/cli/stats.ts). */
export { geomean, median, quantile } from '../src/cli/stats.js';
