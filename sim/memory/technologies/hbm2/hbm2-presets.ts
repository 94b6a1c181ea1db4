import type { IddCurrents } from '../../dram/dram-activity.ts';
import type { DramOrganisation } from '../../dram/dram-config.ts';
import type { Hbm2Timing } from './hbm2-standard.ts';

/**
 * HBM2 presets: one pseudo-channel's organisation, timing and currents. The same
 * organisation record as DDR4 (bank groups, banks, rows, columns, burst length), read per
 * pseudo-channel.
 */
export interface Hbm2Preset {
  name: string;
  description: string;
  /** DRAM (command) clock in Hz; data moves on both edges: 2 × clock transfers/s per pin. */
  clockHz: number;
  org: DramOrganisation;
  timing: Hbm2Timing;
  /**
   * IDD currents of one 128-bit legacy channel. A pseudo-channel owns half of a channel's
   * data path and half of its page (1 KB of 2 KB), so its energy is half of these
   * (`HBM2_PSEUDO_CHANNEL_IDD_SHARE`).
   */
  idd: IddCurrents;
  /** Where each number comes from (shown in docs/dram.md). */
  provenance: string;
}

/** Energy share of a pseudo-channel in the per-channel IDD figures (see `Hbm2Preset.idd`). */
export const HBM2_PSEUDO_CHANNEL_IDD_SHARE = 0.5;

/**
 * One pseudo-channel of an 8 Gb-die, 4-high stack (4 Gb per channel, the U280's stacks):
 * 2 Gb = 256 MiB, 4 bank groups × 4 banks, 16384 rows of 1 KB (128 columns of 64 bits), BL4
 * (32 bytes per column command). AMD PG276 (HBM IP) address map: 14 row, 2 BG + 2 BA, 5 column
 * bits above the 32-byte burst; DS963 / UG1393: 32 pseudo-channels of 256 MB.
 */
const ORG_PC_4GB_CHANNEL: DramOrganisation = {
  densityGbit: 2,
  deviceWidth: 64,
  bankGroups: 4,
  banksPerGroup: 4,
  rows: 16384,
  columns: 128,
  burstLength: 4,
};

/**
 * Per-channel currents of the DRAMsim3 `HBM2_8Gb_x128` configuration (VDD 1.2 V). No HBM2
 * vendor publishes IDD tables openly; these are the figures the common simulators use.
 */
const IDD_HBM2_X128: IddCurrents = { vdd: 1.2, idd0: 65, idd2n: 40, idd3n: 55, idd4r: 390, idd4w: 500, idd5b: 250 };

export const HBM2_PRESETS: Readonly<Record<string, Hbm2Preset>> = {
  // The U280's stacks: 1800 MT/s per pin, 900 MHz (PG276: HBM clock 900 MHz; DS963: 14.375
  // GB/s per pseudo-channel). Timing in ns from the DRAMsim3 HBM2_8Gb_x128 table (tCK 1 ns)
  // — CL 14, CWL 4, tRCDRD/WR 14, tRP 14, tRAS 34, tRFC 260 (4 Gb channel, JESD235), tREFI
  // 3900, tRRD_S 4, tRRD_L 6, tFAW 30, tWR 16, tWTR_S 6, tWTR_L 8, tRTP_S 4, tRTP_L 6 — each
  // rounded UP to 1.111 ns clocks (tREFI, a maximum, rounded down); tRC = tRAS + tRP.
  // tCCD_S = 2 (= BL4/2, JESD235 minimum in pseudo-channel mode). ASSUMED: tCCD_L = 4 (twice
  // tCCD_S: a stream kept inside one bank group runs at half rate; JESD235 leaves the value
  // to the vendor and no U280 datasheet states it).
  'hbm2-1800': {
    name: 'hbm2-1800',
    description: 'HBM2 1800 MT/s pseudo-channel (AMD Alveo U280 stacks: 900 MHz, 64 bits, BL4, 16 banks, 1 KB page)',
    clockHz: 900_000_000,
    org: ORG_PC_4GB_CHANNEL,
    timing: {
      CL: 13, CWL: 4, tRCDRD: 13, tRCDWR: 13, tRP: 13, tRAS: 31, tRC: 44, tRFC: 234, tREFI: 3510,
      tRRD_S: 4, tRRD_L: 6, tFAW: 27, tCCD_S: 2, tCCD_L: 4, tWR: 15, tWTR_S: 6, tWTR_L: 8,
      tRTP_S: 4, tRTP_L: 6, tBL: 2,
    },
    idd: IDD_HBM2_X128,
    provenance:
      'timing: DRAMsim3 HBM2_8Gb_x128 (ns) at tCK 1.111 ns; tCCD_L assumed 2 x tCCD_S; organisation: AMD PG276/DS963; IDD: DRAMsim3 HBM2_8Gb_x128, halved per pseudo-channel',
  },
  // The same part at 2000 MT/s (tCK 1 ns): the DRAMsim3 HBM2_8Gb_x128 timing as is.
  'hbm2-2000': {
    name: 'hbm2-2000',
    description: 'HBM2 2000 MT/s pseudo-channel (1 GHz, 64 bits, BL4, 16 banks, 1 KB page)',
    clockHz: 1_000_000_000,
    org: ORG_PC_4GB_CHANNEL,
    timing: {
      CL: 14, CWL: 4, tRCDRD: 14, tRCDWR: 14, tRP: 14, tRAS: 34, tRC: 48, tRFC: 260, tREFI: 3900,
      tRRD_S: 4, tRRD_L: 6, tFAW: 30, tCCD_S: 2, tCCD_L: 4, tWR: 16, tWTR_S: 6, tWTR_L: 8,
      tRTP_S: 4, tRTP_L: 6, tBL: 2,
    },
    idd: IDD_HBM2_X128,
    provenance: 'timing: DRAMsim3 HBM2_8Gb_x128 (tCK 1 ns); tCCD_L assumed 2 x tCCD_S; IDD: DRAMsim3 HBM2_8Gb_x128, halved per pseudo-channel',
  },
};

export const HBM2_PRESET_NAMES = Object.keys(HBM2_PRESETS) as [string, ...string[]];
