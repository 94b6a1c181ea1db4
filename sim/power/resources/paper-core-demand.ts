import type { ProvenanceLog } from '../../arch/provenance.ts';
import type { CoreSpec } from '../../arch/core-schema.ts';
import type { PartOf } from '../../isa/core-kinds.ts';
import { log2ceil, primitiveCosts, type LogicCost, type PrimitiveCosts, type RamDemand, type UnitDemand } from './demand.ts';
import type { CoreUnitCosts } from './unit-cost-table.ts';

/**
 * Demand of the paper core's parts (docs/paper-core.md): issue, a register file of
 * `registers × d` Q4.3 elements, load/store, the memory port, the ternary matmul unit with
 * its weight FIFO, the row-wise unit and the RMS unit. One function per part, called in the
 * order of the kind's parts (sim/isa/core-kinds.ts), which is also the order the report's
 * provenance list first meets each coefficient.
 */

/**
 * The parameters the resource model reads, resolved from the arch spec. Element and
 * fraction bits are the paper's 8-bit Q4.3 until the core schema makes them configurable.
 */
export interface PaperCoreResourceParams {
  d: number;
  registers: number;
  elementBits: number;
  fractionBits: number;
  /** tmatmul lanes (ternary weights per cycle). */
  lanes: number;
  accumulatorBits: number;
  fifoBytes: number;
  portWidthBytes: number;
  outstanding: number;
  burstBeats: number;
  rowwiseElements: number;
  /** DDR address width of the instruction word and the memory port. */
  addressBits: number;
}

export function paperCoreResourceParams(core: CoreSpec): PaperCoreResourceParams {
  return {
    d: core.d,
    registers: core.registers,
    elementBits: 8,
    fractionBits: 3,
    lanes: core.tmatmul.weights_per_cycle,
    accumulatorBits: core.tmatmul.accumulator_bits,
    fifoBytes: core.tmatmul.fifo_bytes,
    portWidthBytes: core.memory_port.width_bytes,
    outstanding: core.memory_port.outstanding,
    burstBeats: core.memory_port.burst_beats,
    rowwiseElements: core.rowwise.elements_per_cycle,
    addressBits: core.address_bits,
  };
}

/** What every part's demand is built from: the parameters, primitive costs and the cost table. */
interface PaperDemandContext {
  p: PaperCoreResourceParams;
  prim: PrimitiveCosts;
  costs: CoreUnitCosts;
  log: ProvenanceLog;
  /** A unit's control logic from the cost table (logged). */
  control(unit: keyof CoreUnitCosts['control']): LogicCost;
  /** Element bits, the element-counter width (log2 d) and the memory port's beat in bits. */
  eb: number;
  counterD: number;
  beatBits: number;
}

/** Demand of every part of the paper core for these parameters. */
export function paperCoreDemands(p: PaperCoreResourceParams, costs: CoreUnitCosts, log: ProvenanceLog): Record<PartOf<'paper'>, UnitDemand> {
  const k: PaperDemandContext = {
    p,
    prim: primitiveCosts(costs, log),
    costs,
    log,
    control: (unit) => ({
      lut: log.use(`core-units.control.${unit}.luts`, costs.control[unit].luts),
      ff: log.use(`core-units.control.${unit}.ffs`, costs.control[unit].ffs),
    }),
    eb: p.elementBits,
    counterD: log2ceil(p.d),
    beatBits: p.portWidthBytes * 8,
  };
  return {
    issue: issueDemand(k),
    register_file: registerFileDemand(k),
    load_store: loadStoreDemand(k),
    memory_port: memoryPortDemand(k),
    tmatmul: tmatmulDemand(k),
    rowwise: rowwiseDemand(k),
    rms: rmsDemand(k),
  };
}

