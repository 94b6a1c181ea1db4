import type { VectorProgramShape } from '../compiler/program-shape.ts';
import type { BufferDecl, VectorInstruction, VectorUnit } from '../isa/vector-instruction.ts';
import { assertNeverOp, buffersOf, unitOf } from '../isa/vector-instruction.ts';
import { ProvenanceLog } from '../arch/provenance.ts';
import type { CoreSpec } from '../arch/core-schema.ts';
import { loadDevice, type CatalogueDevice } from '../arch/device-catalogue.ts';
import {
  estimateFromDemands,
  loadCoreUnitCosts,
  log2ceil,
  type CoreUnitCosts,
  type MultDemand,
  type RamDemand,
  type ResourceEstimate,
  type UnitDemand,
} from './resources.ts';

/**
 * Resource demand of the generalised (vector) core that `mmfsim run` simulates. Unlike the
 * paper core (a register file of `registers × d` elements), its storage is a scratchpad of
 * typed buffers declared by the compiled program: the estimate reads the program's buffers
 * (sizes, formats, which units touch each) and the arch's unit parameters, then maps the
 * demand onto the device with the same step 2 as the paper core (sim/power/resources.ts).
 */

export const VECTOR_CORE_UNITS = [
  'issue',
  'scratchpad',
  'load_store',
  'memory_port',
  'weight_fifo',
  'tmatmul',
  'quantize',
  'rowwise',
  'all_gather',
] as const;
export type VectorCoreUnit = (typeof VECTOR_CORE_UNITS)[number];


/** Plain parameters of the vector core, resolved from the arch spec. */
export interface VectorCoreResourceParams {
  cores: number;
  /** Batch slots: every per-slot buffer and every recurrent state has `batch` copies. */
  batch: number;
  portWidthBytes: number;
  outstanding: number;
  burstBeats: number;
  lanes: number;
  accumulatorBits: number;
  fifoBytes: number;
  rowwiseLanes: number;
  quantizeLanes: number;
  nonlinear: 'exact' | 'lut';
  lutBits: number;
  state: 'fp32' | 'bf16' | 'fp16';
  interconnectBytesPerCycle: number;
  /** Instruction-field address width from the arch (widened to cover the program's DDR image). */
  addressBits: number;
}

export function vectorCoreResourceParams(core: CoreSpec): VectorCoreResourceParams {
  return {
    cores: core.cores,
    batch: core.batch,
    portWidthBytes: core.memory_port.width_bytes,
    outstanding: core.memory_port.outstanding,
    burstBeats: core.memory_port.burst_beats,
    lanes: core.tmatmul.weights_per_cycle,
    accumulatorBits: core.tmatmul.accumulator_bits,
    fifoBytes: core.tmatmul.fifo_bytes,
    rowwiseLanes: core.rowwise.elements_per_cycle,
    quantizeLanes: core.quantize.elements_per_cycle,
    nonlinear: core.datapath.nonlinear,
    lutBits: core.datapath.lut_bits,
    state: core.datapath.state,
    interconnectBytesPerCycle: core.interconnect_bytes_per_cycle,
    addressBits: core.address_bits,
  };
}

/** One scratchpad memory: a buffer (or all recurrent states together) and who touches it. */
export interface ScratchpadMemory {
  name: string;
  /** Bits per element as stored. */
  elementBits: number;
  /** Elements of one copy. */
  length: number;
  /** Copies stacked in depth: batch slots, sequences × layers, or 1 for a shared constant. */
  copies: number;
  /** Units that read or write it. */
  units: VectorUnit[];
}

/**
 * The scratchpad the program declares, as memories:
 * - a buffer only ever written by `load` holds a constant (norm gain, lower bound) that is
 *   identical in every slot: one copy, not `batch` (the simulator fills every slot with it);
 * - the recurrent states (one per layer) are never touched by two instructions at once (only
 *   layer l's mlgru_state reads h_l), so they share one deep memory of layers × batch vectors,
 *   stored in the datapath's state format;
 * - every other buffer is its own memory (units work on different buffers concurrently, as
 *   the buffer scoreboard allows) with `batch` copies.
 */
