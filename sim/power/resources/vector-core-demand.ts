import type { ProvenanceLog } from '../../arch/provenance.ts';
import type { CoreSpec } from '../../arch/core-schema.ts';
import type { VectorProgramShape } from '../../compiler/program-shape.ts';
import type { PartOf } from '../../isa/core-kinds.ts';
import type { VectorUnit } from '../../isa/vector-instruction.ts';
import { WEIGHT_FORMATS, type WeightFormatName } from '../../isa/weight-formats.ts';
import { log2ceil, primitiveCosts, type LogicCost, type MultDemand, type PrimitiveCosts, type RamDemand, type UnitDemand } from './demand.ts';
import { scratchpadMemories } from './scratchpad.ts';
import type { CoreUnitCosts } from './unit-cost-table.ts';

/**
 * Demand of the vector core's parts (the generalised core `mmfsim run` simulates): its
 * scratchpad as the compiled program declares it (scratchpad.ts), issue sized to the
 * program, load/store and the memory port, the weight FIFO, the ternary matmul with its
 * fp32 output scale, the quantise and row-wise units (fp32 operators per lane) and the
 * all-gather ring. One function per part.
 */

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
  /** Stored weight format: a format with a decoder adds it in front of the lanes. */
  weightFormat: WeightFormatName;
}

export function vectorCoreResourceParams(core: CoreSpec, weightFormat: WeightFormatName = 'ternary-2bit'): VectorCoreResourceParams {
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
    weightFormat,
  };
}

type VectorScalar =
  | 'fp32_compare_luts'
  | 'instruction_fields'
  | 'opcode_bits'
  | 'rowwise_multipliers_per_lane'
  | 'rowwise_adders_per_lane'
  | 'quantize_multipliers_per_lane'
  | 'ternary_product_bits'
  | 'ternary_select_lut_per_bit';

/**
 * How the scratchpad is built (scratchpadDemand): `buffers` — one memory per buffer, each as
 * wide as its widest user, with multiplexers selecting among them; `banked` — one memory per
 * element format holding every buffer of that format at its own addresses (a buffer is
 * selected by address, not by a multiplexer), as deep as all of them together.
 */
export type ScratchpadStyle = 'buffers' | 'banked';
type FpOp = 'fp32_multiplier' | 'fp32_adder' | 'fp32_divider' | 'fp32_rsqrt' | 'fp32_exp' | 'int_float_convert';

/** What every part's demand is built from. */
interface VectorDemandContext {
  p: VectorCoreResourceParams;
  program: VectorProgramShape;
  costs: CoreUnitCosts;
  log: ProvenanceLog;
  prim: PrimitiveCosts;
  /** A unit's control logic from the cost table's vector_core section (logged). */
  control(unit: keyof CoreUnitCosts['vector_core']['control']): LogicCost;
  /** A scalar figure of the vector_core section (logged). */
  vc(key: VectorScalar): number;
  /** `count` floating-point operators of one kind (a multiplier's mantissa product is a DSP demand). */
  fp(op: FpOp, count: number): LogicCost;
  /** Mantissa width of an fp32 multiplier (its DSP operands). */
  mantissa: number;
  beatBits: number;
  /** Width of an element counter over the longest buffer. */
  lengthBits: number;
  /** Address width of the instruction words and the port. */
  addr: number;
  stateBits: number;
  /** Shortest and longest matrix row (inputs) the tmatmul streams: 1 when the program has none. */
  minCols: number;
  maxCols: number;
}

const sum = (...parts: LogicCost[]): LogicCost => parts.reduce((a, b) => ({ lut: a.lut + b.lut, ff: a.ff + b.ff }), { lut: 0, ff: 0 });

