import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { NonNegativeQuantitySchema, ProvenanceKindSchema, ProvenanceLog } from '../arch/provenance.ts';
import type { CoreSpec } from '../arch/core-schema.ts';
import {
  RESOURCE_KINDS,
  loadDevice,
  type BlockMemory,
  type CatalogueDevice,
  type FabricFamily,
  type ResourceCounts,
  type ResourceKind,
} from '../arch/device-catalogue.ts';
import { loadYamlConfig } from '../arch/yaml-config.ts';

/**
 * Resource estimate and feasibility. Two steps, kept apart so new units and new fabrics
 * each add one piece:
 *  1. each unit of a core states its DEMAND in device-independent primitives (LUT6-equivalent
 *     functions, flip-flops, logical memories, multipliers) as a function of its parameters,
 *     with the cost table sim/power/coefficients/core-units.yaml;
 *  2. the demand is MAPPED onto a fabric family (ALMs/M20K/DSP or LUT/FF/BRAM/URAM/DSP).
 * Cores are replicated `cores` times; the board shell is added once.
 */

// ---------------------------------------------------------------- cost table (data)

const Q = NonNegativeQuantitySchema;
const StorageSchema = z
  .object({ style: z.enum(['flops', 'ram']), provenance: ProvenanceKindSchema, note: z.string().min(1) })
  .strict();
const ControlSchema = z.object({ luts: Q, ffs: Q }).strict();

export const CoreUnitCostsSchema = z
  .object({
    id: z.string().min(1),
    storage: z.object({ vector_registers: StorageSchema, accumulators: StorageSchema }).strict(),
    primitives: z
      .object({
        adder_lut_per_bit: Q,
        saturate_lut_per_bit: Q,
        mux_inputs_per_lut: Q,
        divider_lut_per_bit2: Q,
        instruction_memory_words: Q,
        register_file_read_ports: Q,
        register_file_writers: Q,
      })
      .strict(),
    control: z
      .object({
        issue: ControlSchema,
        load_store: ControlSchema,
        tmatmul: ControlSchema,
        rowwise: ControlSchema,
        rms: ControlSchema,
        memory_port: ControlSchema,
      })
      .strict(),
    vector_core: z
      .object({
        fp32_multiplier: z.object({ luts: Q, ffs: Q, mantissa_bits: Q }).strict(),
        fp32_adder: ControlSchema,
        fp32_divider: ControlSchema,
        fp32_rsqrt: ControlSchema,
        fp32_exp: z.object({ luts: Q, ffs: Q, multipliers: Q }).strict(),
        int_float_convert: ControlSchema,
        state_round: z.object({ luts: Q }).strict(),
        fp32_compare_luts: Q,
        instruction_fields: Q,
        opcode_bits: Q,
        rowwise_multipliers_per_lane: Q,
        rowwise_adders_per_lane: Q,
        quantize_multipliers_per_lane: Q,
        control: z
          .object({
            issue: ControlSchema,
            load_store: ControlSchema,
            memory_port: ControlSchema,
            tmatmul: ControlSchema,
            weight_fifo: ControlSchema,
            quantize: ControlSchema,
            rowwise: ControlSchema,
            all_gather: ControlSchema,
          })
          .strict(),
      })
      .strict(),
  })
  .strict();
export type CoreUnitCosts = z.infer<typeof CoreUnitCostsSchema>;

const COSTS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'coefficients', 'core-units.yaml');
let costsCache: CoreUnitCosts | undefined;

export function loadCoreUnitCosts(file: string = COSTS_FILE): CoreUnitCosts {
  if (file === COSTS_FILE) return (costsCache ??= loadYamlConfig(COSTS_FILE, CoreUnitCostsSchema));
  return loadYamlConfig(file, CoreUnitCostsSchema);
}

// ---------------------------------------------------------------- core parameters

/**
 * The parameters the resource model reads, resolved from the arch spec. Element and
 * fraction bits are the paper's 8-bit Q4.3 until the core schema makes them configurable.
 */
