import * as z from 'zod';
import { presetTimingWithOverrides } from '../../dram/dram-config.ts';
import { ADDRESS_FIELDS, controllerKeys, isPowerOfTwo, MAX_SHELL_LATENCY_NS, timingOverridesSchema } from '../../dram/dram-section-schema.ts';
import { checkTimingRelations, checkWatermarks, COMMON_TIMING_RELATIONS, refreshRoomRelation, type TimingRelation } from '../../dram/timing-sanity.ts';
import { DDR4_PRESET_NAMES, DDR4_PRESETS } from './ddr4-presets.ts';
import { DDR4_TIMING_NAMES, type Ddr4TimingName } from './ddr4-standard.ts';

const Ddr4TimingOverridesSchema = timingOverridesSchema<Ddr4TimingName>(DDR4_TIMING_NAMES);

/** JESD79-4's relations between DDR4 timing parameters (COMMON_TIMING_RELATIONS plus the DDR4 names). */
const DDR4_TIMING_RELATIONS: readonly TimingRelation[] = [
  ...COMMON_TIMING_RELATIONS,
  { rule: 'tRAS ≥ tRCD', names: ['tRAS', 'tRCD'], holds: (t) => t.tRAS! >= t.tRCD!, why: 'a row stays open at least until its first column command' },
  refreshRoomRelation('tRCD'),
];

/**
 * A DDR4 memory simulated command by command (sim/memory/dram): channels of ranks of
 * bank groups of banks, JEDEC timing from a preset, FR-FCFS scheduling, refresh, IDD energy.
 */
export const Ddr4MemorySchema = z
  .object({
    model: z.literal('ddr4'),
    preset: z
      .enum(DDR4_PRESET_NAMES)
      .default('ddr4-2400')
      .describe('Speed bin and device: ddr4-2400 (DDR4-2400R 17-17-17, 8 Gb x8, the D5005 part) or ddr4-3200 (DDR4-3200AA 22-22-22, 8 Gb x8).'),
    channels: z.number().int().min(1).max(64).refine(isPowerOfTwo, 'must be a power of two (the address mapping splits bits)').default(1).describe('Independent channels, each with its own controller, queues and 64-bit data bus.'),
    ranks: z.number().int().min(1).max(8).refine(isPowerOfTwo, 'must be a power of two (the address mapping splits bits)').default(1).describe('Ranks per channel (a power of two).'),
    devices_per_rank: z
      .number()
      .int()
      .min(1)
      .max(18)
      .default(8)
      .describe('DRAM devices per rank; scales energy (9 with ECC). The data bus is 64 bits (one BL8 burst = 64 bytes).'),
    device_width: z.literal(8).default(8).describe('Data pins per device; the shipped presets are x8 parts.'),
    page_policy: z
      .enum(['open', 'closed'])
      .default('open')
      .describe('open: rows stay open until a conflict or refresh; closed: a column command auto-precharges unless another queued request hits the same row.'),
    mapping: z
      .string()
      .regex(/^(ro|ch|ra|bg|ba|co){6}$/, 'expected six two-letter fields from MSB down, e.g. rochrababgco (ro row, ch channel, ra rank, bg bank group, ba bank, co column)')
      .refine((m) => ADDRESS_FIELDS.every((f) => m.match(/../g)!.includes(f)), 'each of ro, ch, ra, bg, ba, co must appear exactly once')
      .default('rochrababgco')
      .describe('Address mapping, fields from MSB down above the 64-byte burst offset: rochrababgco keeps a stream in one bank for a whole row; rochrabacobg sends consecutive bursts to different bank groups.'),
    read_queue: z.number().int().min(1).max(4096).default(32).describe('Read queue entries per channel; a full queue refuses new reads (back-pressure).'),
    write_queue: z.number().int().min(1).max(4096).default(32).describe('Write buffer entries per channel; a full buffer refuses new writes.'),
    bank_queue: z
      .number()
      .int()
      .min(1)
      .max(4096)
      .default(8)
      .describe("Per-bank command queue depth: the scheduler sees each bank's oldest bank_queue reads (and, separately, writes)."),
    scheduler: z
      .enum(['frfcfs', 'fcfs'])
      .default('frfcfs')
      .describe('frfcfs: ready row hits first, then the oldest ready command; fcfs: the oldest ready command.'),
    write_high_watermark: z
      .number()
      .min(0)
      .max(1)
      .default(0.8)
      .describe('Switch to draining writes when the write buffer is this full (fraction), or when no reads wait.'),
    write_low_watermark: z
      .number()
      .min(0)
      .max(1)
      .default(0.2)
      .describe('Stop draining writes (if reads wait) when the write buffer falls to this fraction.'),
    ...controllerKeys,
    turnarounds: z
      .enum(['jedec', 'dramsim3'])
      .default('jedec')
      .describe("Data-bus turnarounds. jedec: a write after a read in the rank waits CL + tBL + 2 − CWL (preamble and gap), writes to another rank add tRTRS. dramsim3: DRAMsim3's simplifications, CL + tBL + tRTRS − CWL and no rank-to-rank gap between writes."),
    refresh: z.boolean().default(true).describe('All-bank refresh every tREFI per rank, staggered across ranks, each taking tRFC.'),
    shell_latency_ns: z
      .number()
      .min(0)
      .max(MAX_SHELL_LATENCY_NS)
      .default(0)
      .describe('Extra fixed latency in ns added to each request on its way in and to each response on its way out (the FPGA board shell between a core and the DDR controller).'),
    timing: Ddr4TimingOverridesSchema.prefault({}).describe('Timing overrides in DRAM clock cycles (CL, CWL, tRCD, …); unset ones come from the preset. The result must satisfy the JEDEC relations (tRC ≥ tRAS + tRP, tRFC < tREFI, tFAW ≥ 4 × tRRD_S, …; docs/limits.md).'),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const preset = DDR4_PRESETS[spec.preset];
    if (preset) checkTimingRelations(ctx, presetTimingWithOverrides(preset.timing, DDR4_TIMING_NAMES, spec.timing), spec.timing, DDR4_TIMING_RELATIONS);
    checkWatermarks(ctx, spec);
  });
export type Ddr4MemorySpec = z.infer<typeof Ddr4MemorySchema>;
