import type { ArchSpec } from '../arch/schema.ts';
import { dramRunFromStats } from '../power/dram-power.ts';
import { unitsOf } from '../isa/core-kinds.ts';
import { powerReport, type PowerReport } from '../power/power-report.ts';
import { combineBoardReports } from '../power/board-power.ts';
import type { RunModelResult } from './run-model.ts';
import { sampledErrorSummary } from './sampled-error.ts';

/** The paper's projection for MMfreeLM-1.3B on the D5005 (a projection, not a measurement). */
export const PAPER_PROJECTED_TOKENS_PER_S = 24;
/** The board that projection is for (the device catalogue's id). */
export const PAPER_PROJECTION_DEVICE = 'intel-pac-d5005';

/**
 * The power block of a run. `mmfsim run` simulates the vector core whatever `core.kind`
 * (coreModelFor in sim/isa/core-kinds.ts), so the vector kind's units and parts are priced,
 * its scratchpad as core 0's program declares it.
 */
export function runPowerReport(arch: ArchSpec, r: RunModelResult): PowerReport {
  if (r.boards) {
    // Every board its own device: its core's busy cycles, its memory, its weights, its link ports.
    const B = r.boards.length;
    const reports = r.boards.map((board, k) =>
      powerReport({
        arch,
        cycles: Math.max(1, r.totalCycles),
        cores: board.cores,
        unitBusyCycles: Object.fromEntries(unitsOf('vector').map((u) => [u, board.unitBusyCycles[u] ?? 0])),
        dram: dramRunFromStats(board.memory, arch.memory),
        tokens: r.tokensProcessed,
        simulated: { kind: 'vector', program: board.program },
        onChip: arch.memory.model === 'onchip' ? { weightBytes: board.weightBytes, bytesRead: board.memory.bytesRead } : null,
        // A chain (layers): the end boards have one port, the others two; a ring (rows): two each, one with two boards.
        linkPortsW: arch.system.link.port_power_w * (arch.system.partition === 'rows' ? Math.min(2, B - 1) : k === 0 || k === B - 1 ? 1 : 2),
      }),
    );
    return combineBoardReports(reports, r.boards.map((x) => x.stage));
  }
  const b = r.unitBusyCycles;
  // Every token the passes processed, prompt and generated, summed over sequences.
  const generated = r.tokensProcessed;
  return powerReport({
    arch,
    cycles: Math.max(1, r.totalCycles),
    cores: r.config.cores,
    unitBusyCycles: Object.fromEntries(unitsOf('vector').map((u) => [u, b[u] ?? 0])),
    dram: dramRunFromStats(r.memory, arch.memory),
    tokens: generated,
    simulated: { kind: 'vector', program: r.programs[0]! },
    onChip: arch.memory.model === 'onchip' ? { weightBytes: r.programs.reduce((a, p) => a + p.ddr.weightBytes, 0), bytesRead: r.memory.bytesRead } : null,
  });
}

/** What `simulate()` returns and `mmfsim run --json` prints (snake_case keys, stable; docs/run.md). */
export type RunResult = ReturnType<typeof runResult>;

