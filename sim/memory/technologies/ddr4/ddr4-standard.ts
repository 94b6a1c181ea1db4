import type { DramStandard } from '../../dram/dram-standard.ts';

/**
 * DDR4 (JESD79-4) as data. The constraint list follows Ramulator 2's DDR4 table; the
 * rank-to-rank (sibling) rules follow DRAMsim3's data-bus arithmetic (`read_to_write_o` …),
 * which accounts for CL ≠ CWL where Ramulator's simpler rules do not.
 *
 * Timing names (all in DRAM clock cycles): the JEDEC parameters plus
 * - tBL   = BL/2: clock cycles one burst occupies the data bus (4 for BL8);
 * - tRTRS = rank-to-rank switching gap on the data bus (DQS hand-over), 2 in the common
 *   simulators' DDR4 configs.
 */
export const DDR4_TIMING_NAMES = [
  'CL',
  'CWL',
  'tRCD',
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
  'tRTP',
  'tRTRS',
  'tBL',
] as const;
export type Ddr4TimingName = (typeof DDR4_TIMING_NAMES)[number];
export type Ddr4Timing = Record<Ddr4TimingName, number>;

export const DDR4_STANDARD: DramStandard = {
  name: 'DDR4',
  levels: ['channel', 'rank', 'bankgroup', 'bank'],
  commands: [
    { name: 'ACT', scope: 'bank', meaning: 'activate: open a row into the bank row buffer' },
    { name: 'PRE', scope: 'bank', meaning: 'precharge: close the open row of one bank' },
    { name: 'PREA', scope: 'rank', meaning: 'precharge all banks of a rank (before refresh)' },
    { name: 'RD', scope: 'bank', meaning: 'read one BL8 burst from the open row' },
    { name: 'WR', scope: 'bank', meaning: 'write one BL8 burst to the open row' },
    { name: 'RDA', scope: 'bank', meaning: 'read with auto-precharge (closed-page policy)' },
    { name: 'WRA', scope: 'bank', meaning: 'write with auto-precharge (closed-page policy)' },
    { name: 'REF', scope: 'rank', meaning: 'all-bank refresh of a rank, every tREFI, busy for tRFC' },
  ],
  timingNames: DDR4_TIMING_NAMES,
  constraints: [
    // ---- channel: one shared data bus ----
    { level: 'channel', preceding: ['RD', 'RDA'], following: ['RD', 'RDA'], latency: 'tBL', why: 'data bus busy for one burst' },
    { level: 'channel', preceding: ['WR', 'WRA'], following: ['WR', 'WRA'], latency: 'tBL', why: 'data bus busy for one burst' },

    // ---- rank: column commands (different bank groups get the short tCCD_S) ----
    { level: 'rank', preceding: ['RD', 'RDA'], following: ['RD', 'RDA'], latency: 'tCCD_S', why: 'tCCD_S, different bank group' },
    { level: 'rank', preceding: ['WR', 'WRA'], following: ['WR', 'WRA'], latency: 'tCCD_S', why: 'tCCD_S, different bank group' },
    { level: 'rank', preceding: ['RD', 'RDA'], following: ['WR', 'WRA'], latency: 'CL + tBL + 2 - CWL', why: 'read-to-write bus turnaround (tRTW, 1 tCK preamble + 1 gap)' },
    { level: 'rank', preceding: ['WR', 'WRA'], following: ['RD', 'RDA'], latency: 'CWL + tBL + tWTR_S', why: 'tWTR_S after the write data, different bank group' },
    // ---- rank-to-rank switching on the shared data bus ----
    { level: 'rank', sibling: true, preceding: ['RD', 'RDA'], following: ['RD', 'RDA'], latency: 'tBL + tRTRS', why: 'read data of another rank, plus DQS hand-over' },
    { level: 'rank', sibling: true, preceding: ['RD', 'RDA'], following: ['WR', 'WRA'], latency: 'CL + tBL + tRTRS - CWL', why: 'read data of another rank must leave the bus before write data' },
    { level: 'rank', sibling: true, preceding: ['WR', 'WRA'], following: ['RD', 'RDA'], latency: 'CWL + tBL + tRTRS - CL', why: 'write data of another rank must leave the bus before read data' },
    { level: 'rank', sibling: true, preceding: ['WR', 'WRA'], following: ['WR', 'WRA'], latency: 'tBL + tRTRS', why: 'write data of another rank, plus ODT/DQS hand-over' },
    // ---- rank: row commands ----
    { level: 'rank', preceding: ['ACT'], following: ['ACT'], latency: 'tRRD_S', why: 'tRRD_S, different bank group' },
    { level: 'rank', preceding: ['ACT'], following: ['ACT'], latency: 'tFAW', window: 4, why: 'at most four activates per tFAW' },
    { level: 'rank', preceding: ['ACT'], following: ['PREA'], latency: 'tRAS', why: 'tRAS before closing any bank' },
    { level: 'rank', preceding: ['RD'], following: ['PREA'], latency: 'tRTP', why: 'read to precharge' },
    { level: 'rank', preceding: ['WR'], following: ['PREA'], latency: 'CWL + tBL + tWR', why: 'write recovery' },
    { level: 'rank', preceding: ['PREA'], following: ['ACT'], latency: 'tRP', why: 'precharge period' },
    // ---- rank: refresh ----
    { level: 'rank', preceding: ['ACT'], following: ['REF'], latency: 'tRC', why: 'a row cycle completes before refresh' },
    { level: 'rank', preceding: ['PRE', 'PREA'], following: ['REF'], latency: 'tRP', why: 'banks precharged before refresh' },
    { level: 'rank', preceding: ['RDA'], following: ['REF'], latency: 'tRTP + tRP', why: 'auto-precharge finishes before refresh' },
    { level: 'rank', preceding: ['WRA'], following: ['REF'], latency: 'CWL + tBL + tWR + tRP', why: 'auto-precharge finishes before refresh' },
    { level: 'rank', preceding: ['REF'], following: ['ACT', 'REF'], latency: 'tRFC', why: 'rank busy refreshing for tRFC' },

    // ---- bank group: the long variants ----
    { level: 'bankgroup', preceding: ['RD', 'RDA'], following: ['RD', 'RDA'], latency: 'tCCD_L', why: 'tCCD_L, same bank group' },
    { level: 'bankgroup', preceding: ['WR', 'WRA'], following: ['WR', 'WRA'], latency: 'tCCD_L', why: 'tCCD_L, same bank group' },
    { level: 'bankgroup', preceding: ['WR', 'WRA'], following: ['RD', 'RDA'], latency: 'CWL + tBL + tWTR_L', why: 'tWTR_L after the write data, same bank group' },
    { level: 'bankgroup', preceding: ['ACT'], following: ['ACT'], latency: 'tRRD_L', why: 'tRRD_L, same bank group' },

    // ---- bank ----
    { level: 'bank', preceding: ['ACT'], following: ['ACT'], latency: 'tRC', why: 'row cycle' },
    { level: 'bank', preceding: ['ACT'], following: ['RD', 'RDA', 'WR', 'WRA'], latency: 'tRCD', why: 'row to column delay' },
    { level: 'bank', preceding: ['ACT'], following: ['PRE'], latency: 'tRAS', why: 'row active time' },
    { level: 'bank', preceding: ['PRE'], following: ['ACT'], latency: 'tRP', why: 'precharge period' },
    { level: 'bank', preceding: ['RD'], following: ['PRE'], latency: 'tRTP', why: 'read to precharge' },
    { level: 'bank', preceding: ['WR'], following: ['PRE'], latency: 'CWL + tBL + tWR', why: 'write recovery after the last data beat' },
    { level: 'bank', preceding: ['RDA'], following: ['ACT'], latency: 'tRTP + tRP', why: 'auto-precharge, then tRP' },
    { level: 'bank', preceding: ['WRA'], following: ['ACT'], latency: 'CWL + tBL + tWR + tRP', why: 'write recovery, auto-precharge, then tRP' },
  ],
};

