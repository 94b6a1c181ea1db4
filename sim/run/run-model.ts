import type { ArchSpec } from '../arch/schema.ts';
import { compileModel, weightsPerToken, type CompiledProgram } from '../compiler/compile-model.ts';
import { layoutDdr } from '../compiler/ddr-layout.ts';
import { WEIGHT_FORMATS } from '../isa/weight-formats.ts';
import { InputError } from '../input-error.ts';
import { memoryTechnology } from '../memory/registry.ts';
import { resolveMemorySection } from '../arch/onchip-memory.ts';
import { IntegerForward } from '../model/integer-forward.ts';
import { argmax } from '../model/sampling.ts';
import type { TernaryModel } from '../model/ternary-model.ts';
import type { PackLayout } from '../model/ternary-packing.ts';
import { VECTOR_UNITS } from '../isa/vector-instruction.ts';
import { coreModelFor } from '../isa/core-kinds.ts';
import type { ArbiterStats } from '../hw/memory/memory-arbiter.ts';
import type { MemoryStats } from '../memory/memory-model.ts';
import { STALL_CAUSES, type VectorCoreConfig } from '../hw/core/vector-core.ts';
import type { DatapathConfig, PassMode } from '../hw/datapath/vector-datapath.ts';
import { Accelerator, type AcceleratorConfig } from '../hw/system/accelerator.ts';
import { buildCoreMemories, type CoreMemories } from '../hw/system/core-memories.ts';
import { LayerPipeline } from '../hw/system/layer-pipeline.ts';
import { RowBoards } from '../hw/system/row-boards.ts';
import { sumStats } from '../hw/system/accelerator.ts';
import { splitLayers, splitLayersAs, wholeModel, type BoardStage } from '../compiler/board-stages.ts';
import type { BoardLinkStats } from '../hw/system/board-link.ts';
import { throughputBounds, type LatencyBoundInput, type ThroughputBounds } from '../hw/system/bounds.ts';
import type { MemoryModel } from '../memory/memory-model.ts';

export interface RunModelRequest {
  arch: ArchSpec;
  /** The file the arch came from, to name in errors. */
  archFile?: string;
  model: TernaryModel;
  /** One sequence's prompt (give this or `prompts`). */
  promptIds?: readonly number[];
  /**
   * Several sequences decoded together, one prompt each (at most `core.batch`): every pass
   * advances each unfinished sequence by one token, in its own batch slot and recurrent state.
   */
  prompts?: readonly (readonly number[])[];
  /** Tokens to generate greedily after the prompt (per sequence). */
  tokens: number;
  /** Skip the datapath arithmetic (no ids, no fidelity): timing only. */
  timingOnly?: boolean;
  /** Compare every position's logits with the integer reference (default: when values are computed). */
  fidelity?: boolean;
  layout?: PackLayout;
  /** After each pass: passes done of all, and tokens (prompt + generated, all sequences) processed so far. */
  onPass?: (done: number, total: number, tokens: number) => void;
  /**
   * Serve provable memory round trips of a weight stream without events (default true).
   * Results are identical either way; false gives the event-by-event run (docs/run.md).
   */
  fastForward?: boolean;
  /**
   * Layers per board of a layer-split system, in board order, instead of `splitLayers`'
   * balanced split (a sampled run keeps every board's share small: sim/run/sampled-run.ts).
   */
  boardLayers?: readonly number[];
}

/** How a sampled run was made (sim/run/sampled-run.ts); absent from a simulated run. */
export interface SampledRun {
  /** The model's layers. */
  layers: number;
  /** Layers of the two cut models simulated (per board, for a layer-split system). */
  simulatedLayers: [number, number];
  /** (layers − first) / (second − first): how far the difference of the two runs is carried. */
  factor: number;
  /** Why the model was simulated whole instead (too few layers, a pipelined layer split), else null. */
  simulatedWhole: string | null;
}

export interface Fidelity {
  positions: number;
  top1_agreement: number;
  max_logit_error: number;
  /** Every logit of every position bit-identical to the integer reference. */
  exact: boolean;
}

/** One sequence of a run: its prompt and the ids generated for it (null when timing only). */
export interface SequenceResult {
  promptIds: number[];
  ids: number[] | null;
}

/** One board of a several-board system: its layers, its core's busy cycles, its memory's counters, the weights it stores. */
export interface BoardResult {
  /** Layers it runs (rows partition: all of them, a slice of every matrix). */
  stage: BoardStage;
  /** Cores on the board. */
  cores: number;
  /** The program of the board's first core (what its resources are sized from). */
  program: CompiledProgram;
  unitBusyCycles: Record<string, number>;
  memory: MemoryStats;
  weightBytes: number;
}