/** The run as one JSON-serialisable object: tokens, cycles, DRAM, bounds, resources, power. */
export function runResult(
  arch: ArchSpec,
  archFile: string | null,
  modelName: string,
  synthetic: boolean,
  r: RunModelResult,
  power: PowerReport,
  wallS: number,
  decode: ((ids: number[]) => string) | null,
) {
  const clockHz = r.config.core.clockHz;
  const decodeCycles = r.perTokenCycles;
  const prefillTokens = r.prefillPasses.reduce((a, p) => a + p.tokens, 0);
  const prefillCycles = r.prefillPasses.reduce((a, p) => a + p.cycles, 0);
  const decodeTotal = decodeCycles.reduce((a, c) => a + c, 0);
  const mean = decodeCycles.length > 0 ? decodeTotal / decodeCycles.length : prefillCycles / Math.max(1, prefillTokens);
  // Aggregate: tokens of all sequences per second of generation passes (each pass gives one
  // token to every sequence in it). Without generation passes: the prefill rate.
  const aggregate = decodeCycles.length > 0 ? (r.generationSlots.reduce((a, s) => a + s, 0) * clockHz) / decodeTotal : clockHz / mean;
  const perSequence = decodeCycles.length > 0 ? clockHz / mean : aggregate / r.sequences.length;
  const timeS = r.totalCycles / clockHz;
  const units = r.config.cores * Math.max(1, r.totalCycles);
  const { energy_pj: _energy, ...commands } = r.memory.detail;
  void _energy;
  const peakGbs = r.peakBytesPerS / 1e9;
  const bandwidth = r.memory.bytesRead / timeS / 1e9;
  return {
    arch: arch.name,
    arch_file: archFile,
    memory_model: arch.memory.model,
    model: modelName,
    synthetic_weights: synthetic,
    timing_only: r.ids === null,
    cores: r.config.cores,
    batch: r.config.batch,
    prompt_ids: r.promptIds,
    ids: r.ids,
    text: r.ids && decode ? decode(r.ids) : null,
    sequences: r.sequences.map((q) => ({ prompt_ids: q.promptIds, ids: q.ids, text: q.ids && decode ? decode(q.ids) : null })),
    clock_mhz: clockHz / 1e6,
    cycles: r.totalCycles,
    time_s: timeS,
    cycles_per_token: { mean, per_token: decodeCycles },
    prefill: { tokens: prefillTokens, cycles: prefillCycles, passes: r.prefillPasses, tokens_per_s: prefillCycles > 0 ? (prefillTokens * clockHz) / prefillCycles : null },
    tokens_per_s: aggregate,
    tokens_per_s_per_sequence: perSequence,
    unit_busy_fraction: Object.fromEntries(Object.entries(r.unitBusyCycles).map(([u, c]) => [u, c / units])),
    stall_cycles: r.stallCycles,
    ddr: {
      bytes_read: r.memory.bytesRead,
      bytes_written: r.memory.bytesWritten,
      reads: r.memory.reads,
      writes: r.memory.writes,
      bandwidth_gbs: bandwidth,
      peak_gbs: Number.isFinite(peakGbs) ? peakGbs : null,
      utilization: Number.isFinite(peakGbs) ? bandwidth / peakGbs : null,
      commands,
    },
    bandwidth_series: r.bandwidthSeries,
    arbiter: r.arbiter,
    ...(r.link ? { boards: { count: r.boards!.length, partition: arch.system.partition, layers: r.boards!.map((x) => [x.stage.firstLayer, x.stage.endLayer] as [number, number]), link: r.link } } : {}),
    bounds: r.bounds,
    breakdown: { per_stage_cycles: r.stageCycles, per_op_busy_cycles: r.opCycles },
    fidelity: r.fidelity,
    // The paper's projection is of a D5005 design: beside another board's run it compares nothing.
    paper_projection_tokens_per_s: arch.device.id === PAPER_PROJECTION_DEVICE ? PAPER_PROJECTED_TOKENS_PER_S : null,
    resources: power.resources,
    feasible: power.feasible,
    power_w: power.power_w,
    energy_per_token_j: power.energy_per_token_j,
    tokens_per_joule: power.tokens_per_joule,
    power,
    provenance: power.provenance,
    sampled: r.sampled
      ? {
          layers: r.sampled.layers,
          simulated_layers: r.sampled.simulatedLayers,
          factor: r.sampled.factor,
          simulated_whole: r.sampled.simulatedWhole,
          error_on_shipped_configs: sampledErrorSummary(),
        }
      : null,
    fast_forward: { enabled: r.fastForward.enabled, requests_skipped: r.fastForward.requestsSkipped, stretches: r.fastForward.stretches, closed_form_runs: r.fastForward.closedFormRuns },
    engine_events: r.engineEvents,
    wall_s: wallS,
  };
}