/**
 * DDR4 with DRAMsim3's bus turnarounds (its timing.cc at commit 2981759), for
 * `turnarounds: dramsim3`: a write after a read in the same rank waits CL + tBL + tRTRS −
 * CWL (JEDEC's tRTW has 1 tCK of write preamble and 1 of gap: 2, where DRAMsim3's ini sets
 * tRTRS 1), and writes to different ranks follow each other after one burst, without the
 * tRTRS hand-over a real bus needs to switch on-die termination. Everything else as DDR4.
 */
export const DDR4_STANDARD_DRAMSIM3_TURNAROUNDS: DramStandard = {
  ...DDR4_STANDARD,
  name: 'DDR4 (DRAMsim3 turnarounds)',
  constraints: DDR4_STANDARD.constraints.map((c) => {
    if (!c.sibling && c.latency === 'CL + tBL + 2 - CWL') return { ...c, latency: 'CL + tBL + tRTRS - CWL', why: 'read-to-write bus turnaround as DRAMsim3 (RL + BL/2 − WL + tRTRS)' };
    if (c.sibling && c.preceding[0] === 'WR' && c.following[0] === 'WR') return { ...c, latency: 'tBL', why: 'write data of another rank, no hand-over gap (DRAMsim3)' };
    return c;
  }),
};