export interface RunModelResult {
  config: AcceleratorConfig;
  programs: CompiledProgram[];
  /** Sequence 0's prompt and generated ids (null when timing only). */
  promptIds: number[];
  ids: number[] | null;
  /** Every sequence, in the order given. */
  sequences: SequenceResult[];
  /**
   * Cycles of each prefill pass (a pass holding at least one prompt token), how many prompt
   * tokens it held, and how many generated tokens rode along (sequences whose prompt was done).
   */
  prefillPasses: { tokens: number; generated: number; cycles: number }[];
  /** Cycles of each generation pass (only generated tokens: one per sequence still running). */
  perTokenCycles: number[];
  /** Sequences (batch slots) in each generation pass. */
  generationSlots: number[];
  /** Tokens the passes processed, prompt and generated, summed over sequences. */
  tokensProcessed: number;
  totalCycles: number;
  unitBusyCycles: Record<string, number>;
  stallCycles: Record<string, number>;
  opCycles: Record<string, number>;
  /** Critical-path cycles per stage (embed, layerN.mlgru, layerN.glu, head), summed over passes. */
  stageCycles: Record<string, number>;
  memory: MemoryStats;
  /** Bytes read and written per window of `window_cycles` core cycles, over the whole run (sim/hw/memory/bandwidth-series.ts). */
  bandwidthSeries: { window_cycles: number; read_bytes: number[]; write_bytes: number[] };
  peakBytesPerS: number;
  bounds: ThroughputBounds;
  /** The memory arbiter's counters when cores share channels (null: private memories). */
  arbiter: ArbiterStats | null;
  fidelity: Fidelity | null;
  /** Each board of a layer-split system (null: one board). */
  boards: BoardResult[] | null;
  /** What crossed the inter-board link (null: one board). */
  link: BoardLinkStats | null;
  /** Events dispatched (fast-forwarded requests cost none). */
  engineEvents: number;
  /**
   * Weight-stream requests served by fast-forwarding, in how many event-free stretches, and
   * how many runs of them were applied in closed form (docs/run.md).
   */
  fastForward: { enabled: boolean; requestsSkipped: number; stretches: number; closedFormRuns: number };
  /** Present when the counters were extrapolated from cut models rather than simulated (sampled-run.ts). */
  sampled?: SampledRun;
}

/** The latency bound's inputs, if the memory knows its shortest read (all memories are alike). */
function latencyBoundInput(memory: MemoryModel, outstanding: number, requestBytes: number, weightBytesPerCore: number[]): LatencyBoundInput | undefined {
  if (!memory.minReadLatency) return undefined;
  return { minReadLatencyS: memory.minReadLatency() / memory.clockHz, outstanding, requestBytes, weightBytesPerCore };
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
      weightsPerByte: WEIGHT_FORMATS[arch.weights.format].weightsPerByte,
      decodeLatencyCycles: WEIGHT_FORMATS[arch.weights.format].decode?.latencyCycles ?? 0,
      fifoBytes: c.tmatmul.fifo_bytes,
      rowwiseElementsPerCycle: c.rowwise.elements_per_cycle,
      quantizeElementsPerCycle: c.quantize.elements_per_cycle,
      prefetchWeights: c.pipelining.prefetch_weights,
      overlapElementwise: c.pipelining.overlap_elementwise,
      ...(c.memory_port.clock_crossing
        ? { crossing: { memorySideHz: Math.round(c.memory_port.clock_crossing.memory_side_mhz * 1e6), syncCycles: c.memory_port.clock_crossing.sync_cycles } }
        : {}),
    },
    datapath: { accumulatorBits: c.tmatmul.accumulator_bits, nonlinear: c.datapath.nonlinear, lutBits: c.datapath.lut_bits, state: c.datapath.state },
    cores: c.cores,
    batch: c.batch,
    interconnectBytesPerCycle: c.interconnect_bytes_per_cycle,
  };
}

/**
 * The simulated system of an arch running a model, before its first pass: one compiled
 * program per core, each core's memory (its share of the channels, or the shared memory
 * behind the arbiter) and the accelerator. Every check that needs both the arch and the
 * model happens here (the DDR images fit the memory and the address field): `runModel`
 * and `checkArchWithModel` (`mmfsim validate ARCH --model DIR`) build the same system.
 */
