import type { ArchSpec } from '../../arch/schema.ts';
import { compileModel, weightsPerToken, type CompiledProgram } from '../../compiler/compile-model.ts';
import { layoutDdr } from '../../compiler/ddr-layout.ts';
import { InputError } from '../../input-error.ts';
import { IntegerForward } from '../../model/integer-forward.ts';
import { argmax } from '../../model/sampling.ts';
import type { TernaryModel } from '../../model/ternary-model.ts';
import type { PackLayout } from '../../model/ternary-packing.ts';
import { VECTOR_UNITS } from '../../isa/vector-instruction.ts';
import type { ArbiterStats } from '../memory/memory-arbiter.ts';
import type { MemoryStats } from '../memory/memory-model.ts';
import { STALL_CAUSES, type VectorCoreConfig } from '../core/vector-core.ts';
import type { DatapathConfig } from '../datapath/vector-datapath.ts';
import { Accelerator, type AcceleratorConfig } from './accelerator.ts';
import { buildCoreMemories } from './core-memories.ts';
import { throughputBounds, type ThroughputBounds } from './bounds.ts';

export interface RunModelRequest {
  arch: ArchSpec;
  model: TernaryModel;
  promptIds: readonly number[];
  /** Tokens to generate greedily after the prompt. */
  tokens: number;
  /** Skip the datapath arithmetic (no ids, no fidelity): timing only. */
  timingOnly?: boolean;
  /** Compare every position's logits with the integer reference (default: when values are computed). */
  fidelity?: boolean;
  layout?: PackLayout;
  onPass?: (done: number, total: number) => void;
  /**
   * Serve provable memory round trips of a weight stream without events (default true).
   * Results are identical either way; false gives the event-by-event run (docs/run.md).
   */
  fastForward?: boolean;
}

export interface Fidelity {
  positions: number;
  top1_agreement: number;
  max_logit_error: number;
  /** Every logit of every position bit-identical to the integer reference. */
  exact: boolean;
}

export interface RunModelResult {
  config: AcceleratorConfig;
  programs: CompiledProgram[];
  promptIds: number[];
  /** Generated ids (null when timing only). */
  ids: number[] | null;
  /** Cycles of each prefill pass and how many prompt tokens it held. */
  prefillPasses: { tokens: number; cycles: number }[];
  /** Cycles of the pass that processes each generated token. */
  perTokenCycles: number[];
  totalCycles: number;
  unitBusyCycles: Record<string, number>;
  stallCycles: Record<string, number>;
  opCycles: Record<string, number>;
  /** Critical-path cycles per stage (embed, layerN.mlgru, layerN.glu, head), summed over passes. */
  stageCycles: Record<string, number>;
  memory: MemoryStats;
  peakBytesPerS: number;
  bounds: ThroughputBounds;
  /** The memory arbiter's counters when cores share channels (null: private memories). */
  arbiter: ArbiterStats | null;
  fidelity: Fidelity | null;
  /** Events dispatched (fast-forwarded requests cost none). */
  engineEvents: number;
  /**
   * Weight-stream requests served by fast-forwarding, in how many event-free stretches, and
   * how many runs of them were applied in closed form (docs/run.md).
   */
  fastForward: { enabled: boolean; requestsSkipped: number; stretches: number; closedFormRuns: number };
}

/** The plain core parameters of the arch YAML. */
export function resolveVectorCore(arch: ArchSpec): { core: VectorCoreConfig; datapath: DatapathConfig; cores: number; batch: number; interconnectBytesPerCycle: number } {
  const c = arch.core;
  return {
    core: {
      clockHz: Math.round(c.clock_mhz * 1e6),
      portWidthBytes: c.memory_port.width_bytes,
      burstBeats: c.memory_port.burst_beats,
      outstanding: c.memory_port.outstanding,
      weightsPerCycle: c.tmatmul.weights_per_cycle,
      fifoBytes: c.tmatmul.fifo_bytes,
      rowwiseElementsPerCycle: c.rowwise.elements_per_cycle,
      quantizeElementsPerCycle: c.quantize.elements_per_cycle,
      prefetchWeights: c.pipelining.prefetch_weights,
      overlapElementwise: c.pipelining.overlap_elementwise,
    },
    datapath: { accumulatorBits: c.tmatmul.accumulator_bits, nonlinear: c.datapath.nonlinear, lutBits: c.datapath.lut_bits, state: c.datapath.state },
    cores: c.cores,
    batch: c.batch,
    interconnectBytesPerCycle: c.interconnect_bytes_per_cycle,
  };
}

