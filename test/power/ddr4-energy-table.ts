import type { DramEnergyTable } from '../../sim/power/dram-energy.ts';

// DDR4-2400 8 Gb x8 (docs/memory-and-power.md, "Currents"): VDD 1.2 V, tCK = 1/1.2 GHz, so VDD × tCK = 1 V·ns
// exactly and every per-device energy is just (mA × cycles) pJ.
export const idd = { vdd: 1.2, idd0: 48, idd2n: 34, idd3n: 43, idd4r: 135, idd4w: 123, idd5b: 250 };
export const timing = { tCKns: 1 / 1.2, tRC: 56, tRAS: 39, tRFC: 420, tBL: 4 };
const source = { provenance: 'datasheet', note: 'test' } as const;

/** The D5005 part's energy table, 8 devices per rank, 5 pJ/bit interface energy. */
export const ddr4Table: DramEnergyTable = { idd, iddSource: source, timing, devicesPerRank: 8, ioPjPerBit: { value: 5, provenance: 'assumed', note: 'test' } };