export function buildSystem(arch: ArchSpec, model: TernaryModel, timingOnly: boolean, layout: PackLayout, archFile?: string, boardLayers?: readonly number[]) {
  // Every kind `run` accepts is simulated on the vector core (a paper-kind core with its
  // vector-only keys at their defaults, which the schema guarantees: sim/isa/core-kinds.ts).
  coreModelFor('run', arch.core.kind, archFile);
  const r = resolveVectorCore(arch);
  const config: AcceleratorConfig = { core: r.core, datapath: timingOnly ? null : r.datapath, cores: r.cores, batch: r.batch, interconnectBytesPerCycle: r.interconnectBytesPerCycle };
  const requestBytes = r.core.portWidthBytes * r.core.burstBeats;
  const compileOptions = { cores: r.cores, fuseProjections: arch.core.pipelining.fuse_projections, layout, format: arch.weights.format } as const;
  if (arch.system.boards > 1) return buildBoards(arch, model, r, config, requestBytes, compileOptions, boardLayers);
  // Private channels (each core its own) or shared ones behind an arbiter (core-memories.ts).
  const memories = buildCoreMemories(arch, r.cores, r.core.clockHz, (k) => layoutDdr(model, r.cores, k, compileOptions.layout, 0, compileOptions.format).end);
  const programs = Array.from({ length: r.cores }, (_, k) => compileModel(model, k, { ...compileOptions, ddrBase: memories.bases[k]! }));
  const acc = new Accelerator(config, programs, memories.ports, memories.physical);
  return { r, config, requestBytes, memories, programs, acc };
}

/**
 * Several boards (`system.boards` > 1). `layers`: board b runs the layers `splitLayers`
 * gives it on one core with its own memory (the whole `memory` section: every board has its
 * own DRAM or block memories), and the residual stream crosses the link between boards
 * (layer-pipeline.ts). The accelerator's cores are the boards' cores, in board order.
 */
function buildBoards(arch: ArchSpec, model: TernaryModel, r: ReturnType<typeof resolveVectorCore>, config: AcceleratorConfig, requestBytes: number, compileOptions: { cores: number; fuseProjections: boolean; layout: PackLayout; format: ArchSpec['weights']['format'] }, boardLayers?: readonly number[]) {
  const B = arch.system.boards;
  const l = arch.system.link;
  const link = {
    lineBitsPerS: l.gbps * 1e9,
    codingEfficiency: l.coding_efficiency,
    framePayloadBytes: l.frame_payload_bytes,
    frameOverheadBytes: l.frame_overhead_bytes,
    latencyS: l.latency_ns * 1e-9,
  };
  if (arch.system.partition === 'rows') {
    // Every board: `cores` row-slice cores on its own memory; the slices of all boards' cores are one split.
    const C = r.cores;
    const total = B * C;
    const options = { ...compileOptions, cores: total };
    const boardMemories = Array.from({ length: B }, (_, b) => buildCoreMemories(arch, C, r.core.clockHz, (k) => layoutDdr(model, total, b * C + k, options.layout, 0, options.format).end));
    const programs = boardMemories.flatMap((m, b) => Array.from({ length: C }, (_, k) => compileModel(model, b * C + k, { ...options, ddrBase: m.bases[k]! })));
    const ports = boardMemories.flatMap((m) => m.ports);
    const physical = boardMemories.flatMap((m) => m.physical);
    const memories: CoreMemories = { ports, physical, arbiter: null, bases: boardMemories.flatMap((m) => m.bases), channelsPerModel: boardMemories[0]!.channelsPerModel };
    const boardConfig: AcceleratorConfig = { ...config, cores: total };
    const acc = new RowBoards(boardConfig, programs, ports, physical, B, link);
    const whole = wholeModel(model.config.numLayers);
    const boards: SystemBoard[] = boardMemories.map((m, b) => ({ stage: whole, cores: Array.from({ length: C }, (_, k) => b * C + k), physical: m.physical }));
    return { r: { ...r, cores: total }, config: boardConfig, requestBytes, memories, programs, acc, boards };
  }
  if (B > model.config.numLayers) throw new InputError(`${B} boards cannot each run one of the model's ${model.config.numLayers} layers`, { key: 'system.boards' });
  if (boardLayers && boardLayers.length !== B) throw new RangeError(`${boardLayers.length} boards' layers given for ${B} boards`);
  const stages = boardLayers ? splitLayersAs(boardLayers, model.config.numLayers) : splitLayers(model, B);
  const boardConfig: AcceleratorConfig = { ...config, cores: B };
  const options = { ...compileOptions, cores: 1 };
  const boardMemories = stages.map((stage) => buildCoreMemories(arch, 1, r.core.clockHz, () => layoutDdr(model, 1, 0, options.layout, 0, options.format, stage).end));
  const programs = stages.map((stage, b) => compileModel(model, 0, { ...options, stage, ddrBase: boardMemories[b]!.bases[0]! }));
  const ports = boardMemories.map((m) => m.ports[0]!);
  const physical = boardMemories.flatMap((m) => m.physical);
  const memories: CoreMemories = { ports, physical, arbiter: null, bases: programs.map(() => 0), channelsPerModel: boardMemories[0]!.channelsPerModel };
  const acc = new LayerPipeline(boardConfig, programs, ports, physical, link);
  const boards: SystemBoard[] = stages.map((stage, b) => ({ stage, cores: [b], physical: boardMemories[b]!.physical }));
  return { r: { ...r, cores: B }, config: boardConfig, requestBytes, memories, programs, acc, boards };
}