/**
 * Run a model on the simulated accelerator: compile one program per core, build each core's
 * memory (its share of the DDR channels), prefill the prompt `batch` tokens per pass, then
 * generate greedily one token per pass. Values (unless timing only) come from the simulated
 * datapath; cycles from the event-driven microarchitecture and memory models.
 */
export function runModel(req: RunModelRequest): RunModelResult {
  const { arch, model } = req;
  const r = resolveVectorCore(arch);
  const timingOnly = req.timingOnly ?? false;
  const config: AcceleratorConfig = { core: r.core, datapath: timingOnly ? null : r.datapath, cores: r.cores, batch: r.batch, interconnectBytesPerCycle: r.interconnectBytesPerCycle };
  const requestBytes = r.core.portWidthBytes * r.core.burstBeats;
  if (requestBytes > r.core.fifoBytes) {
    throw new InputError(`a memory request of ${requestBytes} bytes (memory_port.width_bytes × burst_beats) does not fit the ${r.core.fifoBytes}-byte weight FIFO`, { key: 'core.tmatmul.fifo_bytes' });
  }
  const compileOptions = { cores: r.cores, fuseProjections: arch.core.pipelining.fuse_projections, layout: req.layout ?? 'input-fastest' } as const;
  // Private channels (each core its own) or shared ones behind an arbiter (core-memories.ts).
  const memories = buildCoreMemories(arch, r.cores, r.core.clockHz, (k) => layoutDdr(model, r.cores, k, compileOptions.layout).end);
  const programs = Array.from({ length: r.cores }, (_, k) => compileModel(model, k, { ...compileOptions, ddrBase: memories.bases[k]! }));
  const acc = new Accelerator(config, programs, memories.ports, memories.physical);
  const reference = !timingOnly && (req.fidelity ?? true) ? new IntegerForward(model) : null;
  const fastForward = req.fastForward ?? true;
  for (const c of acc.cores) c.stream.fastForward = fastForward;

  const prompt = [...req.promptIds];
  const passes: number[][] = [];
  for (let i = 0; i < prompt.length; i += r.batch) passes.push(prompt.slice(i, i + r.batch));
  const totalPasses = passes.length + req.tokens;
  let done = 0;
  let positions = 0;
  let agree = 0;
  let maxErr = 0;
  let exact = true;
  const compare = (slot: number, token: number) => {
    if (!reference) return;
    const want = reference.step(token);
    const got = acc.logits(slot);
    positions++;
    if (argmax(got) === argmax(want)) agree++;
    for (let v = 0; v < want.length; v++) {
      const e = Math.abs(got[v]! - want[v]!);
      if (e > maxErr || Number.isNaN(e)) maxErr = Number.isNaN(e) ? Infinity : e;
      if (got[v] !== want[v]) exact = false;
    }
  };
  const stageCycles: Record<string, number> = {};
  const addStages = () => {
    const core = acc.cores[0]!;
    const stages = programs[0]!.stages;
    let prevEnd = -Infinity;
    let i = 0;
    while (i < stages.length) {
      const s = stages[i]!;
      let end = -Infinity;
      let first = Infinity;
      for (; i < stages.length && stages[i] === s; i++) {
        end = Math.max(end, core.doneCycle[i]!);
        first = Math.min(first, core.issueCycle[i]!);
      }
      const from = prevEnd === -Infinity ? first : prevEnd;
      stageCycles[s] = (stageCycles[s] ?? 0) + Math.max(0, end - from);
      prevEnd = Math.max(prevEnd, end);
    }
  };

  acc.reset();
  reference?.reset();
  const prefillPasses: { tokens: number; cycles: number }[] = [];
  for (const p of passes) {
    const cycles = acc.runPass(p);
    addStages();
    prefillPasses.push({ tokens: p.length, cycles });
    p.forEach((t, s) => compare(s, t));
    req.onPass?.(++done, totalPasses);
  }
  const lastSlot = passes[passes.length - 1]!.length - 1;
  let next = timingOnly ? 0 : argmax(acc.logits(lastSlot));
  const ids: number[] = [];
  const perTokenCycles: number[] = [];
  for (let n = 0; n < req.tokens; n++) {
    ids.push(next);
    perTokenCycles.push(acc.runPass([next]));
    addStages();
    compare(0, next);
    if (!timingOnly) next = argmax(acc.logits(0));
    req.onPass?.(++done, totalPasses);
  }

  const sum = (f: (c: (typeof acc.cores)[number]) => Float64Array, i: number) => acc.cores.reduce((a, c) => a + f(c)[i]!, 0);
  const unitBusyCycles = Object.fromEntries(VECTOR_UNITS.map((u, i) => [u, sum((c) => c.busyCycles, i)]));
  const stallCycles: Record<string, number> = Object.fromEntries(STALL_CAUSES.map((s, i) => [s, sum((c) => c.stallCycles, i)]));
  stallCycles['weight_starved'] = acc.cores.reduce((a, c) => a + c.stream.stats.weightStarvedCycles, 0);
  stallCycles['fifo_full'] = acc.cores.reduce((a, c) => a + c.stream.stats.fifoFullCycles, 0);
  stallCycles['memory_back_pressure'] = acc.cores.reduce((a, c) => a + c.stream.stats.backPressureCycles, 0);
  const opCycles: Record<string, number> = {};
  for (const c of acc.cores) for (const [op, v] of c.opCycles) opCycles[op] = (opCycles[op] ?? 0) + v;
  const memory = acc.memoryStats();
  // Every channel once: private memories × their channels, or the one shared memory.
  const memoryPeak = peakMemoryBytesPerS(arch, memories.channelsPerModel > 0 ? memories.physical[0]!.clockHz * 2 * 8 * memories.channelsPerModel * memories.physical.length : Infinity);
  const weightBytes = programs.reduce((a, p) => a + p.ddr.weightBytes, 0);
  const bounds = throughputBounds({
    weightBytesPerPass: weightBytes,
    weightsPerToken: weightsPerToken(model),
    memoryBytesPerS: memoryPeak,
    portBytesPerS: requestBytes * r.core.clockHz * r.cores,
    macsPerS: r.core.weightsPerCycle * r.core.clockHz * r.cores,
    batch: r.batch,
  });
  return {
    config,
    programs,
    promptIds: prompt,
    ids: timingOnly ? null : ids,
    prefillPasses,
    perTokenCycles,
    totalCycles: acc.now,
    unitBusyCycles,
    stallCycles,
    opCycles,
    stageCycles,
    memory,
    peakBytesPerS: Math.min(memoryPeak, requestBytes * r.core.clockHz * r.cores),
    arbiter: memories.arbiter ? memories.arbiter.stats() : null,
    bounds,
    fidelity: reference ? { positions, top1_agreement: positions ? agree / positions : 1, max_logit_error: maxErr, exact } : null,
    engineEvents: acc.engine.eventsProcessed,
    fastForward: {
      enabled: fastForward,
      requestsSkipped: acc.cores.reduce((n, c) => n + c.stream.fastForwardStats.requestsSkipped, 0),
      stretches: acc.cores.reduce((n, c) => n + c.stream.fastForwardStats.stretches, 0),
      closedFormRuns: acc.cores.reduce((n, c) => n + c.stream.fastForwardStats.closedFormRuns, 0),
    },
  };
}

/**
 * A DDR4 channel and an HBM2 pseudo-channel both move 8 bytes per transfer, two transfers
 * per DRAM clock (DDR4-2400: 19.2 GB/s; HBM2 at 900 MHz: 14.4 GB/s, × 32 = 460.8 GB/s).
 */
function peakMemoryBytesPerS(arch: ArchSpec, ddrBytesPerS: number): number {
  return arch.memory.model === 'ddr4' || arch.memory.model === 'hbm2' ? ddrBytesPerS : Infinity;
}