/** Issue: instruction memory, program counter, instruction register, scoreboard. */
function issueDemand({ p, prim, control }: PaperDemandContext): UnitDemand {
  // fu[3] op[3] v_a v_b v_y ls_op[2] addr (docs/paper-core.md, "Instruction word"), register fields log2(registers) wide.
  const instructionBits = 8 + 3 * log2ceil(p.registers) + p.addressBits;
  const imemWords = prim.cost('instruction_memory_words');
  const ctl = control('issue');
  return {
    lut: ctl.lut + prim.adder(log2ceil(imemWords)) + 3 * p.registers,
    ff: ctl.ff + log2ceil(imemWords) + instructionBits + p.registers,
    rams: [{ name: 'instruction_memory', words: imemWords, width: instructionBits, copies: 1 }],
    mults: [],
  };
}

/** Register file: `registers` × d × element bits, read by 5 ports and written by 4 units. */
function registerFileDemand({ p, prim, costs, log, eb }: PaperDemandContext): UnitDemand {
  const readPortWidths = [p.rowwiseElements * eb, p.rowwiseElements * eb, eb, eb, Math.min(p.portWidthBytes * 8, p.d * eb)];
  const readPorts = prim.cost('register_file_read_ports');
  const writers = prim.cost('register_file_writers');
  const regBits = p.registers * p.d * eb;
  const style = costs.storage.vector_registers.style;
  log.use('core-units.storage.vector_registers', {
    value: style === 'flops' ? 1 : 0,
    provenance: costs.storage.vector_registers.provenance,
    note: `style=${style} (1 = flip-flops, 0 = block RAM). ${costs.storage.vector_registers.note}`,
  });
  switch (style) {
    case 'flops': {
      // Each read port selects one word out of the whole file; each bit has a writer mux.
      let readLut = 0;
      for (const w of readPortWidths.slice(0, readPorts)) readLut += prim.mux(Math.ceil(regBits / w), w);
      return { lut: readLut + prim.mux(writers, regBits), ff: regBits, rams: [], mults: [] };
    }
    case 'ram': {
      // One RAM per register (units touch different registers at once), widest port wide;
      // each read port then selects among the registers.
      const width = Math.max(...readPortWidths);
      let readLut = 0;
      for (const w of readPortWidths.slice(0, readPorts)) readLut += prim.mux(p.registers, w);
      return {
        lut: readLut + prim.mux(writers, width) * p.registers,
        ff: 0,
        rams: [{ name: 'vector_register', words: Math.ceil((p.d * eb) / width), width, copies: p.registers }],
        mults: [],
      };
    }
    default: {
      const never: never = style;
      throw new Error(`unhandled register style ${String(never)}`);
    }
  }
}

/**
 * Load/store: address and element counters, outstanding-request tracking, response buffer
 * and the beat-to-element width adapter.
 */
function loadStoreDemand({ p, prim, control, eb, counterD, beatBits }: PaperDemandContext): UnitDemand {
  const addr = p.addressBits;
  const ctl = control('load_store');
  const responseBits = p.outstanding * p.burstBeats * beatBits;
  return {
    lut: ctl.lut + prim.adder(addr) + prim.adder(counterD) + prim.mux(p.portWidthBytes, eb) + prim.adder(log2ceil(p.outstanding + 1)),
    ff: ctl.ff + addr + counterD + p.outstanding * (addr + counterD) + (responseBits <= 2 * beatBits ? responseBits : 0),
    rams: responseBits > 2 * beatBits ? [{ name: 'response_buffer', words: p.outstanding * p.burstBeats, width: beatBits, copies: 1 }] : [],
    mults: [],
  };
}

/** Memory port: arbitration between load/store and tmatmul (address + data + control). */
function memoryPortDemand({ p, prim, control, beatBits }: PaperDemandContext): UnitDemand {
  const ctl = control('memory_port');
  return {
    lut: ctl.lut + prim.mux(2, p.addressBits + beatBits),
    ff: ctl.ff + p.addressBits + beatBits,
    rams: [],
    mults: [],
  };
}

/**
 * Ternary matmul: `lanes` saturating add/sub accumulators, accumulator storage, the weight
 * FIFO (written a beat at a time, read 2 bits × lanes at a time), clamp/copy.
 */
