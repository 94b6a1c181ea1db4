import type { ProvenanceLog } from '../../arch/provenance.ts';
import type { BlockMemory, FabricFamily, ResourceCounts } from '../../arch/device-catalogue.ts';
import type { MultDemand, RamDemand, UnitDemand } from './demand.ts';

/**
 * Step 2 of the resource estimate: a part's device-independent demand (demand.ts) MAPPED
 * onto a fabric family — ALMs/M20K/DSP on Intel parts, LUT/FF/BRAM/URAM/DSP on AMD ones —
 * from the family's figures in the device catalogue (sim/arch/devices/). A new fabric is a
 * new catalogue entry, not new code here.
 */

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
