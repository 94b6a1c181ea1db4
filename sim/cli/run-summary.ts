import type { RunResult } from '../run/run-result.ts';

/** The plain-text summary `mmfsim run` prints (without --json). */
export function runSummary(o: RunResult): string {
  const n = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const lines: string[] = [];
  lines.push(`arch           ${o.arch} (${o.cores} core${o.cores === 1 ? '' : 's'}, batch ${o.batch}, ${o.clock_mhz} MHz)`);
  lines.push(`model          ${o.model}${o.synthetic_weights ? ' — SYNTHETIC weights' : ''}`);
  const S = o.sequences.length;
  o.sequences.forEach((q, i) => {
    const tag = S === 1 ? '' : `[${i}] `;
    lines.push(`prompt ids     ${tag}${q.prompt_ids.join(',')}`);
    if (o.timing_only) lines.push(`ids            ${tag}(timing only: no values computed)`);
    else lines.push(`ids            ${tag}${q.ids!.join(',')}${q.text !== null ? `\ntext           ${tag}${JSON.stringify(q.text)}` : ''}`);
  });
  lines.push(`cycles/token   ${n(o.cycles_per_token.mean, 1)} (generation${S === 1 ? '' : ` pass: one token for each of up to ${S} sequences`}; prefill ${n(o.prefill.cycles)} cycles for ${o.prefill.tokens} prompt token${o.prefill.tokens === 1 ? '' : 's'})`);
  const b = o.bounds;
  const latency = Number.isFinite(b.latency_bound_tokens_per_s) ? `, requests in flight ${n(b.latency_bound_tokens_per_s, 2)} (each ≥ ${n(b.min_read_latency_ns!, 1)} ns)` : '';
  lines.push(`tokens/s       ${n(o.tokens_per_s, 2)}   bounds: memory ${n(b.memory_bound_tokens_per_s, 2)}, compute ${n(b.compute_bound_tokens_per_s, 2)}${latency}`);
  if (S > 1) lines.push(`sequences      ${S} decoded together: ${n(o.tokens_per_s, 2)} tokens/s aggregate = ${n(o.tokens_per_s_per_sequence, 2)} per sequence (one sequence's bound: memory ${n(o.bounds.per_sequence_memory_bound_tokens_per_s, 2)})`);
  if (o.model.includes('1.3b') && o.paper_projection_tokens_per_s !== null) {
    lines.push(`paper          ≈${o.paper_projection_tokens_per_s} tokens/s projected for 1.3B on the D5005 (a projection, not a measurement); simulated: ${n(o.tokens_per_s, 2)}`);
  }
  // The `ddr` figures are of whatever memory holds the weights: say which when it is not a DRAM.
  const memoryLabel = (o.memory_model === 'onchip' ? 'on-chip mem' : 'DDR').padEnd(15);
  lines.push(`${memoryLabel}${n(o.ddr.bytes_read)} B read, ${n(o.ddr.bandwidth_gbs, 2)} GB/s${o.ddr.peak_gbs === null ? '' : ` of ${n(o.ddr.peak_gbs, 2)} peak (${n(100 * o.ddr.utilization!, 1)}%)`}`);
  if ('boards' in o && o.boards) {
    const x = o.boards;
    const split = x.partition === 'layers' ? `layers ${x.layers.map(([a, e]) => `${a}–${e - 1}`).join(' | ')}` : 'rows: a slice of every matrix each';
    lines.push(`boards         ${x.count} (${split}); link: ${n(x.link.messages)} messages, ${n(x.link.payload_bytes)} B of activations (${n(x.link.wire_bytes)} B on the wire)`);
  }
  if (o.arbiter) {
    const a = o.arbiter;
    const grants = a.grants.reduce((x, y) => x + y, 0);
    const wait = a.wait_cycles.reduce((x, y) => x + y, 0);
    const full = a.memory_full_cycles.reduce((x, y) => x + y, 0);
    lines.push(`arbiter        ${a.policy}, latency ${a.latency_cycles}: ${n(grants)} grants (per core ${a.grants.map((g) => n(g)).join('/')}), ${n(grants > 0 ? wait / grants : 0, 2)} memory cycles waited per request (${n(wait > 0 ? (100 * full) / wait : 0, 1)}% behind a full channel queue)`);
  }
  lines.push(`busy           ${Object.entries(o.unit_busy_fraction).map(([u, f]) => `${u} ${n(100 * f, 1)}%`).join(', ')}`);
  lines.push(`stalls         ${Object.entries(o.stall_cycles).map(([c, v]) => `${c} ${n(v)}`).join(', ')}`);
  lines.push('per op (busy cycles, all passes, all cores):');
  for (const [op, c] of Object.entries(o.breakdown.per_op_busy_cycles)) lines.push(`  ${op.padEnd(13)}${n(c).padStart(16)}`);
  lines.push('per stage (critical-path cycles, all passes):');
  for (const [s, c] of Object.entries(o.breakdown.per_stage_cycles)) lines.push(`  ${s.padEnd(13)}${n(c).padStart(16)}`);
  if (o.fidelity) {
    const f = o.fidelity;
    lines.push(`fidelity       ${f.exact ? 'EXACT (bit-identical logits)' : 'drifts'}: top-1 agreement ${n(100 * f.top1_agreement, 1)}% over ${f.positions} positions, max logit error ${f.max_logit_error.toExponential(3)}`);
  }
  lines.push(`energy/token   ${o.energy_per_token_j === null ? 'n/a' : `${o.energy_per_token_j.toExponential(3)} J`}, ${o.tokens_per_joule === null ? '' : `${n(o.tokens_per_joule, 2)} tokens/J`}`);
  if (o.sampled) {
    const x = o.sampled;
    if (x.simulated_whole !== null) lines.push(`sampled        no: simulated whole (${x.simulated_whole})`);
    else {
      const e = x.error_on_shipped_configs.max_abs_relative_error;
      const pct = (v: number) => `${n(100 * v, 2)}%`;
      lines.push(`sampled        ESTIMATE: ${x.simulated_layers.join(' and ')} of ${x.layers} layers simulated, every counter carried linearly to ${x.layers}; on the ${x.error_on_shipped_configs.configs} shipped configs (cards ${x.error_on_shipped_configs.models.join(', ')}) it was within ${pct(e.tokens_per_s)} (tokens/s), ${pct(e.power_w)} (power), ${pct(e.energy_per_token_j)} (energy/token) of the whole run: ${x.error_on_shipped_configs.source}`);
    }
  }
  const ff = o.fast_forward;
  lines.push(`simulator      ${n(o.engine_events)} events, ${n(o.wall_s, 2)} s wall${ff.enabled ? `; fast-forwarded ${n(ff.requests_skipped)} memory requests` : '; fast-forwarding off'}`);
  return lines.join('\n') + '\n';
}