export interface CoreResourceParams {
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

export function coreResourceParams(core: CoreSpec): CoreResourceParams {
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

// ---------------------------------------------------------------- step 1: demand

/** A logical memory: `words` × `width` bits, `copies` identical instances. */
export interface RamDemand {
  name: string;
  words: number;
  width: number;
  copies: number;
}

export interface MultDemand {
  aBits: number;
  bBits: number;
  count: number;
}

/** What one unit needs, before it is mapped onto a fabric. */
export interface UnitDemand {
  lut: number;
  ff: number;
  rams: RamDemand[];
  mults: MultDemand[];
}

/** The units of the paper's core (issue 4's generalised core adds its units here). */
export const CORE_UNITS = ['issue', 'register_file', 'load_store', 'memory_port', 'tmatmul', 'rowwise', 'rms'] as const;
export type CoreUnit = (typeof CORE_UNITS)[number];

export const log2ceil = (x: number): number => Math.max(1, Math.ceil(Math.log2(Math.max(2, x))));

/** Demand of every core unit for these parameters. */
export function coreUnitDemands(p: CoreResourceParams, costs: CoreUnitCosts, log: ProvenanceLog): Record<CoreUnit, UnitDemand> {
  const c = (key: keyof CoreUnitCosts['primitives']): number => log.use(`core-units.primitives.${key}`, costs.primitives[key]);
  const control = (unit: keyof CoreUnitCosts['control']) => ({
    lut: log.use(`core-units.control.${unit}.luts`, costs.control[unit].luts),
    ff: log.use(`core-units.control.${unit}.ffs`, costs.control[unit].ffs),
  });
  const adder = (bits: number): number => bits * c('adder_lut_per_bit');
  const saturate = (bits: number): number => bits * c('saturate_lut_per_bit');
  /** LUTs of an `inputs`:1 multiplexer, `bits` wide. */
  const mux = (inputs: number, bits: number): number =>
    inputs <= 1 ? 0 : bits * Math.ceil((inputs - 1) / (c('mux_inputs_per_lut') - 1));
  const divider = (dividendBits: number, quotientBits: number): number =>
    dividendBits * quotientBits * c('divider_lut_per_bit2');
  const eb = p.elementBits;
  const counterD = log2ceil(p.d);
  const addr = p.addressBits;
  // fu[3] op[3] v_a v_b v_y ls_op[2] addr (docs/paper-core.md, "Instruction word"), register fields log2(registers) wide.
  const instructionBits = 8 + 3 * log2ceil(p.registers) + addr;

  // Issue: instruction memory, program counter, instruction register, scoreboard.
  const imemWords = c('instruction_memory_words');
  const ctlIssue = control('issue');
  const issue: UnitDemand = {
    lut: ctlIssue.lut + adder(log2ceil(imemWords)) + 3 * p.registers,
    ff: ctlIssue.ff + log2ceil(imemWords) + instructionBits + p.registers,
    rams: [{ name: 'instruction_memory', words: imemWords, width: instructionBits, copies: 1 }],
    mults: [],
  };

  // Register file: `registers` × d × element bits, read by 5 ports and written by 4 units.
  const readPortWidths = [p.rowwiseElements * eb, p.rowwiseElements * eb, eb, eb, Math.min(p.portWidthBytes * 8, p.d * eb)];
  const readPorts = c('register_file_read_ports');
  const writers = c('register_file_writers');
  const regBits = p.registers * p.d * eb;
  let registerFile: UnitDemand;
  const regStyle = costs.storage.vector_registers.style;
  log.use('core-units.storage.vector_registers', {
    value: regStyle === 'flops' ? 1 : 0,
    provenance: costs.storage.vector_registers.provenance,
    note: `style=${regStyle} (1 = flip-flops, 0 = block RAM). ${costs.storage.vector_registers.note}`,
  });
  switch (regStyle) {
    case 'flops': {
      // Each read port selects one word out of the whole file; each bit has a writer mux.
      let readLut = 0;
      for (const w of readPortWidths.slice(0, readPorts)) readLut += mux(Math.ceil(regBits / w), w);
      registerFile = { lut: readLut + mux(writers, regBits), ff: regBits, rams: [], mults: [] };
      break;
    }
    case 'ram': {
      // One RAM per register (units touch different registers at once), widest port wide;
      // each read port then selects among the registers.
      const width = Math.max(...readPortWidths);
      let readLut = 0;
      for (const w of readPortWidths.slice(0, readPorts)) readLut += mux(p.registers, w);
      registerFile = {
        lut: readLut + mux(writers, width) * p.registers,
        ff: 0,
        rams: [{ name: 'vector_register', words: Math.ceil((p.d * eb) / width), width, copies: p.registers }],
        mults: [],
      };
      break;
    }
    default: {
      const never: never = regStyle;
      throw new Error(`unhandled register style ${String(never)}`);
    }
  }

  // Load/store: address and element counters, outstanding-request tracking, response
  // buffer and the beat-to-element width adapter.
  const beatBits = p.portWidthBytes * 8;
  const ctlLs = control('load_store');
  const responseBits = p.outstanding * p.burstBeats * beatBits;
  const loadStore: UnitDemand = {
    lut: ctlLs.lut + adder(addr) + adder(counterD) + mux(p.portWidthBytes, eb) + adder(log2ceil(p.outstanding + 1)),
    ff: ctlLs.ff + addr + counterD + p.outstanding * (addr + counterD) + (responseBits <= 2 * beatBits ? responseBits : 0),
    rams:
      responseBits > 2 * beatBits
        ? [{ name: 'response_buffer', words: p.outstanding * p.burstBeats, width: beatBits, copies: 1 }]
        : [],
    mults: [],
  };

  // Memory port: arbitration between load/store and tmatmul (address + data + control).
  const ctlMp = control('memory_port');
  const memoryPort: UnitDemand = {
    lut: ctlMp.lut + mux(2, addr + beatBits),
    ff: ctlMp.ff + addr + beatBits,
    rams: [],
    mults: [],
  };

  // Ternary matmul: `lanes` saturating add/sub accumulators, accumulator storage, the
  // weight FIFO (written a beat at a time, read 2 bits × lanes at a time), clamp/copy.
  const accBits = p.accumulatorBits;
  const ctlTm = control('tmatmul');
  const fifoWidth = Math.max(beatBits, 2 * p.lanes);
  const fifoWords = Math.max(1, Math.ceil((p.fifoBytes * 8) / fifoWidth));
  const accStyle = costs.storage.accumulators.style;
  log.use('core-units.storage.accumulators', {
    value: accStyle === 'flops' ? 1 : 0,
    provenance: costs.storage.accumulators.provenance,
    note: `style=${accStyle} (1 = flip-flops, 0 = block RAM). ${costs.storage.accumulators.note}`,
  });
  const lanesLut = p.lanes * (adder(accBits) + saturate(accBits));
  const tmBase = {
    lut: ctlTm.lut + lanesLut + saturate(eb) + 2 * adder(counterD) + 2 * adder(log2ceil(fifoWords)) + log2ceil(fifoWords),
    ff: ctlTm.ff + eb + 2 * counterD + 2 * log2ceil(fifoWords) + p.lanes * accBits,
  };
  const fifo: RamDemand = { name: 'weight_fifo', words: fifoWords, width: fifoWidth, copies: 1 };
  let tmatmul: UnitDemand;
  switch (accStyle) {
    case 'flops': {
      // Lane k owns outputs k, k+lanes, …: a (d/lanes):1 read mux per lane, a write mux per bit.
      const perLane = Math.ceil(p.d / p.lanes);
      tmatmul = {
        lut: tmBase.lut + p.lanes * mux(perLane, accBits) + mux(2, p.d * accBits),
        ff: tmBase.ff + p.d * accBits,
        rams: [fifo],
        mults: [],
      };
      break;
    }
    case 'ram': {
      tmatmul = {
        lut: tmBase.lut,
        ff: tmBase.ff,
        rams: [fifo, { name: 'accumulators', words: Math.ceil(p.d / p.lanes), width: p.lanes * accBits, copies: 1 }],
        mults: [],
      };
      break;
    }
    default: {
      const never: never = accStyle;
      throw new Error(`unhandled accumulator style ${String(never)}`);
    }
  }

  // Row-wise: per element lane an add/sub, a multiplier (DSP), a divider and two 256-entry
  // lookup tables (exp, sigmoid), then a 6:1 result select with saturation.
  const ctlRw = control('rowwise');
  const rowwise: UnitDemand = {
    lut:
      ctlRw.lut +
      adder(counterD) +
      p.rowwiseElements *
        (adder(eb) + saturate(eb) + saturate(eb) + divider(eb + p.fractionBits, eb) + mux(6, eb)),
    ff: ctlRw.ff + counterD + p.rowwiseElements * 3 * eb,
    rams: [
      { name: 'exp_table', words: 2 ** eb, width: eb, copies: p.rowwiseElements },
      { name: 'sigmoid_table', words: 2 ** eb, width: eb, copies: p.rowwiseElements },
    ],
    mults: [{ aBits: eb, bBits: eb, count: p.rowwiseElements }],
  };

  // RMS: square table into eb+1 bits, a running sum of d squares, a square-root table and
  // an element divider for the normalise pass.
  const ctlRms = control('rms');
  const sumBits = eb + 1 + counterD;
  const rms: UnitDemand = {
    lut: ctlRms.lut + adder(counterD) + adder(sumBits) + divider(eb + p.fractionBits, eb) + saturate(eb),
    ff: ctlRms.ff + counterD + sumBits + 2 * eb,
    rams: [
      { name: 'square_table', words: 2 ** eb, width: eb + 1, copies: 1 },
      { name: 'sqrt_table', words: 2 ** (eb + 1), width: eb, copies: 1 },
    ],
    mults: [],
  };

  return { issue, register_file: registerFile, load_store: loadStore, memory_port: memoryPort, tmatmul, rowwise, rms };
}

// ---------------------------------------------------------------- step 2: mapping

/** Fewest blocks of one kind for a `words` × `width` memory over the block's aspect ratios. */
export function blocksForMemory(words: number, width: number, block: Pick<BlockMemory, 'configs'>): number {
  let best = Infinity;
  for (const [depth, w] of block.configs) best = Math.min(best, Math.ceil(words / depth) * Math.ceil(width / w));
  return best;
}

/**
 * A large memory goes to URAM only when it fills at least half of the URAM blocks it takes.
 * URAM's single 4K × 72 shape suits deep memories (a logits buffer, stacked recurrent
 * states); a wide shallow one (a 2048-bit int8 vector read by 256 lanes, 64 words deep)
 * would fill 29 URAMs to 1.5 %, where BRAM36's 512 × 72 shape serves it (a placement tool
 * would do the same: URAM for big, well-filled memories, block RAM for the rest).
 */
export const URAM_MIN_FILL = 0.5;

function uramPacksAsWell(ram: RamDemand, uram: BlockMemory): boolean {
  return ram.words * ram.width >= URAM_MIN_FILL * blocksForMemory(ram.words, ram.width, uram) * uram.bits.value;
}

/** DSP blocks for `count` multipliers of aBits × bBits (fractional: blocks pack several). */
export function dspBlocksFor(m: MultDemand, family: FabricFamily): number {
  let best = Infinity;
  for (const mode of family.dsp.modes) {
    const fits =
      (m.aBits <= mode.a_bits && m.bBits <= mode.b_bits) || (m.aBits <= mode.b_bits && m.bBits <= mode.a_bits);
    if (fits) best = Math.min(best, m.count / mode.per_block);
  }
  if (best < Infinity) return best;
  // Wider than any mode: tile it with the largest mode's multipliers.
  const big = family.dsp.modes.reduce((a, b) => (a.a_bits * a.b_bits >= b.a_bits * b.b_bits ? a : b));
  const tiles = Math.ceil(m.aBits / big.a_bits) * Math.ceil(m.bBits / big.b_bits);
  return (m.count * tiles) / big.per_block;
}

export function zeroCounts(): ResourceCounts {
  return { logic: 0, registers: 0, bram: 0, uram: 0, dsp: 0 };
}

/** Map one unit's demand onto a fabric family; every count is a whole number of resources. */
export function mapDemand(demand: UnitDemand, family: FabricFamily, log: ProvenanceLog): ResourceCounts {
  const f = family.id;
  const lutsPerCell = log.use(`${f}.logic.luts_per_cell`, family.logic.luts_per_cell);
  const regsPerCell = log.use(`${f}.logic.registers_per_cell`, family.logic.registers_per_cell);
  const packing = log.use(`${f}.logic.packing_efficiency`, family.logic.packing_efficiency);
  const lutramBitsPerCell = log.use(`${f}.logic.lutram_bits_per_cell`, family.logic.lutram_bits_per_cell);
  const lutramMax = log.use(`${f}.logic.lutram_max_bits`, family.logic.lutram_max_bits);

  let lutramCells = 0;
  let bram = 0;
  let uram = 0;
  for (const ram of demand.rams) {
    const bits = ram.words * ram.width;
    if (bits <= lutramMax) {
      lutramCells += ram.copies * Math.ceil(bits / lutramBitsPerCell);
    } else if (
      family.uram?.min_bits &&
      bits >= log.use(`${f}.uram.min_bits`, family.uram.min_bits) &&
      uramPacksAsWell(ram, family.uram)
    ) {
      log.use(`${f}.uram.bits`, family.uram.bits);
      uram += ram.copies * blocksForMemory(ram.words, ram.width, family.uram);
    } else {
      log.use(`${f}.bram.bits`, family.bram.bits);
      bram += ram.copies * blocksForMemory(ram.words, ram.width, family.bram);
    }
  }
  let dsp = 0;
  if (demand.mults.length > 0) {
    log.use(`${f}.dsp.modes`, { value: family.dsp.modes.length, provenance: family.dsp.provenance, note: family.dsp.note });
    for (const m of demand.mults) dsp += dspBlocksFor(m, family);
  }
  const cells = Math.max(demand.lut / lutsPerCell, demand.ff / regsPerCell) / packing;
  return {
    logic: Math.ceil(cells) + lutramCells,
    registers: Math.ceil(demand.ff),
    bram,
    uram,
    dsp: Math.ceil(dsp),
  };
}

// ---------------------------------------------------------------- design estimate

export interface ResourceUse {
  /** Resource name on this device (ALM, LUT, M20K, BRAM36, …). */
  label: string | null;
  used: number;
  available: number;
  /** used / available; 0 when none is available or used, null when some is used but none exists. */
  utilisation: number | null;
}

export interface ResourceOverflow {
  resource: ResourceKind;
  label: string | null;
  used: number;
  available: number;
  /** used − available. */
  excess: number;
}

export interface ResourceEstimate<U extends string = CoreUnit> {
  device_id: string;
  cores: number;
  /** One core's units (before multiplying by `cores`). */
  per_core_by_unit: Record<U, ResourceCounts>;
  per_core: ResourceCounts;
  shell: ResourceCounts;
  total: ResourceCounts;
  resources: Record<ResourceKind, ResourceUse>;
  feasible: boolean;
  /** Every resource that overflows, worst (largest excess fraction) first. */
  overflow: ResourceOverflow[];
  /** One line naming the first overflowing resource, or null when the design fits. */
  infeasible_reason: string | null;
  /** Most cores of this configuration that fit beside the shell. */
  max_cores: number;
}

export interface EstimateOptions {
  cores?: number;
  /** Count the board shell's footprint (default true). */
  includeShell?: boolean;
  costs?: CoreUnitCosts;
  log?: ProvenanceLog;
}

export function shellCounts(dev: CatalogueDevice, log: ProvenanceLog): ResourceCounts {
  const counts = zeroCounts();
  const shell = dev.device.shell;
  if (!shell) return counts;
  for (const k of RESOURCE_KINDS) counts[k] = log.use(`${dev.device.id}.shell.resources.${k}`, shell.resources[k]);
  return counts;
}

/** Resources of `cores` copies of a core plus the shell on a device, and whether they fit. */
export function estimateResources(
  params: CoreResourceParams,
  dev: CatalogueDevice,
  options: EstimateOptions = {},
): ResourceEstimate {
  const log = options.log ?? new ProvenanceLog();
  const costs = options.costs ?? loadCoreUnitCosts();
  return estimateFromDemands(CORE_UNITS, coreUnitDemands(params, costs, log), dev, { ...options, log });
}

/**
 * Map each unit's demand onto the device, replicate the core `cores` times, add the shell
 * once and check every resource kind against the device (shared by every core kind).
 */
export function estimateFromDemands<U extends string>(
  units: readonly U[],
  demands: Record<U, UnitDemand>,
  dev: CatalogueDevice,
  options: { cores?: number; includeShell?: boolean; log?: ProvenanceLog } = {},
): ResourceEstimate<U> {
  const cores = options.cores ?? 1;
  if (!Number.isInteger(cores) || cores < 1) throw new RangeError(`cores must be a positive integer, got ${cores}`);
  const log = options.log ?? new ProvenanceLog();

  const perCoreByUnit = {} as Record<U, ResourceCounts>;
  const perCore = zeroCounts();
  for (const unit of units) {
    const counts = mapDemand(demands[unit], dev.family, log);
    perCoreByUnit[unit] = counts;
    for (const k of RESOURCE_KINDS) perCore[k] += counts[k];
  }
  const shell = options.includeShell === false ? zeroCounts() : shellCounts(dev, log);
  const total = zeroCounts();
  const resources = {} as Record<ResourceKind, ResourceUse>;
  const overflow: ResourceOverflow[] = [];
  let maxCores = Infinity;
  for (const k of RESOURCE_KINDS) {
    const available = log.use(`${dev.device.id}.available.${k}`, dev.device.available[k]);
    total[k] = perCore[k] * cores + shell[k];
    const label = dev.family.labels[k];
    resources[k] = {
      label,
      used: total[k],
      available,
      utilisation: available > 0 ? total[k] / available : total[k] > 0 ? null : 0,
    };
    if (total[k] > available) overflow.push({ resource: k, label, used: total[k], available, excess: total[k] - available });
    if (perCore[k] > 0) maxCores = Math.min(maxCores, Math.floor(Math.max(0, available - shell[k]) / perCore[k]));
  }
  overflow.sort((a, b) => b.excess / Math.max(1, b.available) - a.excess / Math.max(1, a.available));
  return {
    device_id: dev.device.id,
    cores,
    per_core_by_unit: perCoreByUnit,
    per_core: perCore,
    shell,
    total,
    resources,
    feasible: overflow.length === 0,
    overflow,
    infeasible_reason: overflow.length === 0 ? null : infeasibleMessage(dev, cores, overflow[0]!),
    max_cores: Number.isFinite(maxCores) ? maxCores : 0,
  };
}

function infeasibleMessage(dev: CatalogueDevice, cores: number, o: ResourceOverflow): string {
  const name = o.label ?? o.resource;
  const pct = o.available > 0 ? ` (+${((o.excess / o.available) * 100).toFixed(1)}%)` : '';
  return (
    `${cores} core${cores === 1 ? '' : 's'} do${cores === 1 ? 'es' : ''} not fit ${dev.device.id}: ` +
    `${name} ${o.used.toLocaleString('en-US')} needed, ${o.available.toLocaleString('en-US')} available, ` +
    `${o.excess.toLocaleString('en-US')} over${pct}`
  );
}

/**
 * Resources of an arch spec on its own device (`device.id`, `device.include_shell`): what a
 * sweep calls to skip a design that cannot fit before simulating it.
 */
export function estimateArchResources(
  arch: { core: CoreSpec; device: { id: string; include_shell: boolean } },
  cores = 1,
): ResourceEstimate {
  return estimateResources(coreResourceParams(arch.core), loadDevice(arch.device.id), {
    cores,
    includeShell: arch.device.include_shell,
  });
}
