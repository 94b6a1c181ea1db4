import type { ProvenanceLog } from '../../arch/provenance.ts';
import type { BlockMemory, FabricFamily, ResourceCounts } from '../../arch/device-catalogue.ts';
import type { MultDemand, RamDemand, UnitDemand } from './demand.ts';

/**
 * Step 2 of the resource estimate: a part's device-independent demand (demand.ts) MAPPED
 * onto a fabric family — ALMs/M20K/DSP on Intel parts, LUT/FF/BRAM/URAM/DSP on AMD ones —
 * from the family's figures in the device catalogue (sim/arch/devices/). A new fabric is a
 * new catalogue entry, not new code here.
 */

/**
 * Fewest blocks of one kind for a `words` × `width` memory over the block's aspect ratios.
 * This counts a memory by BOTH its width and its depth: a BRAM36 column gives at most 72
 * bits per access (UG573), so a wide memory needs ⌈width / 72⌉ blocks however shallow it
 * is, and a deep one ⌈bits / 36 Kb⌉ however narrow — the minimum over the aspect ratios is
 * (for widths and depths that divide evenly) max(⌈width / 72⌉, ⌈bits / 36 Kb⌉).
 */
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

/**
 * A memory no deeper than one distributed-RAM primitive (64 words on UltraScale+, 32 on an
 * MLAB) that would fill its block RAMs below this fraction goes to LUTRAM instead: a wide,
 * shallow vector (a 1024-lane fp32 operand, 3 words deep) would otherwise take one BRAM36 per
 * 72 bits of width and use 3 of its 512 words. The same half-full rule as URAM_MIN_FILL:
 * block RAM is for memories that use its depth.
 */
export const BRAM_MIN_FILL = 0.5;

function fill(ram: RamDemand, block: BlockMemory): number {
  return (ram.words * ram.width) / (blocksForMemory(ram.words, ram.width, block) * block.bits.value);
}

/** How one logical memory is built, and what it takes (every count covers all its copies). */
export interface MemoryMapping {
  style: 'registers' | 'lutram' | 'bram' | 'uram';
  /** Flip-flops (registers style: a one-word memory is a register). */
  ff: number;
  /** Logic cells of distributed RAM. */
  lutramCells: number;
  bram: number;
  uram: number;
}

/**
 * Where a `words` × `width` memory goes, by both its width and its depth:
 * - one word: a register (`width` flip-flops; read without a multiplexer);
 * - at most `lutram_max_bits`, or no deeper than a distributed-RAM primitive and filling its
 *   block RAMs below BRAM_MIN_FILL: LUTRAM, ⌈words / depth⌉ × ⌈width / bits-per-cell-width⌉
 *   cells (a 64 × 1 LUT stores one bit of width: a 3-word 32,768-bit vector is 32,768 LUTs);
 * - large and filling URAM at least half: URAM;
 * - otherwise block RAM, counted by width and depth (blocksForMemory).
 */
export function mapMemory(ram: RamDemand, family: FabricFamily, log: ProvenanceLog): MemoryMapping {
  const f = family.id;
  const out: MemoryMapping = { style: 'bram', ff: 0, lutramCells: 0, bram: 0, uram: 0 };
  const bits = ram.words * ram.width;
  if (ram.words <= 1) {
    out.style = 'registers';
    out.ff = ram.copies * ram.width;
    return out;
  }
  const lutramBitsPerCell = log.use(`${f}.logic.lutram_bits_per_cell`, family.logic.lutram_bits_per_cell);
  const lutramMax = log.use(`${f}.logic.lutram_max_bits`, family.logic.lutram_max_bits);
  const depth = log.use(`${f}.logic.lutram_depth`, family.logic.lutram_depth);
  const shallowAndWide = ram.words <= depth && fill(ram, family.bram) < BRAM_MIN_FILL;
  if (bits <= lutramMax || shallowAndWide) {
    const widthPerCell = Math.max(1, lutramBitsPerCell / depth);
    out.style = 'lutram';
    out.lutramCells = ram.copies * Math.ceil(ram.words / depth) * Math.ceil(ram.width / widthPerCell);
    return out;
  }
  if (family.uram?.min_bits && bits >= log.use(`${f}.uram.min_bits`, family.uram.min_bits) && fill(ram, family.uram) >= URAM_MIN_FILL) {
    log.use(`${f}.uram.bits`, family.uram.bits);
    out.style = 'uram';
    out.uram = ram.copies * blocksForMemory(ram.words, ram.width, family.uram);
    return out;
  }
  log.use(`${f}.bram.bits`, family.bram.bits);
  out.bram = ram.copies * blocksForMemory(ram.words, ram.width, family.bram);
  return out;
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

  let lutramCells = 0;
  let registerFf = 0;
  let bram = 0;
  let uram = 0;
  for (const ram of demand.rams) {
    const m = mapMemory(ram, family, log);
    lutramCells += m.lutramCells;
    registerFf += m.ff;
    bram += m.bram;
    uram += m.uram;
  }
  let dsp = 0;
  if (demand.mults.length > 0) {
    log.use(`${f}.dsp.modes`, { value: family.dsp.modes.length, provenance: family.dsp.provenance, note: family.dsp.note });
    for (const m of demand.mults) dsp += dspBlocksFor(m, family);
  }
  const ff = demand.ff + registerFf;
  const cells = Math.max(demand.lut / lutsPerCell, ff / regsPerCell) / packing;
  return {
    logic: Math.ceil(cells) + lutramCells,
    registers: Math.ceil(ff),
    bram,
    uram,
    dsp: Math.ceil(dsp),
  };
}
