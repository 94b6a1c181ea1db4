import type { DramStandard } from '../../dram/dram-standard.ts';

/**
 * HBM2 (JESD235A/B) in pseudo-channel mode, as data for the same timing engine and channel
 * controller as DDR4. The hierarchy maps a pseudo-channel onto the `channel` level and uses
 * one `rank` (a pseudo-channel has no ranks; the rank level carries the pseudo-channel-wide
 * rules: tFAW, tRRD_S, tCCD_S, refresh), then 4 bank groups of 4 banks.
 *
 * Differences from the DDR4 table (why this is its own table):
 * - separate row-to-column delays for reads and writes (tRCDRD, tRCDWR);
 * - a BL4 burst on a 64-bit pseudo-channel (32 bytes) holds the data bus for tBL = 2 clocks,
 *   so back-to-back reads to different bank groups stream at tCCD_S = 2;
 * - no rank-to-rank (sibling) rules: one "rank" per pseudo-channel;
 * - read-to-precharge is the longer tRTP_L (the DRAMsim3/Ramulator HBM2 tables carry tRTP_S and
 *   tRTP_L; the per-bank rule needs the same-bank-group value).
 *
 * Timing names (DRAM clock cycles): the JEDEC parameters plus tBL = BL/2 = 2.
 */
export const HBM2_TIMING_NAMES = [
  'CL',
  'CWL',
  'tRCDRD',
  'tRCDWR',
  'tRP',
  'tRAS',
  'tRC',
  'tRFC',
  'tREFI',
  'tRRD_S',
  'tRRD_L',
  'tFAW',
  'tCCD_S',
  'tCCD_L',
  'tWR',
  'tWTR_S',
  'tWTR_L',
  'tRTP_S',
  'tRTP_L',
  'tBL',
] as const;
export type Hbm2TimingName = (typeof HBM2_TIMING_NAMES)[number];
export type Hbm2Timing = Record<Hbm2TimingName, number>;

