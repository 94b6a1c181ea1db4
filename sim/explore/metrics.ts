import type { RunResult } from './lower-layers.ts';

/** A design point's metrics: flat dotted keys, numbers or booleans, null where not computed. */
export type Metrics = Record<string, number | boolean | null>;

/**
 * Every metric a sweep records for a simulated point (docs/explore.md, results.jsonl), with
 * what it means. Constraints and objectives may name any of them; `full` ones exist only
 * when the sweep computes values (mode: full). `sampled`: whether mode sampled gives the
 * metric exactly (the resource verdict and the bounds come from the whole model's programs)
 * or as an estimate (everything the simulated counters feed).
 */
export const METRICS = {
  tokens_per_s: { kind: 'number', full: false, sampled: 'estimate', describe: 'Generated tokens per second, all sequences together (RunResult.tokens_per_s).' },
  tokens_per_s_per_sequence: { kind: 'number', full: false, sampled: 'estimate', describe: 'Generated tokens per second of one sequence.' },
  'power_w.total': { kind: 'number', full: false, sampled: 'estimate', describe: 'FPGA core rail + DRAM power, W.' },
  'power_w.fpga_total': { kind: 'number', full: false, sampled: 'estimate', describe: 'FPGA core rail (static + dynamic), W.' },
  'power_w.fpga_static': { kind: 'number', full: false, sampled: 'estimate', describe: 'FPGA static (leakage) power, W.' },
  'power_w.fpga_dynamic': { kind: 'number', full: false, sampled: 'estimate', describe: 'FPGA dynamic power (core units + shell), W.' },
  'power_w.dram_core': { kind: 'number', full: false, sampled: 'estimate', describe: 'DRAM command power (ACT/RD/WR/REF), W.' },
  'power_w.dram_io': { kind: 'number', full: false, sampled: 'estimate', describe: 'DRAM interface I/O power, W.' },
  'power_w.dram_background': { kind: 'number', full: false, sampled: 'estimate', describe: 'DRAM standby power, W.' },
  energy_per_token_j: { kind: 'number', full: false, sampled: 'estimate', describe: 'Energy of the run per token processed (prompt + generated), J.' },
  tokens_per_joule: { kind: 'number', full: false, sampled: 'estimate', describe: 'Tokens processed per joule.' },
  feasible: { kind: 'boolean', full: false, sampled: 'exact', describe: 'The design fits the device (resource model).' },
  cycles: { kind: 'number', full: false, sampled: 'estimate', describe: 'Core cycles of the whole run.' },
  cycles_per_token: { kind: 'number', full: false, sampled: 'estimate', describe: 'Mean core cycles of a generation pass.' },
  'resources.logic.utilisation': { kind: 'number', full: false, sampled: 'exact', describe: 'Logic (ALM/LUT) used / available.' },
  'resources.registers.utilisation': { kind: 'number', full: false, sampled: 'exact', describe: 'Registers used / available.' },
  'resources.bram.utilisation': { kind: 'number', full: false, sampled: 'exact', describe: 'Block RAM used / available.' },
  'resources.uram.utilisation': { kind: 'number', full: false, sampled: 'exact', describe: 'UltraRAM used / available.' },
  'resources.dsp.utilisation': { kind: 'number', full: false, sampled: 'exact', describe: 'DSP blocks used / available.' },
  'bounds.memory_bound_tokens_per_s': { kind: 'number', full: false, sampled: 'exact', describe: 'Memory-bandwidth bound of tokens_per_s.' },
  'bounds.compute_bound_tokens_per_s': { kind: 'number', full: false, sampled: 'exact', describe: 'Lane-throughput bound of tokens_per_s.' },
  'bounds.latency_bound_tokens_per_s': { kind: 'number', full: false, sampled: 'exact', describe: 'Requests-in-flight bound of tokens_per_s.' },
  'ddr.bandwidth_gbs': { kind: 'number', full: false, sampled: 'estimate', describe: 'DRAM bytes read per second of the run, GB/s.' },
  'ddr.utilization': { kind: 'number', full: false, sampled: 'estimate', describe: 'ddr.bandwidth_gbs / the peak of memory and port.' },
  'fidelity.top1_agreement': { kind: 'number', full: true, sampled: 'estimate', describe: 'Fraction of positions whose argmax equals the integer reference (mode: full).' },
  'fidelity.max_logit_error': { kind: 'number', full: true, sampled: 'estimate', describe: 'Largest |logit − reference logit| over all positions (mode: full).' },
} as const satisfies Record<string, { kind: 'number' | 'boolean'; full: boolean; sampled: 'exact' | 'estimate'; describe: string }>;

export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}

/** A JSON-safe number: Infinity and NaN (which JSON cannot hold) become null. */
function num(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/** The flat metrics of one simulated run (fidelity only when the run computed values). */
export function flattenMetrics(r: RunResult): Metrics {
  const m: Metrics = {
    tokens_per_s: num(r.tokens_per_s),
    tokens_per_s_per_sequence: num(r.tokens_per_s_per_sequence),
    'power_w.total': num(r.power_w.total),
    'power_w.fpga_total': num(r.power_w.fpga_total),
    'power_w.fpga_static': num(r.power_w.fpga_static),
    'power_w.fpga_dynamic': num(r.power_w.fpga_dynamic),
    'power_w.dram_core': num(r.power_w.dram_core),
    'power_w.dram_io': num(r.power_w.dram_io),
    'power_w.dram_background': num(r.power_w.dram_background),
    energy_per_token_j: num(r.energy_per_token_j),
    tokens_per_joule: num(r.tokens_per_joule),
    feasible: r.feasible,
    cycles: num(r.cycles),
    cycles_per_token: num(r.cycles_per_token.mean),
  };
  for (const kind of ['logic', 'registers', 'bram', 'uram', 'dsp'] as const) m[`resources.${kind}.utilisation`] = num(r.resources[kind].utilisation);
  m['bounds.memory_bound_tokens_per_s'] = num(r.bounds.memory_bound_tokens_per_s);
  m['bounds.compute_bound_tokens_per_s'] = num(r.bounds.compute_bound_tokens_per_s);
  m['bounds.latency_bound_tokens_per_s'] = num(r.bounds.latency_bound_tokens_per_s);
  m['ddr.bandwidth_gbs'] = num(r.ddr.bandwidth_gbs);
  m['ddr.utilization'] = num(r.ddr.utilization);
  if (r.fidelity) {
    m['fidelity.top1_agreement'] = num(r.fidelity.top1_agreement);
    // An infinite error (a NaN logit) is the worst possible: keep it comparable, not null.
    m['fidelity.max_logit_error'] = Number.isNaN(r.fidelity.max_logit_error) ? Number.MAX_VALUE : Math.min(r.fidelity.max_logit_error, Number.MAX_VALUE);
  }
  return m;
}
