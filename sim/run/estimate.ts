import type { ResourceKind } from '../arch/device-catalogue.ts';
import type { ResourceUse } from '../power/resources/feasibility.ts';
import type { ArchSpec } from '../arch/schema.ts';
import { compileModel, weightsPerToken, type CompiledProgram } from '../compiler/compile-model.ts';
import { layoutDdr } from '../compiler/ddr-layout.ts';
import { memoryTechnology } from '../memory/registry.ts';
import { buildCoreMemories } from '../hw/system/core-memories.ts';
import { throughputBounds, type ThroughputBounds } from '../hw/system/bounds.ts';
import type { TernaryModel } from '../model/ternary-model.ts';
import type { PackLayout } from '../model/ternary-packing.ts';
import { powerReport } from '../power/power-report.ts';
import { resolveVectorCore } from './run-model.ts';

/**
 * What a design point can at best achieve, worked out WITHOUT simulating it: the
 * throughput bounds `runModel` reports (memory, compute, requests in flight), a power floor,
 * and the resource model's verdict. A sweep uses them to skip points that cannot reach the
 * Pareto front (docs/explore.md), so every number here must be sound:
 *   - every `*_upper` is ≥ what the simulation reports, every `*_lower` ≤ it;
 *   - `feasible` and `resources` are exact (they depend on the arch and the compiled
 *     program only, never on simulated activity).
 * test/explore/estimate.test.ts checks each against simulated runs of random configs.
 */
export interface PointEstimate {
  bounds: ThroughputBounds;
  /** Upper bound of RunResult.tokens_per_s (generation, all sequences; prefill when tokens = 0). */
  tokens_per_s_upper: number;
  /** Upper bound of RunResult.tokens_per_s_per_sequence. */
  tokens_per_s_per_sequence_upper: number;
  /** Upper bound of the whole run's tokens (prompt + generated, all sequences) per second. */
  tokens_processed_per_s_upper: number;
  /** Lower bounds of RunResult.power_w's lines. */
  power_w_lower: { total: number; fpga_total: number; fpga_static: number; fpga_dynamic: number; dram_background: number };
  /** Upper bound of tokens_per_joule and lower bound of energy_per_token_j. */
  tokens_per_joule_upper: number;
  energy_per_token_j_lower: number;
  feasible: boolean;
  infeasible_reason: string | null;
  resources: Record<ResourceKind, ResourceUse>;
}

export interface EstimateRequest {
  arch: ArchSpec;
  model: TernaryModel;
  /** Sequences decoded together (default 1). */
  sequences?: number;
  /** Tokens generated per sequence (0: the run reports the prefill rate). */
  tokens: number;
  layout?: PackLayout;
  /** Compiled programs by (cores, fused, layout), reused across calls on the same model. */
  programCache?: Map<string, CompiledProgram[]>;
}

/**
 * Float headroom: a floor is lowered, a ceiling raised by this relative amount, so rounding
 * in a different order than the simulator's never turns a bound into a wrong one.
 */
const SLACK = 1e-9;

