import type { Ddr4Timing } from './ddr4-standard.ts';
import type { IddCurrents } from '../../dram/dram-activity.ts';
import type { DramOrganisation } from '../../dram/dram-config.ts';

export interface Ddr4Preset {
  name: string;
  description: string;
  /** DRAM clock in Hz (half the transfer rate). */
  clockHz: number;
  org: DramOrganisation;
  timing: Ddr4Timing;
  idd: IddCurrents;
}

/** Micron 8 Gb x8 IDD values used by the common simulators' DDR4_8Gb_x8_2400 config. */
const IDD_8GB_X8_2400: IddCurrents = { vdd: 1.2, idd0: 48, idd2n: 34, idd3n: 43, idd4r: 135, idd4w: 123, idd5b: 250 };

const ORG_8GB_X8: DramOrganisation = {
  densityGbit: 8,
  deviceWidth: 8,
  bankGroups: 4,
  banksPerGroup: 4,
  rows: 65536,
  columns: 1024,
  burstLength: 8,
};

export const DDR4_PRESETS: Readonly<Record<string, Ddr4Preset>> = {
  // The D5005 board's part (docs/memory-and-power.md, "DDR4-2400, 8 Gb x8"): DDR4-2400 17-17-17, tCK 0.833 ns.
  'ddr4-2400': {
    name: 'ddr4-2400',
    description: 'DDR4-2400R 17-17-17, 8 Gb x8 (the D5005 board memory)',
    clockHz: 1_200_000_000,
    org: ORG_8GB_X8,
    timing: {
      CL: 17, CWL: 12, tRCD: 17, tRP: 17, tRAS: 39, tRC: 56, tRFC: 420, tREFI: 9360,
      tRRD_S: 4, tRRD_L: 6, tFAW: 26, tCCD_S: 4, tCCD_L: 6, tWR: 18, tWTR_S: 3, tWTR_L: 9,
      tRTP: 9, tRTRS: 2, tBL: 4,
    },
    idd: IDD_8GB_X8_2400,
  },
  // JEDEC DDR4-3200AA 22-22-22, 8 Gb x8 (1 KB page), tCK 0.625 ns: tRAS 32 ns, tRFC 350 ns,
  // tRRD_S max(4nCK, 2.5 ns), tRRD_L max(4nCK, 4.9 ns), tFAW 21 ns, tCCD_L max(5nCK, 5 ns),
  // tWR 15 ns, tWTR_S 2.5 ns, tWTR_L 7.5 ns, tRTP 7.5 ns, CWL 16 (first CWL set).
  'ddr4-3200': {
    name: 'ddr4-3200',
    description: 'DDR4-3200AA 22-22-22, 8 Gb x8 (JEDEC speed bin)',
    clockHz: 1_600_000_000,
    org: ORG_8GB_X8,
    timing: {
      CL: 22, CWL: 16, tRCD: 22, tRP: 22, tRAS: 52, tRC: 74, tRFC: 560, tREFI: 12480,
      tRRD_S: 4, tRRD_L: 8, tFAW: 34, tCCD_S: 4, tCCD_L: 8, tWR: 24, tWTR_S: 4, tWTR_L: 12,
      tRTP: 12, tRTRS: 2, tBL: 4,
    },
    // Assumed: the 2400 part's currents (faster bins draw a few mA more); override per part.
    idd: IDD_8GB_X8_2400,
  },
};

export const DDR4_PRESET_NAMES = Object.keys(DDR4_PRESETS) as [string, ...string[]];