export function scratchpadMemories(program: VectorProgramShape, batch: number, stateBits: number): ScratchpadMemory[] {
  const n = program.buffers.length;
  const units: Set<VectorUnit>[] = Array.from({ length: n }, () => new Set());
  const loaded = new Array<boolean>(n).fill(false);
  const computed = new Array<boolean>(n).fill(false);
  for (const inst of program.instructions) {
    const unit = unitOf(inst);
    for (const b of buffersOf(inst)) units[b]!.add(unit);
    for (const b of writtenBuffers(inst)) {
      if (inst.op === 'load') loaded[b] = true;
      else computed[b] = true;
    }
  }
  const memories: ScratchpadMemory[] = [];
  let state: ScratchpadMemory | null = null;
  program.buffers.forEach((d, b) => {
    // A declared buffer no instruction touches (a one-layer model's lower bound) is not built.
    if (units[b]!.size === 0) return;
    const bits = d.format === 'f32' ? 32 : 8;
    if (d.state) {
      if (state === null) {
        state = { name: 'state', elementBits: stateBits, length: d.length, copies: 0, units: [] };
        memories.push(state);
      }
      state.length = Math.max(state.length, d.length);
      state.copies += batch;
      for (const u of units[b]!) if (!state.units.includes(u)) state.units.push(u);
      return;
    }
    const constant = loaded[b]! && !computed[b]!;
    memories.push({ name: d.name, elementBits: bits, length: d.length, copies: constant ? 1 : batch, units: [...units[b]!] });
  });
  return memories;
}

/** The buffers an instruction writes (a `load` writes the same constant into every slot). */
export function writtenBuffers(inst: VectorInstruction): number[] {
  switch (inst.op) {
    case 'load_embed':
    case 'load':
    case 'rmsnorm':
    case 'glu':
    case 'add':
      return [inst.dst];
    case 'store':
      return [];
    case 'quantize':
    case 'tmatmul':
      return inst.parts.map((p) => p.dst);
    case 'mlgru_state':
      return [inst.h, inst.hOut];
    case 'gated_out':
      return [inst.o];
    case 'all_gather':
      return [inst.buf];
    default:
      return assertNeverOp(inst);
  }
}

/** Bytes of the scratchpad as declared (element bits × length × copies, before RAM packing). */
export function scratchpadBytes(memories: readonly ScratchpadMemory[]): number {
  let bits = 0;
  for (const m of memories) bits += m.elementBits * m.length * m.copies;
  return Math.ceil(bits / 8);
}