/** Demand of every vector-core part (one core). */
export function vectorCoreDemands(
  p: VectorCoreResourceParams,
  program: VectorProgramShape,
  costs: CoreUnitCosts,
  log: ProvenanceLog,
  scratchpadStyle: ScratchpadStyle = 'buffers',
): Record<PartOf<'vector'>, UnitDemand> {
  const v = costs.vector_core;
  const maxLength = Math.max(1, ...program.buffers.map((b) => b.length));
  const cols = program.instructions.flatMap((i) => (i.op === 'tmatmul' ? i.parts.map((part) => part.cols) : []));
  const k: VectorDemandContext = {
    p,
    program,
    costs,
    log,
    prim: primitiveCosts(costs, log),
    control: (unit) => ({
      lut: log.use(`core-units.vector_core.control.${unit}.luts`, v.control[unit].luts),
      ff: log.use(`core-units.vector_core.control.${unit}.ffs`, v.control[unit].ffs),
    }),
    vc: (key) => log.use(`core-units.vector_core.${key}`, v[key]),
    fp: (op, count) => ({
      lut: count * log.use(`core-units.vector_core.${op}.luts`, v[op].luts),
      ff: count * log.use(`core-units.vector_core.${op}.ffs`, v[op].ffs),
    }),
    mantissa: log.use('core-units.vector_core.fp32_multiplier.mantissa_bits', v.fp32_multiplier.mantissa_bits),
    beatBits: p.portWidthBytes * 8,
    lengthBits: log2ceil(maxLength + 1),
    addr: Math.max(p.addressBits, log2ceil(program.ddr.end)),
    stateBits: p.state === 'fp32' ? 32 : 16,
    minCols: cols.length > 0 ? Math.min(...cols) : 1,
    maxCols: cols.length > 0 ? Math.max(...cols) : 1,
  };
  // Computed in this order (the order a report's provenance list first meets each figure),
  // returned in the kind's part order.
  const scratchpad = scratchpadStyle === 'banked' ? bankedScratchpadDemand(k) : scratchpadDemand(k);
  const issue = issueDemand(k);
  const loadStore = loadStoreDemand(k);
  const memoryPort = memoryPortDemand(k);
  const weightFifo = weightFifoDemand(k);
  const tmatmul = tmatmulDemand(k);
  const quantize = quantizeDemand(k);
  const rowwise = rowwiseDemand(k);
  const allGather = allGatherDemand(k);
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

/**
 * Each unit's port width into a buffer of a format (elements per cycle × element bits).
 * The tmatmul lanes read at most one whole int8 input vector per cycle (`maxCols` elements):
 * lanes beyond it work on other rows of the same input and are wired to the same elements
 * (assumed: the lanes form row-aligned segments, each lane wired to a fixed input position).
 */
function portWidth(p: VectorCoreResourceParams, unit: VectorUnit, elementBits: number, maxCols = Infinity): number {
  switch (unit) {
    case 'load_store':
      return p.portWidthBytes * 8;
    case 'quantize':
      return p.quantizeLanes * elementBits;
    case 'rowwise':
      return p.rowwiseLanes * elementBits;
    case 'tmatmul':
      // int8 inputs: the input-fastest weight stream applies `lanes` inputs per cycle;
      // fp32 outputs: at most one finished row per cycle.
      return elementBits === 8 ? Math.min(p.lanes, maxCols) * 8 : 32;
    case 'sync':
      return p.interconnectBytesPerCycle * 8;
    default: {
      const never: never = unit;
      throw new Error(`unhandled unit ${String(never)}`);
    }
  }
}

/**
 * Scratchpad: each memory as wide as its widest user (never wider than one vector), copies
 * stacked in depth; a write-data select among the units that write it, and each unit's
 * read-data select among the memories it touches, at its own port width.
 */
function scratchpadDemand({ p, program, prim, stateBits, maxCols }: VectorDemandContext): UnitDemand {
  const memories = scratchpadMemories(program, p.batch, stateBits);
  const rams: RamDemand[] = [];
  let lut = 0;
  const perUnitBuffers = new Map<VectorUnit, number[]>();
  for (const m of memories) {
    const widest = Math.max(m.elementBits, ...m.units.map((u) => portWidth(p, u, m.elementBits, maxCols)));
    const width = Math.min(widest, m.length * m.elementBits);
    const words = Math.ceil((m.length * m.elementBits) / width) * m.copies;
    rams.push({ name: `scratchpad.${m.name}`, words, width, copies: 1 });
    // Write-data select among the units that write it (any unit touching it may).
    lut += prim.mux(m.units.length, width);
    for (const u of m.units) {
      const list = perUnitBuffers.get(u) ?? [];
      list.push(m.elementBits);
      perUnitBuffers.set(u, list);
    }
  }
  for (const [u, list] of perUnitBuffers) {
    for (const bits of new Set(list)) lut += prim.mux(list.filter((b) => b === bits).length, portWidth(p, u, bits, maxCols));
  }
  return { lut, ff: 0, rams, mults: [] };
}

/**
 * Banked scratchpad: the buffers of one element format share one memory, each at its own
 * addresses, so a unit picks a buffer by address instead of through a multiplexer over
 * separate memories, and the memory's depth is used (a 1024-lane fp32 unit's buffers, 3
 * words deep each, stack into one memory of all their words). The memory is as wide as its
 * widest user; a unit with a narrower port selects its slice of the word. Row-wise reads two
 * operands per element, so a format it reads is kept in two copies (one read port each,
 * both written together). Units that touch the same format at once then share its ports:
 * mmfsim's timing does not model that conflict (see docs/power.md, "Resource
 * model of wide datapaths").
 */
function bankedScratchpadDemand({ p, program, prim, stateBits, maxCols }: VectorDemandContext): UnitDemand {
  const memories = scratchpadMemories(program, p.batch, stateBits);
  const formats = [...new Set(memories.map((m) => m.elementBits))];
  const rams: RamDemand[] = [];
  let lut = 0;
  for (const bits of formats) {
    const group = memories.filter((m) => m.elementBits === bits);
    const units = [...new Set(group.flatMap((m) => m.units))];
    const longest = Math.max(...group.map((m) => m.length * bits));
    const width = Math.min(Math.max(bits, ...units.map((u) => portWidth(p, u, bits, maxCols))), longest);
    let words = 0;
    for (const m of group) words += Math.ceil((m.length * bits) / width) * m.copies;
    const readCopies = units.includes('rowwise') ? 2 : 1;
    rams.push({ name: `scratchpad.${bits}bit`, words, width, copies: readCopies });
    // Write data: a select among the units that write this format, at the memory's width.
    lut += prim.mux(units.length, width);
    // A unit with a narrower port reads and writes its slice of the word.
    for (const u of units) {
      const port = Math.min(width, portWidth(p, u, bits, maxCols));
      lut += prim.mux(Math.ceil(width / port), port);
    }
  }
  return { lut, ff: 0, rams, mults: [] };
}

/** Issue: one instruction word per instruction part (a fused quantize/tmatmul has several), sized to the program. */
function issueDemand({ program, prim, control, vc, addr, lengthBits }: VectorDemandContext): UnitDemand {
  const bufferBits = log2ceil(program.buffers.length);
  const instructionBits = vc('opcode_bits') + vc('instruction_fields') * bufferBits + addr + lengthBits;
  let words = 0;
  for (const inst of program.instructions) words += inst.op === 'tmatmul' || inst.op === 'quantize' ? inst.parts.length : 1;
  const pcBits = log2ceil(words);
  const units = 5;
  const ctl = control('issue');
  return {
    // PC increment, per-buffer holder compare (scoreboard) for every field of the word.
    lut: ctl.lut + prim.adder(pcBits) + program.buffers.length * 2,
    ff: ctl.ff + pcBits + instructionBits + program.buffers.length * (log2ceil(units) + 1),
    rams: [{ name: 'instruction_memory', words, width: instructionBits, copies: 1 }],
    mults: [],
  };
}

/** Load/store: address and element counters, the embedding row address (token × row bytes: shift-add). */
function loadStoreDemand({ p, prim, control, addr, lengthBits, beatBits }: VectorDemandContext): UnitDemand {
  const ctl = control('load_store');
  const responseBits = p.outstanding * p.burstBeats * beatBits;
  return {
    lut: ctl.lut + 2 * prim.adder(addr) + prim.adder(lengthBits),
    ff: ctl.ff + 2 * addr + lengthBits + (responseBits <= 2 * beatBits ? responseBits : 0),
    rams: responseBits > 2 * beatBits ? [{ name: 'response_buffer', words: p.outstanding * p.burstBeats, width: beatBits, copies: 1 }] : [],
    mults: [],
  };
}

/**
 * Memory port: a 2:1 request select (address + data), and the outstanding-request table: per
 * entry a valid bit, the requester, the burst's beat count; a free-slot finder and a counter.
 */
function memoryPortDemand({ p, prim, control, addr, beatBits }: VectorDemandContext): UnitDemand {
  const ctl = control('memory_port');
  const tagBits = log2ceil(p.outstanding + 1);
  return {
    lut: ctl.lut + prim.mux(2, addr + beatBits) + p.outstanding * 2 + prim.adder(tagBits),
    ff: ctl.ff + addr + beatBits + p.outstanding * (1 + 1 + log2ceil(p.burstBeats + 1)) + tagBits,
    rams: [],
    mults: [],
  };
}

/** Weight FIFO: read and write pointers, a byte-credit counter for requests in flight. */
function weightFifoDemand({ p, prim, control, beatBits }: VectorDemandContext): UnitDemand {
  const ctl = control('weight_fifo');
  const fifoWidth = Math.max(beatBits, 2 * p.lanes);
  const fifoWords = Math.max(1, Math.ceil((p.fifoBytes * 8) / fifoWidth));
  const creditBits = log2ceil(p.fifoBytes + 1);
  return {
    lut: ctl.lut + 2 * prim.adder(log2ceil(fifoWords)) + prim.adder(creditBits) + log2ceil(fifoWords),
    ff: ctl.ff + 2 * log2ceil(fifoWords) + creditBits,
    rams: [{ name: 'weight_fifo', words: fifoWords, width: fifoWidth, copies: 1 }],
    mults: [],
  };
}

/**
 * Ternary matmul: the lanes' ternary × int8 products reduced by an adder tree whose levels
 * grow one bit each from the product's 8 bits (demand.ts, adderTree), capped at
 * accumulator_bits; the first level folds one operand's sign/zero select into its adder and
 * pays a LUT per bit for the other's. Rows shorter than the lanes finish several per cycle
 * (⌈lanes / shortest row⌉, the tree tapped at the row's level), each into its own
 * saturating accumulator with an fp32 output scale γ/s. One lane is one accumulator and no
 * tree, as the narrow core always had. When a row is longer than the lanes, each lane selects
 * its input among the row's ⌈cols / lanes⌉ slices (in the scratchpad's read port).
 */
function tmatmulDemand({ p, prim, control, fp, vc, mantissa, lengthBits, log, minCols }: VectorDemandContext): UnitDemand {
  const acc = p.accumulatorBits;
  const ctl = control('tmatmul');
  const rowsPerCycle = Math.max(1, Math.ceil(p.lanes / Math.max(1, minCols)));
  const productBits = vc('ternary_product_bits');
  const tree = prim.adderTree(p.lanes, productBits, acc);
  const select = Math.floor(p.lanes / 2) * productBits * vc('ternary_select_lut_per_bit');
  const ops = sum(ctl, fp('int_float_convert', rowsPerCycle), fp('fp32_multiplier', 2 * rowsPerCycle), weightDecoder(p, log));
  return {
    lut: ops.lut + select + tree.lut + rowsPerCycle * (prim.adder(acc) + prim.saturate(acc)) + 3 * prim.adder(lengthBits),
    ff: ops.ff + tree.ff + 2 * rowsPerCycle * acc + 3 * lengthBits,
    rams: [],
    mults: [{ aBits: mantissa, bBits: mantissa, count: 2 * rowsPerCycle }],
  };
}

/**
 * The weight decoder in front of the lanes (a format that stores something other than the
 * lanes' 2-bit code): one byte-wide table per stored byte the lanes consume each cycle,
 * ⌈lanes / weights per byte⌉ of them. Its figures come from sim/isa/weight-formats.ts.
 */
function weightDecoder(p: VectorCoreResourceParams, log: ProvenanceLog): LogicCost {
  const f = WEIGHT_FORMATS[p.weightFormat];
  if (!f.decode) return { lut: 0, ff: 0 };
  const bytes = Math.ceil(p.lanes / f.weightsPerByte);
  const key = `weight-formats.${p.weightFormat}.decode`;
  const kind = 'derived' as const;
  return {
    lut: bytes * log.use(`${key}.luts_per_byte`, { value: f.decode.lutsPerByte, unit: 'LUT', provenance: kind, note: f.decode.provenance }),
    ff: bytes * log.use(`${key}.ffs_per_byte`, { value: f.decode.ffsPerByte, unit: 'FF', provenance: kind, note: f.decode.provenance }),
  };
}

/**
 * Quantise: per lane, multipliers shared by the three passes (square; x·rs·gain; x·scale),
 * an fp32 adder (sum-of-squares tree), an absmax compare and the fp32 → int8 round and
 * clamp. Once per unit: the mean's 1/√ and the 127/absmax divider.
 */
function quantizeDemand({ p, prim, control, vc, fp, mantissa, lengthBits }: VectorDemandContext): UnitDemand {
  const ctl = control('quantize');
  const mults = p.quantizeLanes * vc('quantize_multipliers_per_lane');
  const ops = sum(ctl, fp('fp32_multiplier', mults), fp('fp32_adder', p.quantizeLanes + 1), fp('int_float_convert', p.quantizeLanes), fp('fp32_rsqrt', 1), fp('fp32_divider', 1));
  return {
    lut: ops.lut + p.quantizeLanes * (vc('fp32_compare_luts') + prim.saturate(8)) + prim.adder(lengthBits),
    ff: ops.ff + lengthBits + 2 * 32,
    rams: [],
    mults: [{ aBits: mantissa, bBits: mantissa, count: mults }],
  };
}

/**
 * Row-wise: per lane, fp32 multiply-adds for the MLGRU/GLU/gating arithmetic and one
 * sigmoid: exact (e^-x, 1 + e^-x, a divider) or a table of 2^lut_bits fp32 entries indexed
 * by the saturated, quantised input. A narrow state format adds a rounder per lane.
 */
function rowwiseDemand({ p, prim, control, vc, fp, mantissa, lengthBits, log, costs }: VectorDemandContext): UnitDemand {
  const v = costs.vector_core;
  const ctl = control('rowwise');
  const mults = p.rowwiseLanes * vc('rowwise_multipliers_per_lane');
  let rw = sum(ctl, fp('fp32_multiplier', mults), fp('fp32_adder', p.rowwiseLanes * vc('rowwise_adders_per_lane')));
  const multDemand: MultDemand[] = [{ aBits: mantissa, bBits: mantissa, count: mults }];
  const rams: RamDemand[] = [];
  switch (p.nonlinear) {
    case 'exact': {
      rw = sum(rw, fp('fp32_exp', p.rowwiseLanes), fp('fp32_adder', p.rowwiseLanes), fp('fp32_divider', p.rowwiseLanes));
      multDemand.push({ aBits: 18, bBits: 18, count: p.rowwiseLanes * log.use('core-units.vector_core.fp32_exp.multipliers', v.fp32_exp.multipliers) });
      break;
    }
    case 'lut': {
      rw = sum(rw, fp('int_float_convert', p.rowwiseLanes));
      rw.lut += p.rowwiseLanes * prim.saturate(p.lutBits);
      rw.ff += p.rowwiseLanes * p.lutBits;
      rams.push({ name: 'sigmoid_table', words: 2 ** p.lutBits, width: 32, copies: p.rowwiseLanes });
      break;
    }
    default: {
      const never: never = p.nonlinear;
      throw new Error(`unhandled nonlinearity ${String(never)}`);
    }
  }
  if (p.state !== 'fp32') rw.lut += p.rowwiseLanes * log.use('core-units.vector_core.state_round.luts', v.state_round.luts);
  return { lut: rw.lut + prim.adder(lengthBits), ff: rw.ff + lengthBits, rams, mults: multDemand };
}

/** All-gather ring, only with several cores: a ring link in and out (registered), slice counters, barrier. */
function allGatherDemand({ p, prim, control, lengthBits }: VectorDemandContext): UnitDemand {
  const ringBits = p.interconnectBytesPerCycle * 8;
  // Looked up (and listed in the provenance) even for one core, as the report always has.
  const ctl = control('all_gather');
  if (p.cores <= 1) return { lut: 0, ff: 0, rams: [], mults: [] };
  return {
    lut: ctl.lut + 2 * prim.adder(lengthBits) + prim.adder(log2ceil(p.cores)) + prim.mux(2, ringBits),
    ff: ctl.ff + 2 * ringBits + 2 * lengthBits + log2ceil(p.cores),
    rams: [],
    mults: [],
  };
}
