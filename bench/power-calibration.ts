/**
 * Reproduces the power model's calibration: runs paper-block.tmi (d = 512) on the paper's
 * D5005 core, prints the modelled FPGA core-rail power against the paper's 13 W, and the
 * value of the calibrated coefficient (intel-pac-d5005 shell.hard_ip_w) that hits 13 W
 * exactly. Run: npx tsx bench/power-calibration.ts
 */
import { runPaperCalibration, PAPER_CORE_RAIL_W } from '../sim/power/paper-calibration.ts';

const t0 = performance.now();
const c = runPaperCalibration();
const ms = performance.now() - t0;
const p = c.report.power_w;
const f = (w: number) => `${w.toFixed(3)} W`;
console.log(`arch: ${c.arch_source}`);
console.log(`paper-block.tmi: ${c.cycles.toLocaleString('en-US')} cycles = ${(c.time_s * 1e3).toFixed(2)} ms at ${c.report.clock_mhz} MHz (paper: 43 ms)`);
console.log(`busy fraction: ${Object.entries(c.report.busy_fraction).map(([u, b]) => `${u} ${(b * 100).toFixed(1)}%`).join(', ')}`);
console.log(`FPGA static        ${f(p.fpga_static)} (Tj ${c.report.junction_temp_c} C)`);
for (const [u, w] of Object.entries(p.fpga_dynamic_by_unit)) console.log(`  dynamic ${u.padEnd(14)} ${f(w)}`);
console.log(`FPGA core rail     ${f(p.fpga_total)}  vs paper ${PAPER_CORE_RAIL_W} W: ${(c.error * 100).toFixed(2)}%`);
console.log(`DRAM core / background / I/O: ${f(p.dram_core)} / ${f(p.dram_background)} / ${f(p.dram_io)}; total with DRAM ${f(p.total)}`);
for (const n of c.report.notes) console.log(`note: ${n}`);
console.log(`calibrated shell.hard_ip_w: ${c.hard_ip_w} W in the device file; ${c.hard_ip_w_for_anchor.toFixed(3)} W hits ${PAPER_CORE_RAIL_W} W exactly`);
console.log(`resources: ${Object.entries(c.report.resources).map(([k, r]) => `${r.label ?? k} ${r.used.toLocaleString('en-US')}/${r.available.toLocaleString('en-US')}`).join(', ')}; max cores ${c.report.max_cores}`);
console.log(`(simulation + power model: ${ms.toFixed(0)} ms wall)`);
