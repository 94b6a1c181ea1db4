/**
 * Cost of the power/resource model per design point (a sweep calls it once per point).
 * Run: npx tsx bench/power-report.ts
 */
import { ArchSchema } from '../sim/arch/schema.ts';
import { powerReport } from '../sim/power/power-report.ts';

const N = 20_000;
/** The paper core, as `mmfsim exec` prices it. */
const PAPER = { kind: 'paper' } as const;
const archs = [1, 2, 4, 8, 16, 32, 64].map((lanes) =>
  ArchSchema.parse({ name: `lanes-${lanes}`, core: { kind: 'paper', tmatmul: { weights_per_cycle: lanes } }, memory: { model: 'fixed', response_cycles: 12 } }),
);
powerReport({ simulated: PAPER, arch: archs[0]!, cycles: 1000, unitBusyCycles: {} }); // load and cache the YAML tables
const t0 = performance.now();
let sink = 0;
for (let i = 0; i < N; i++) {
  const r = powerReport({ simulated: PAPER, arch: archs[i % archs.length]!, cycles: 1_000_000 + i, unitBusyCycles: { tmatmul: 900_000, load_store: 20_000 }, tokens: 1 });
  sink += r.power_w.total;
}
const us = ((performance.now() - t0) * 1000) / N;
console.log(`powerReport: ${us.toFixed(1)} µs per design point (${N} points; checksum ${sink.toFixed(3)})`);