export function estimatePoint(req: EstimateRequest): PointEstimate {
  const { arch, model } = req;
  const r = resolveVectorCore(arch);
  const S = req.sequences ?? 1;
  const layout = req.layout ?? 'input-fastest';
  const compileOptions = { cores: r.cores, fuseProjections: arch.core.pipelining.fuse_projections, layout } as const;
  const requestBytes = r.core.portWidthBytes * r.core.burstBeats;
  // The memories as runModel builds them (their clocks and shortest reads), never driven.
  const memories = buildCoreMemories(arch, r.cores, r.core.clockHz, (k) => layoutDdr(model, r.cores, k, layout).end);
  const key = `${r.cores}/${compileOptions.fuseProjections}/${layout}/${memories.bases.join(',')}`;
  let programs = req.programCache?.get(key);
  if (!programs) {
    programs = Array.from({ length: r.cores }, (_, k) => compileModel(model, k, { ...compileOptions, ddrBase: memories.bases[k]! }));
    req.programCache?.set(key, programs);
  }
  // The same inputs runModel gives throughputBounds (run-model.ts), so the bounds are equal.
  const physical = memories.physical[0]!;
  const ddrPeak = arch.memory.model === 'ddr4' || arch.memory.model === 'hbm2' ? physical.clockHz * 2 * 8 * memories.channelsPerModel * memories.physical.length : Infinity;
  const bounds = throughputBounds({
    weightBytesPerPass: programs.reduce((a, p) => a + p.ddr.weightBytes, 0),
    weightsPerToken: weightsPerToken(model),
    memoryBytesPerS: ddrPeak,
    portBytesPerS: requestBytes * r.core.clockHz * r.cores,
    macsPerS: r.core.weightsPerCycle * r.core.clockHz * r.cores,
    batch: r.batch,
    sequences: S,
    latency: physical.minReadLatency
      ? { minReadLatencyS: physical.minReadLatency() / physical.clockHz, outstanding: r.core.outstanding, requestBytes, weightBytesPerCore: programs.map((p) => p.ddr.weightBytes) }
      : undefined,
  });
  const decode = Math.min(bounds.memory_bound_tokens_per_s, bounds.compute_bound_tokens_per_s, bounds.latency_bound_tokens_per_s);
  const prefill = Math.min(bounds.prefill_memory_bound_tokens_per_s, bounds.prefill_compute_bound_tokens_per_s, bounds.prefill_latency_bound_tokens_per_s);
  // One sequence's rate in a generation pass of k ≥ 1 slots: one pass's memory and
  // latency bounds, and the lanes' rate for one token (k = 1 is the loosest).
  const perSequence = Math.min(bounds.per_sequence_memory_bound_tokens_per_s, bounds.per_sequence_latency_bound_tokens_per_s, bounds.compute_bound_tokens_per_s);
  const up = (x: number) => x * (1 + SLACK);
  const tokensPerS = req.tokens > 0 ? decode : prefill;
  const perSeq = req.tokens > 0 ? perSequence : prefill / S;
  // Every pass of the run is a prefill or a generation pass; the run's average rate is at
  // most the faster kind's bound.
  const processed = req.tokens > 0 ? Math.max(prefill, decode) : prefill;

  // The power model with every unit idle (busy fraction 0: each keeps its idle clocking
  // share, issue runs every cycle) and the shell: the FPGA floor of any run of this design.
  const idle = powerReport({ arch, cycles: 1, cores: r.cores, unitBusyCycles: {}, dram: null, tokens: null, simulated: { kind: 'vector', program: programs[0]! } });
  const dramBackground = dramBackgroundFloorW(arch);
  const down = (x: number) => x * (1 - SLACK);
  const fpgaTotal = idle.power_w.fpga_total;
  const total = down(fpgaTotal + dramBackground);
  return {
    bounds,
    tokens_per_s_upper: up(tokensPerS),
    tokens_per_s_per_sequence_upper: up(perSeq),
    tokens_processed_per_s_upper: up(processed),
    power_w_lower: {
      total,
      fpga_total: down(fpgaTotal),
      fpga_static: down(idle.power_w.fpga_static),
      fpga_dynamic: down(idle.power_w.fpga_dynamic),
      dram_background: down(dramBackground),
    },
    tokens_per_joule_upper: total > 0 ? up(processed / total) : Infinity,
    energy_per_token_j_lower: Number.isFinite(processed) && processed > 0 ? down(total / processed) : 0,
    feasible: idle.feasible,
    infeasible_reason: idle.infeasible_reason,
    resources: idle.resources,
  };
}

/**
 * DRAM standby power no run can go below: every rank of every channel draws at least
 * min(IDD2N, IDD3N) for the whole run (the memory is advanced to the run's last cycle before
 * its energy is read: Accelerator.memoryStats), and the standby energy divided by the run's
 * time is what power_w.dram_background reports. mA × V = mW.
 */
function dramBackgroundFloorW(arch: ArchSpec): number {
  const technology = memoryTechnology(arch.memory);
  const cfg = technology.dramConfig?.(arch.memory);
  const table = technology.energyTable(arch.memory);
  if (!cfg || !table) return 0; // no DRAM: no standby current
  const perRankMw = table.idd.vdd * Math.min(table.idd.idd2n, table.idd.idd3n) * table.devicesPerRank;
  return (perRankMw * cfg.ranks * cfg.channels) / 1000;
}