function tmatmulDemand({ p, prim, costs, log, control, eb, counterD, beatBits }: PaperDemandContext): UnitDemand {
  const accBits = p.accumulatorBits;
  const ctl = control('tmatmul');
  const fifoWidth = Math.max(beatBits, 2 * p.lanes);
  const fifoWords = Math.max(1, Math.ceil((p.fifoBytes * 8) / fifoWidth));
  const style = costs.storage.accumulators.style;
  log.use('core-units.storage.accumulators', {
    value: style === 'flops' ? 1 : 0,
    provenance: costs.storage.accumulators.provenance,
    note: `style=${style} (1 = flip-flops, 0 = block RAM). ${costs.storage.accumulators.note}`,
  });
  const lanesLut = p.lanes * (prim.adder(accBits) + prim.saturate(accBits));
  const base = {
    lut: ctl.lut + lanesLut + prim.saturate(eb) + 2 * prim.adder(counterD) + 2 * prim.adder(log2ceil(fifoWords)) + log2ceil(fifoWords),
    ff: ctl.ff + eb + 2 * counterD + 2 * log2ceil(fifoWords) + p.lanes * accBits,
  };
  const fifo: RamDemand = { name: 'weight_fifo', words: fifoWords, width: fifoWidth, copies: 1 };
  switch (style) {
    case 'flops': {
      // Lane k owns outputs k, k+lanes, …: a (d/lanes):1 read mux per lane, a write mux per bit.
      const perLane = Math.ceil(p.d / p.lanes);
      return {
        lut: base.lut + p.lanes * prim.mux(perLane, accBits) + prim.mux(2, p.d * accBits),
        ff: base.ff + p.d * accBits,
        rams: [fifo],
        mults: [],
      };
    }
    case 'ram':
      return {
        lut: base.lut,
        ff: base.ff,
        rams: [fifo, { name: 'accumulators', words: Math.ceil(p.d / p.lanes), width: p.lanes * accBits, copies: 1 }],
        mults: [],
      };
    default: {
      const never: never = style;
      throw new Error(`unhandled accumulator style ${String(never)}`);
    }
  }
}

/**
 * Row-wise: per element lane an add/sub, a multiplier (DSP), a divider and two 256-entry
 * lookup tables (exp, sigmoid), then a 6:1 result select with saturation.
 */
function rowwiseDemand({ p, prim, control, eb, counterD }: PaperDemandContext): UnitDemand {
  const ctl = control('rowwise');
  return {
    lut:
      ctl.lut +
      prim.adder(counterD) +
      p.rowwiseElements * (prim.adder(eb) + prim.saturate(eb) + prim.saturate(eb) + prim.divider(eb + p.fractionBits, eb) + prim.mux(6, eb)),
    ff: ctl.ff + counterD + p.rowwiseElements * 3 * eb,
    rams: [
      { name: 'exp_table', words: 2 ** eb, width: eb, copies: p.rowwiseElements },
      { name: 'sigmoid_table', words: 2 ** eb, width: eb, copies: p.rowwiseElements },
    ],
    mults: [{ aBits: eb, bBits: eb, count: p.rowwiseElements }],
  };
}

/**
 * RMS: square table into eb+1 bits, a running sum of d squares, a square-root table and an
 * element divider for the normalise pass.
 */
function rmsDemand({ p, prim, control, eb, counterD }: PaperDemandContext): UnitDemand {
  const ctl = control('rms');
  const sumBits = eb + 1 + counterD;
  return {
    lut: ctl.lut + prim.adder(counterD) + prim.adder(sumBits) + prim.divider(eb + p.fractionBits, eb) + prim.saturate(eb),
    ff: ctl.ff + counterD + sumBits + 2 * eb,
    rams: [
      { name: 'square_table', words: 2 ** eb, width: eb + 1, copies: 1 },
      { name: 'sqrt_table', words: 2 ** (eb + 1), width: eb, copies: 1 },
    ],
    mults: [],
  };
}