/** Demand of every vector-core unit (one core). */
export function vectorCoreDemands(
  p: VectorCoreResourceParams,
  program: VectorProgramShape,
  costs: CoreUnitCosts,
  log: ProvenanceLog,
): Record<VectorCoreUnit, UnitDemand> {
  const c = (key: keyof CoreUnitCosts['primitives']): number => log.use(`core-units.primitives.${key}`, costs.primitives[key]);
  const v = costs.vector_core;
  type Scalar = 'fp32_compare_luts' | 'instruction_fields' | 'opcode_bits' | 'rowwise_multipliers_per_lane' | 'rowwise_adders_per_lane' | 'quantize_multipliers_per_lane';
  const vc = (key: Scalar): number => log.use(`core-units.vector_core.${key}`, v[key]);
  const control = (unit: keyof CoreUnitCosts['vector_core']['control']) => ({
    lut: log.use(`core-units.vector_core.control.${unit}.luts`, v.control[unit].luts),
    ff: log.use(`core-units.vector_core.control.${unit}.ffs`, v.control[unit].ffs),
  });
  const adder = (bits: number): number => bits * c('adder_lut_per_bit');
  const saturate = (bits: number): number => bits * c('saturate_lut_per_bit');
  const mux = (inputs: number, bits: number): number =>
    inputs <= 1 ? 0 : bits * Math.ceil((inputs - 1) / (c('mux_inputs_per_lut') - 1));
  const mantissa = log.use('core-units.vector_core.fp32_multiplier.mantissa_bits', v.fp32_multiplier.mantissa_bits);
  type FpOp = 'fp32_multiplier' | 'fp32_adder' | 'fp32_divider' | 'fp32_rsqrt' | 'fp32_exp' | 'int_float_convert';
  /** `count` operators of one kind (LUTs, FFs; a multiplier's mantissa product is a DSP demand). */
  const fp = (op: FpOp, count: number) => ({
    lut: count * log.use(`core-units.vector_core.${op}.luts`, v[op].luts),
    ff: count * log.use(`core-units.vector_core.${op}.ffs`, v[op].ffs),
  });
  const sum = (...parts: { lut: number; ff: number }[]) => parts.reduce((a, b) => ({ lut: a.lut + b.lut, ff: a.ff + b.ff }), { lut: 0, ff: 0 });

  const beatBits = p.portWidthBytes * 8;
  const maxLength = Math.max(1, ...program.buffers.map((b) => b.length));
  const lengthBits = log2ceil(maxLength + 1);
  const addr = Math.max(p.addressBits, log2ceil(program.ddr.end));
  const stateBits = p.state === 'fp32' ? 32 : 16;

  // ---------------------------------------------------------- scratchpad
  // Each unit's port width into a buffer of a format (elements per cycle × element bits).
  const portWidth = (unit: VectorUnit, elementBits: number): number => {
    switch (unit) {
      case 'load_store':
        return beatBits;
      case 'quantize':
        return p.quantizeLanes * elementBits;
      case 'rowwise':
        return p.rowwiseLanes * elementBits;
      case 'tmatmul':
        // int8 inputs: the input-fastest weight stream applies `lanes` inputs per cycle;
        // fp32 outputs: at most one finished row per cycle.
        return elementBits === 8 ? p.lanes * 8 : 32;
      case 'sync':
        return p.interconnectBytesPerCycle * 8;
      default: {
        const never: never = unit;
        throw new Error(`unhandled unit ${String(never)}`);
      }
    }
  };
  const memories = scratchpadMemories(program, p.batch, stateBits);
  const rams: RamDemand[] = [];
  let scratchLut = 0;
  const perUnitBuffers = new Map<VectorUnit, number[]>();
  for (const m of memories) {
    // As wide as its widest user, never wider than one vector; copies stacked in depth.
    const widest = Math.max(m.elementBits, ...m.units.map((u) => portWidth(u, m.elementBits)));
    const width = Math.min(widest, m.length * m.elementBits);
    const words = Math.ceil((m.length * m.elementBits) / width) * m.copies;
    rams.push({ name: `scratchpad.${m.name}`, words, width, copies: 1 });
    // Write-data select among the units that write it (any unit touching it may).
    scratchLut += mux(m.units.length, width);
    for (const u of m.units) {
      const list = perUnitBuffers.get(u) ?? [];
      list.push(m.elementBits);
      perUnitBuffers.set(u, list);
    }
  }
  // Each unit's read-data select among the memories it touches, at its own port width.
  for (const [u, list] of perUnitBuffers) {
    for (const bits of new Set(list)) scratchLut += mux(list.filter((b) => b === bits).length, portWidth(u, bits));
  }
  const scratchpad: UnitDemand = { lut: scratchLut, ff: 0, rams, mults: [] };

  // ---------------------------------------------------------- issue
  // One word per instruction part (a fused quantize/tmatmul has several), sized to the program.
  const bufferBits = log2ceil(program.buffers.length);
  const instructionBits = vc('opcode_bits') + vc('instruction_fields') * bufferBits + addr + lengthBits;
  let words = 0;
  for (const inst of program.instructions) words += inst.op === 'tmatmul' || inst.op === 'quantize' ? inst.parts.length : 1;
  const pcBits = log2ceil(words);
  const units = 5;
  const ctlIssue = control('issue');
  const issue: UnitDemand = {
    // PC increment, per-buffer holder compare (scoreboard) for every field of the word.
    lut: ctlIssue.lut + adder(pcBits) + program.buffers.length * 2,
    ff: ctlIssue.ff + pcBits + instructionBits + program.buffers.length * (log2ceil(units) + 1),
    rams: [{ name: 'instruction_memory', words, width: instructionBits, copies: 1 }],
    mults: [],
  };

  // ---------------------------------------------------------- load/store + memory port
  const ctlLs = control('load_store');
  const responseBits = p.outstanding * p.burstBeats * beatBits;
  const loadStore: UnitDemand = {
    // Address and element counters, the embedding row address (token × row bytes: shift-add).
    lut: ctlLs.lut + 2 * adder(addr) + adder(lengthBits),
    ff: ctlLs.ff + 2 * addr + lengthBits + (responseBits <= 2 * beatBits ? responseBits : 0),
    rams: responseBits > 2 * beatBits ? [{ name: 'response_buffer', words: p.outstanding * p.burstBeats, width: beatBits, copies: 1 }] : [],
    mults: [],
  };
  const ctlMp = control('memory_port');
  const tagBits = log2ceil(p.outstanding + 1);
  const memoryPort: UnitDemand = {
    // 2:1 request select (address + data), and the outstanding-request table: per entry a
    // valid bit, the requester, the burst's beat count; a free-slot finder and a counter.
    lut: ctlMp.lut + mux(2, addr + beatBits) + p.outstanding * 2 + adder(tagBits),
    ff: ctlMp.ff + addr + beatBits + p.outstanding * (1 + 1 + log2ceil(p.burstBeats + 1)) + tagBits,
    rams: [],
    mults: [],
  };

  // ---------------------------------------------------------- weight FIFO
  const ctlFifo = control('weight_fifo');
  const fifoWidth = Math.max(beatBits, 2 * p.lanes);
  const fifoWords = Math.max(1, Math.ceil((p.fifoBytes * 8) / fifoWidth));
  const creditBits = log2ceil(p.fifoBytes + 1);
  const weightFifo: UnitDemand = {
    // Read and write pointers, a byte-credit counter for requests in flight.
    lut: ctlFifo.lut + 2 * adder(log2ceil(fifoWords)) + adder(creditBits) + log2ceil(fifoWords),
    ff: ctlFifo.ff + 2 * log2ceil(fifoWords) + creditBits,
    rams: [{ name: 'weight_fifo', words: fifoWords, width: fifoWidth, copies: 1 }],
    mults: [],
  };

  // ---------------------------------------------------------- ternary matmul
  // `lanes` saturating accumulators of accumulator_bits (the ternary sign/zero select folds
  // into the adder's LUT), a reduction of the lanes, then the fp32 output scale γ/s.
  const acc = p.accumulatorBits;
  const ctlTm = control('tmatmul');
  const tmOps = sum(ctlTm, fp('int_float_convert', 1), fp('fp32_multiplier', 2));
  const tmatmul: UnitDemand = {
    lut: tmOps.lut + p.lanes * (adder(acc) + saturate(acc)) + Math.max(0, p.lanes - 1) * adder(acc) + 3 * adder(lengthBits),
    ff: tmOps.ff + 2 * p.lanes * acc + 3 * lengthBits,
    rams: [],
    mults: [{ aBits: mantissa, bBits: mantissa, count: 2 }],
  };

  // ---------------------------------------------------------- quantise unit
  // Per lane: multipliers shared by the three passes (square; x·rs·gain; x·scale), an fp32
  // adder (sum-of-squares tree), an absmax compare and the fp32 → int8 round and clamp. Once
  // per unit: the mean's 1/√ and the 127/absmax divider.
  const ctlQ = control('quantize');
  const qMults = p.quantizeLanes * vc('quantize_multipliers_per_lane');
  const qOps = sum(ctlQ, fp('fp32_multiplier', qMults), fp('fp32_adder', p.quantizeLanes + 1), fp('int_float_convert', p.quantizeLanes), fp('fp32_rsqrt', 1), fp('fp32_divider', 1));
  const quantize: UnitDemand = {
    lut: qOps.lut + p.quantizeLanes * (vc('fp32_compare_luts') + saturate(8)) + adder(lengthBits),
    ff: qOps.ff + lengthBits + 2 * 32,
    rams: [],
    mults: [{ aBits: mantissa, bBits: mantissa, count: qMults }],
  };

  // ---------------------------------------------------------- row-wise unit
  // Per lane: fp32 multiply-adds for the MLGRU/GLU/gating arithmetic and one sigmoid: exact
  // (e^-x, 1 + e^-x, a divider) or a table of 2^lut_bits fp32 entries indexed by the
  // saturated, quantised input. A narrow state format adds a rounder per lane.
  const ctlRw = control('rowwise');
  const rwMults = p.rowwiseLanes * vc('rowwise_multipliers_per_lane');
  let rw = sum(ctlRw, fp('fp32_multiplier', rwMults), fp('fp32_adder', p.rowwiseLanes * vc('rowwise_adders_per_lane')));
  const rwMultDemand: MultDemand[] = [{ aBits: mantissa, bBits: mantissa, count: rwMults }];
  const rwRams: RamDemand[] = [];
  switch (p.nonlinear) {
    case 'exact': {
      rw = sum(rw, fp('fp32_exp', p.rowwiseLanes), fp('fp32_adder', p.rowwiseLanes), fp('fp32_divider', p.rowwiseLanes));
      rwMultDemand.push({ aBits: 18, bBits: 18, count: p.rowwiseLanes * log.use('core-units.vector_core.fp32_exp.multipliers', v.fp32_exp.multipliers) });
      break;
    }
    case 'lut': {
      rw = sum(rw, fp('int_float_convert', p.rowwiseLanes));
      rw.lut += p.rowwiseLanes * saturate(p.lutBits);
      rw.ff += p.rowwiseLanes * p.lutBits;
      rwRams.push({ name: 'sigmoid_table', words: 2 ** p.lutBits, width: 32, copies: p.rowwiseLanes });
      break;
    }
    default: {
      const never: never = p.nonlinear;
      throw new Error(`unhandled nonlinearity ${String(never)}`);
    }
  }
  if (p.state !== 'fp32') rw.lut += p.rowwiseLanes * log.use('core-units.vector_core.state_round.luts', v.state_round.luts);
  const rowwise: UnitDemand = { lut: rw.lut + adder(lengthBits), ff: rw.ff + lengthBits, rams: rwRams, mults: rwMultDemand };

  // ---------------------------------------------------------- all-gather ring
  // Only with several cores: a ring link in and out (registered), slice counters, barrier.
  const ringBits = p.interconnectBytesPerCycle * 8;
  const ctlAg = control('all_gather');
  const allGather: UnitDemand =
    p.cores > 1
      ? {
          lut: ctlAg.lut + 2 * adder(lengthBits) + adder(log2ceil(p.cores)) + mux(2, ringBits),
          ff: ctlAg.ff + 2 * ringBits + 2 * lengthBits + log2ceil(p.cores),
          rams: [],
          mults: [],
        }
      : { lut: 0, ff: 0, rams: [], mults: [] };

  return {
    issue,
    scratchpad,
    load_store: loadStore,
    memory_port: memoryPort,
    weight_fifo: weightFifo,
    tmatmul,
    quantize,
    rowwise,
    all_gather: allGather,
  };
}

export interface VectorEstimateOptions {
  /** Device (default: the arch's `device.id`). */
  device?: CatalogueDevice;
  costs?: CoreUnitCosts;
  log?: ProvenanceLog;
}

/**
 * Resources of the arch's generalised cores (`core.cores` copies) running `program`, plus
 * the shell, on the arch's device (or `options.device`), and whether they fit.
 */
export function vectorCoreResources(
  arch: { core: CoreSpec; device: { id: string; include_shell: boolean } },
  program: VectorProgramShape,
  options: VectorEstimateOptions = {},
): ResourceEstimate<VectorCoreUnit> {
  const log = options.log ?? new ProvenanceLog();
  const costs = options.costs ?? loadCoreUnitCosts();
  const dev = options.device ?? loadDevice(arch.device.id);
  const params = vectorCoreResourceParams(arch.core);
  return estimateFromDemands(VECTOR_CORE_UNITS, vectorCoreDemands(params, program, costs, log), dev, {
    cores: params.cores,
    includeShell: arch.device.include_shell,
    log,
  });
}