/** One board of a several-board system: what it runs, its cores (indices into the accelerator's) and its memory models. */
interface SystemBoard {
  stage: BoardStage;
  cores: number[];
  physical: MemoryModel[];
}

/** Throws the InputError `run` would for this arch and model before simulating (nothing is run). */
export function checkArchWithModel(arch: ArchSpec, model: TernaryModel): void {
  buildSystem(arch, model, false, 'input-fastest');
}

/**
 * Run a model on the simulated accelerator: compile one program per core, build each core's
 * memory (its share of the DDR channels), prefill the prompt `batch` tokens per pass, then
 * generate greedily one token per pass. Values (unless timing only) come from the simulated
 * datapath; cycles from the event-driven microarchitecture and memory models.
 */
export function runModel(req: RunModelRequest): RunModelResult {
  const { arch, model } = req;
  const timingOnly = req.timingOnly ?? false;
  const prompts = requestedPrompts(req, resolveVectorCore(arch).batch);
  const system = buildSystem(arch, model, timingOnly, req.layout ?? 'input-fastest', req.archFile, req.boardLayers);
  const { r, config, memories, programs, acc } = system;
  const systemBoards = 'boards' in system ? system.boards : null;
  const layerSplit = arch.system.boards > 1 && arch.system.partition === 'layers';
  // One integer reference per sequence: each follows its own sequence's tokens alone.
  const references = !timingOnly && (req.fidelity ?? true) ? prompts.map(() => new IntegerForward(model)) : null;
  const fastForward = req.fastForward ?? true;
  for (const c of acc.cores) c.stream.fastForward = fastForward;
  // The memories' own fast path follows the same switch (docs/run.md, "Direct reads"), for a
  // memory that one port drives directly. Behind a shared-channel arbiter it stays off: the
  // same results there, but slower (measured; docs/run.md, "Direct reads").
  for (const m of acc.physicalMemories) {
    const ports = acc.memories.filter((x) => x === m).length;
    m.setDirectReads?.(fastForward && ports === 1);
  }

  const schedule = new PassSchedule(prompts, req.tokens, r.batch);
  const totalPasses = schedule.totalPasses;
  let done = 0;
  let positions = 0;
  let agree = 0;
  let maxErr = 0;
  let exact = true;
  const compare = (slot: number, token: number, sequence: number) => {
    if (!references) return;
    const want = references[sequence]!.step(token);
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
  // One core's stages (the row-split cores run the same program); every board's when the layers are split.
  const addStages = () => {
    for (let k = 0; k < (layerSplit ? acc.cores.length : 1); k++) addCoreStages(k);
  };
  const addCoreStages = (k: number) => {
    const core = acc.cores[k]!;
    const stages = programs[k]!.stages;
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
  const prefillPasses: { tokens: number; generated: number; cycles: number }[] = [];
  const perTokenCycles: number[] = [];
  const generationSlots: number[] = [];
  let tokensProcessed = 0;
  for (let pass = schedule.next(); pass; pass = schedule.next()) {
    const cycles = acc.runPass(pass.tokens, pass.mode);
    addStages();
    const prompted = pass.fromPrompt.reduce((a, p) => a + (p ? 1 : 0), 0);
    if (prompted > 0) prefillPasses.push({ tokens: prompted, generated: pass.tokens.length - prompted, cycles });
    else {
      perTokenCycles.push(cycles);
      generationSlots.push(pass.tokens.length);
    }
    tokensProcessed += pass.tokens.length;
    pass.tokens.forEach((t, slot) => compare(slot, t, pass.sequenceOf[slot]!));
    // Timing only: no logits; every sequence "generates" token 0 (its embedding row is fetched).
    schedule.record(pass, (slot) => (timingOnly ? 0 : argmax(acc.logits(slot))));
    req.onPass?.(++done, totalPasses, tokensProcessed);
  }
  const sequences: SequenceResult[] = prompts.map((p, q) => ({ promptIds: [...p], ids: timingOnly ? null : schedule.generated[q]! }));

  const sum = (f: (c: (typeof acc.cores)[number]) => Float64Array, i: number) => acc.cores.reduce((a, c) => a + f(c)[i]!, 0);
  const unitBusyCycles = Object.fromEntries(VECTOR_UNITS.map((u, i) => [u, sum((c) => c.busyCycles, i)]));
  const stallCycles: Record<string, number> = Object.fromEntries(STALL_CAUSES.map((s, i) => [s, sum((c) => c.stallCycles, i)]));
  stallCycles['weight_starved'] = acc.cores.reduce((a, c) => a + c.stream.stats.weightStarvedCycles, 0);
  stallCycles['fifo_full'] = acc.cores.reduce((a, c) => a + c.stream.stats.fifoFullCycles, 0);
  stallCycles['memory_back_pressure'] = acc.cores.reduce((a, c) => a + c.stream.stats.backPressureCycles, 0);
  const opCycles: Record<string, number> = {};
  for (const c of acc.cores) for (const [op, v] of c.opCycles) opCycles[op] = (opCycles[op] ?? 0) + v;
  const memory = acc.memoryStats();
  const boards: BoardResult[] | null = systemBoards
    ? systemBoards.map((board) => ({
        stage: board.stage,
        cores: board.cores.length,
        unitBusyCycles: Object.fromEntries(VECTOR_UNITS.map((u, i) => [u, board.cores.reduce((a, k) => a + acc.cores[k]!.busyCycles[i]!, 0)])),
        memory: sumStats(board.physical.map((m) => m.stats())),
        weightBytes: board.cores.reduce((a, k) => a + programs[k]!.ddr.weightBytes, 0),
        program: programs[board.cores[0]!]!,
      }))
    : null;
  const { bounds, peakBytesPerS } = systemBounds(arch, model, system, prompts.length);
  return {
    config,
    programs,
    promptIds: sequences[0]!.promptIds,
    ids: sequences[0]!.ids,
    sequences,
    prefillPasses,
    perTokenCycles,
    generationSlots,
    tokensProcessed,
    totalCycles: acc.now,
    unitBusyCycles,
    stallCycles,
    opCycles,
    stageCycles,
    memory,
    bandwidthSeries: acc.bandwidth.snapshot(acc.now),
    peakBytesPerS,
    arbiter: memories.arbiter ? memories.arbiter.stats() : null,
    bounds,
    fidelity: references ? { positions, top1_agreement: positions ? agree / positions : 1, max_logit_error: maxErr, exact } : null,
    boards,
    link: acc instanceof LayerPipeline || acc instanceof RowBoards ? acc.link.stats : null,
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
 * The throughput bounds of a built system (memory, port, compute and requests-in-flight
 * bounds, from its programs' weight bytes) and the peak bytes/s its memory and ports allow:
 * what the simulated tokens/s is compared with. They need the programs, not a simulation.
 */
export function systemBounds(arch: ArchSpec, model: TernaryModel, system: ReturnType<typeof buildSystem>, sequences: number): { bounds: ThroughputBounds; peakBytesPerS: number } {
  const { r, requestBytes, memories, programs } = system;
  // Every channel once: private memories × their channels, or the one shared memory.
  const memorySection = resolveMemorySection(arch);
  const memoryPeak = memoryTechnology(memorySection).peakBytesPerS(memorySection, { coreClockHz: r.core.clockHz });
  const weightBytes = programs.reduce((a, p) => a + p.ddr.weightBytes, 0);
  const bounds = throughputBounds({
    weightBytesPerPass: weightBytes,
    weightsPerToken: weightsPerToken(model),
    memoryBytesPerS: memoryPeak,
    portBytesPerS: requestBytes * r.core.clockHz * r.cores,
    macsPerS: r.core.weightsPerCycle * r.core.clockHz * r.cores,
    batch: r.batch,
    sequences,
    latency: latencyBoundInput(memories.physical[0]!, r.core.outstanding, requestBytes, programs.map((p) => p.ddr.weightBytes)),
  });
  return { bounds, peakBytesPerS: Math.min(memoryPeak, requestBytes * r.core.clockHz * r.cores) };
}

/** The prompts of a request (exactly one of `promptIds` / `prompts`), checked against the batch. */
function requestedPrompts(req: RunModelRequest, batch: number): readonly (readonly number[])[] {
  if ((req.promptIds === undefined) === (req.prompts === undefined)) throw new InputError('give exactly one of promptIds (one sequence) or prompts (several)', { key: 'prompts' });
  const prompts = req.prompts ?? [req.promptIds!];
  if (prompts.length === 0) throw new InputError('no sequences: give at least one prompt', { key: 'prompts' });
  prompts.forEach((p, q) => {
    if (p.length === 0) throw new InputError(`sequence ${q}'s prompt holds no tokens`, { key: 'prompts' });
  });
  if (prompts.length > batch) {
    throw new InputError(`${prompts.length} sequences need ${prompts.length} batch slots, but core.batch is ${batch}: raise core.batch or run fewer sequences`, { key: 'core.batch' });
  }
  return prompts;
}

/** One pass of a run: the token of each batch slot, whose it is, and whether it is a prompt token. */
interface ScheduledPass {
  tokens: number[];
  mode: PassMode;
  sequenceOf: number[];
  fromPrompt: boolean[];
  /** Index in its sequence (prompt then generated ids) of each slot's token. */
  position: number[];
}

/**
 * The order in which tokens enter passes. One sequence: the prompt `batch` tokens per pass
 * (consecutive tokens, one state), then one generated token per pass — exactly the
 * single-sequence run. Several sequences: every pass holds the next token of each sequence
 * that is not finished (slot order = sequence order), a prompt token while its prompt lasts,
 * then its last generated id; a sequence whose prompt ends earlier starts generating while
 * the others still prefill, and leaves the passes once its `tokens` ids have been fed back.
 * Every sequence is fed prompt + `tokens` tokens (the last pass's logits are not used).
 */
class PassSchedule {
  /** Ids generated so far, per sequence. */
  readonly generated: number[][];
  readonly totalPasses: number;
  /** Tokens of each sequence already sent. */
  private readonly fed: number[];

  constructor(
    private readonly prompts: readonly (readonly number[])[],
    private readonly tokens: number,
    private readonly batch: number,
  ) {
    this.generated = prompts.map(() => []);
    this.fed = prompts.map(() => 0);
    this.totalPasses = prompts.length === 1 ? Math.ceil(prompts[0]!.length / batch) + tokens : Math.max(...prompts.map((p) => p.length)) + tokens;
  }

  next(): ScheduledPass | null {
    const S = this.prompts.length;
    if (S === 1 && this.fed[0]! < this.prompts[0]!.length) {
      const from = this.fed[0]!;
      const tokens = this.prompts[0]!.slice(from, from + this.batch);
      return { tokens, mode: { kind: 'prefill-one-sequence', sequence: 0 }, sequenceOf: tokens.map(() => 0), fromPrompt: tokens.map(() => true), position: tokens.map((_, i) => from + i) };
    }
    const pass: ScheduledPass = { tokens: [], mode: { kind: 'sequences', sequences: [] }, sequenceOf: [], fromPrompt: [], position: [] };
    for (let q = 0; q < S; q++) {
      const prompt = this.prompts[q]!;
      const k = this.fed[q]!;
      if (k >= prompt.length + this.tokens) continue;
      const fromPrompt = k < prompt.length;
      pass.tokens.push(fromPrompt ? prompt[k]! : this.generated[q]![k - prompt.length]!);
      pass.sequenceOf.push(q);
      pass.fromPrompt.push(fromPrompt);
      pass.position.push(k);
    }
    if (pass.tokens.length === 0) return null;
    pass.mode = { kind: 'sequences', sequences: pass.sequenceOf };
    return pass;
  }

  /** After a pass: advance each sequence; a slot at or past its prompt's last token yields the next id. */
  record(pass: ScheduledPass, nextId: (slot: number) => number): void {
    pass.tokens.forEach((_, slot) => {
      const q = pass.sequenceOf[slot]!;
      this.fed[q]!++;
      const ids = this.generated[q]!;
      if (pass.position[slot]! >= this.prompts[q]!.length - 1 && ids.length < this.tokens) ids.push(nextId(slot));
    });
  }
}
