import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { InputError } from '../input-error.ts';
import type { RunResult } from '../run/run-result.ts';

/**
 * A run's result as the run report reads it: the object `simulate()` returns or
 * `mmfsim run --json` printed. Only the parts the report draws are checked; JSON turned every
 * infinite bound into null, so numbers that can be infinite are nullable here. A file that is
 * not such an object is bad input naming the file and the first missing or wrong key.
 */
const num = z.number();
const nnum = z.number().nullable();
const counts = z.record(z.string(), z.number());

const RunDocSchema = z
  .object({
    arch: z.string(),
    arch_file: z.string().nullish(),
    model: z.string(),
    synthetic_weights: z.boolean(),
    timing_only: z.boolean(),
    // Older results have no `sampled` key: a simulated run.
    sampled: z
      .object({
        layers: num,
        simulated_layers: z.array(num),
        simulated_whole: z.string().nullable(),
        error_on_shipped_configs: z.object({ configs: num, max_abs_relative_error: z.object({ tokens_per_s: num, power_w: num, energy_per_token_j: num }).passthrough(), source: z.string() }).passthrough(),
      })
      .passthrough()
      .nullish(),
    cores: num,
    batch: num,
    sequences: z.array(z.object({ prompt_ids: z.array(num), ids: z.array(num).nullable(), text: z.string().nullable() })),
    clock_mhz: num,
    cycles: num,
    time_s: num,
    cycles_per_token: z.object({ mean: num, per_token: z.array(num) }),
    prefill: z.object({ tokens: num, cycles: num, passes: z.array(z.object({ tokens: num, generated: num, cycles: num })), tokens_per_s: nnum }),
    tokens_per_s: num,
    tokens_per_s_per_sequence: num,
    unit_busy_fraction: counts,
    stall_cycles: counts,
    ddr: z.object({ bytes_read: num, bytes_written: num, bandwidth_gbs: num, peak_gbs: nnum, utilization: nnum }).passthrough(),
    bandwidth_series: z.object({ window_cycles: num, read_bytes: z.array(num), write_bytes: z.array(num) }).nullish(),
    bounds: z.object({
      memory_bound_tokens_per_s: nnum,
      compute_bound_tokens_per_s: nnum,
      per_sequence_memory_bound_tokens_per_s: nnum,
      latency_bound_tokens_per_s: nnum,
      min_read_latency_ns: nnum,
    }).passthrough(),
    breakdown: z.object({ per_stage_cycles: counts, per_op_busy_cycles: counts }),
    fidelity: z.object({ positions: num, top1_agreement: num, max_logit_error: nnum, exact: z.boolean() }).nullable(),
    resources: z.record(z.string(), z.object({ label: z.string().nullable(), used: num, available: num, utilisation: num })),
    feasible: z.boolean(),
    power_w: z.object({
      total: num,
      fpga_total: num,
      fpga_static: num,
      fpga_dynamic: num,
      fpga_dynamic_by_unit: counts,
      dram_core: num,
      dram_io: num,
      dram_background: num,
    }),
    energy_per_token_j: nnum,
    tokens_per_joule: nnum,
    power: z
      .object({
        device: z.object({ id: z.string(), name: z.string(), part: z.string() }).passthrough(),
        infeasible_reason: z.string().nullable(),
        notes: z.array(z.string()),
      })
      .passthrough(),
    provenance: z.array(z.object({ coefficient: z.string(), value: z.unknown(), unit: z.string().nullable(), provenance: z.string(), note: z.string().nullish() })),
  })
  .passthrough();

export type RunDoc = z.infer<typeof RunDocSchema>;

/** A run's result given in memory (a `simulate()` object) or as parsed JSON. */
export function runDoc(value: RunResult | unknown, source = 'run result'): RunDoc {
  // JSON round trip: a simulate() object holds Infinity where the file holds null.
  const plain = JSON.parse(JSON.stringify(value)) as unknown;
  const r = RunDocSchema.safeParse(plain);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new InputError(`not a run result (mmfsim run --json): ${issue.message}`, { file: source, key: issue.path.map(String).join('.') || '(top level)' });
  }
  return r.data;
}

export function readRunFile(file: string): RunDoc {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputError(`not valid JSON (${(e as Error).message}); give the output of mmfsim run --json`, { file });
  }
  return runDoc(value, file);
}