export const HBM2_STANDARD: DramStandard = {
  name: 'HBM2',
  levels: ['channel', 'rank', 'bankgroup', 'bank'],
  commands: [
    { name: 'ACT', scope: 'bank', meaning: 'activate: open a 1 KB row of one bank of the pseudo-channel' },
    { name: 'PRE', scope: 'bank', meaning: 'precharge: close the open row of one bank' },
    { name: 'PREA', scope: 'rank', meaning: 'precharge all banks of the pseudo-channel (before refresh)' },
    { name: 'RD', scope: 'bank', meaning: 'read one BL4 burst (32 bytes) from the open row' },
    { name: 'WR', scope: 'bank', meaning: 'write one BL4 burst (32 bytes) to the open row' },
    { name: 'RDA', scope: 'bank', meaning: 'read with auto-precharge (closed-page policy)' },
    { name: 'WRA', scope: 'bank', meaning: 'write with auto-precharge (closed-page policy)' },
    { name: 'REF', scope: 'rank', meaning: 'all-bank refresh (REFab) of the pseudo-channel, every tREFI, busy for tRFC' },
  ],
  timingNames: HBM2_TIMING_NAMES,
  constraints: [
    // ---- channel (= pseudo-channel): its own 64-bit data bus ----
    { level: 'channel', preceding: ['RD', 'RDA'], following: ['RD', 'RDA'], latency: 'tBL', why: 'data bus busy for one BL4 burst' },
    { level: 'channel', preceding: ['WR', 'WRA'], following: ['WR', 'WRA'], latency: 'tBL', why: 'data bus busy for one BL4 burst' },

    // ---- rank (the whole pseudo-channel): column commands, different bank groups ----
    { level: 'rank', preceding: ['RD', 'RDA'], following: ['RD', 'RDA'], latency: 'tCCD_S', why: 'tCCD_S, different bank group' },
    { level: 'rank', preceding: ['WR', 'WRA'], following: ['WR', 'WRA'], latency: 'tCCD_S', why: 'tCCD_S, different bank group' },
    { level: 'rank', preceding: ['RD', 'RDA'], following: ['WR', 'WRA'], latency: 'CL + tBL + 2 - CWL', why: 'read-to-write bus turnaround (tRTW: read data gone, 1 tCK preamble + 1 gap; assumed as for DDR4)' },
    { level: 'rank', preceding: ['WR', 'WRA'], following: ['RD', 'RDA'], latency: 'CWL + tBL + tWTR_S', why: 'tWTR_S after the write data, different bank group' },
    // ---- rank: row commands ----
    { level: 'rank', preceding: ['ACT'], following: ['ACT'], latency: 'tRRD_S', why: 'tRRD_S, different bank group' },
    { level: 'rank', preceding: ['ACT'], following: ['ACT'], latency: 'tFAW', window: 4, why: 'at most four activates per tFAW in a pseudo-channel' },
    { level: 'rank', preceding: ['ACT'], following: ['PREA'], latency: 'tRAS', why: 'tRAS before closing any bank' },
    { level: 'rank', preceding: ['RD'], following: ['PREA'], latency: 'tRTP_L', why: 'read to precharge' },
    { level: 'rank', preceding: ['WR'], following: ['PREA'], latency: 'CWL + tBL + tWR', why: 'write recovery' },
    { level: 'rank', preceding: ['PREA'], following: ['ACT'], latency: 'tRP', why: 'precharge period' },
    // ---- rank: refresh ----
    { level: 'rank', preceding: ['ACT'], following: ['REF'], latency: 'tRC', why: 'a row cycle completes before refresh' },
    { level: 'rank', preceding: ['PRE', 'PREA'], following: ['REF'], latency: 'tRP', why: 'banks precharged before refresh' },
    { level: 'rank', preceding: ['RDA'], following: ['REF'], latency: 'tRTP_L + tRP', why: 'auto-precharge finishes before refresh' },
    { level: 'rank', preceding: ['WRA'], following: ['REF'], latency: 'CWL + tBL + tWR + tRP', why: 'auto-precharge finishes before refresh' },
    { level: 'rank', preceding: ['REF'], following: ['ACT', 'REF'], latency: 'tRFC', why: 'pseudo-channel busy refreshing for tRFC' },

    // ---- bank group: the long variants ----
    { level: 'bankgroup', preceding: ['RD', 'RDA'], following: ['RD', 'RDA'], latency: 'tCCD_L', why: 'tCCD_L, same bank group' },
    { level: 'bankgroup', preceding: ['WR', 'WRA'], following: ['WR', 'WRA'], latency: 'tCCD_L', why: 'tCCD_L, same bank group' },
    { level: 'bankgroup', preceding: ['WR', 'WRA'], following: ['RD', 'RDA'], latency: 'CWL + tBL + tWTR_L', why: 'tWTR_L after the write data, same bank group' },
    { level: 'bankgroup', preceding: ['ACT'], following: ['ACT'], latency: 'tRRD_L', why: 'tRRD_L, same bank group' },

    // ---- bank ----
    { level: 'bank', preceding: ['ACT'], following: ['ACT'], latency: 'tRC', why: 'row cycle' },
    { level: 'bank', preceding: ['ACT'], following: ['RD', 'RDA'], latency: 'tRCDRD', why: 'row to column delay, read' },
    { level: 'bank', preceding: ['ACT'], following: ['WR', 'WRA'], latency: 'tRCDWR', why: 'row to column delay, write' },
    { level: 'bank', preceding: ['ACT'], following: ['PRE'], latency: 'tRAS', why: 'row active time' },
    { level: 'bank', preceding: ['PRE'], following: ['ACT'], latency: 'tRP', why: 'precharge period' },
    { level: 'bank', preceding: ['RD'], following: ['PRE'], latency: 'tRTP_L', why: 'read to precharge' },
    { level: 'bank', preceding: ['WR'], following: ['PRE'], latency: 'CWL + tBL + tWR', why: 'write recovery after the last data beat' },
    { level: 'bank', preceding: ['RDA'], following: ['ACT'], latency: 'tRTP_L + tRP', why: 'auto-precharge, then tRP' },
    { level: 'bank', preceding: ['WRA'], following: ['ACT'], latency: 'CWL + tBL + tWR + tRP', why: 'write recovery, auto-precharge, then tRP' },
  ],
};
