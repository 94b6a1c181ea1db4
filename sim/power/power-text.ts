import { RESOURCE_KINDS } from '../arch/device-catalogue.ts';
import type { PowerReport } from './power-report.ts';

/**
 * The plain-text power/resources block the CLI prints under a run (the `--json` output
 * carries the same figures as the report object itself).
 */
export function formatPowerReport(r: PowerReport): string {
  const w = (x: number) => `${x.toFixed(3)} W`;
  const n = (x: number) => x.toLocaleString('en-US');
  const lines: string[] = [];
  lines.push(`device         ${r.device.name} (${r.device.part})${r.device.shell ? `, shell: ${r.device.shell}` : ''}`);
  const res = RESOURCE_KINDS.filter((k) => r.resources[k].available > 0 || r.resources[k].used > 0).map((k) => {
    const u = r.resources[k];
    const pct = u.utilisation === null ? 'n/a' : `${(u.utilisation * 100).toFixed(1)}%`;
    return `${u.label ?? k} ${n(u.used)}/${n(u.available)} (${pct})`;
  });
  lines.push(`resources      ${res.join(', ')}; ${r.cores} core${r.cores === 1 ? '' : 's'}, at most ${r.max_cores} fit`);
  if (!r.feasible) lines.push(`INFEASIBLE     ${r.infeasible_reason}`);
  const p = r.power_w;
  lines.push(`power          ${w(p.total)} total = FPGA core rail ${w(p.fpga_total)} + DRAM ${w(p.dram_core + p.dram_background + p.dram_io)}`);
  lines.push(`  fpga static  ${w(p.fpga_static)} at Tj ${r.junction_temp_c} °C`);
  const units = Object.entries(p.fpga_dynamic_by_unit)
    .filter(([, v]) => v > 0)
    .map(([u, v]) => `${u} ${v.toFixed(3)}`)
    .join(', ');
  lines.push(`  fpga dynamic ${w(p.fpga_dynamic)} (${units})`);
  lines.push(`  dram         core ${w(p.dram_core)}, background ${w(p.dram_background)}, I/O ${w(p.dram_io)}`);
  lines.push(`energy         ${r.energy_j.toPrecision(4)} J over ${(r.time_s * 1e3).toPrecision(6)} ms`);
  if (r.energy_per_token_j !== null && r.tokens_per_joule !== null && r.tokens_per_s !== null) {
    lines.push(`per token      ${r.energy_per_token_j.toPrecision(4)} J/token, ${r.tokens_per_joule.toPrecision(4)} tokens/J, ${r.tokens_per_s.toPrecision(4)} tokens/s`);
  }
  const counts = new Map<string, number>();
  for (const e of r.provenance) counts.set(e.provenance, (counts.get(e.provenance) ?? 0) + 1);
  lines.push(`coefficients   ${[...counts].map(([k, c]) => `${c} ${k}`).join(', ')} (see --json provenance)`);
  for (const note of r.notes) lines.push(`note           ${note}`);
  return lines.join('\n') + '\n';
}
