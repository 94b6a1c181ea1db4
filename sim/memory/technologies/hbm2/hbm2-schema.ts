import * as z from 'zod';
import { presetTimingWithOverrides } from '../../dram/dram-config.ts';
import { ADDRESS_FIELDS, controllerKeys, isPowerOfTwo, MAX_SHELL_LATENCY_NS, timingOverridesSchema } from '../../dram/dram-section-schema.ts';
import { checkTimingRelations, checkWatermarks, COMMON_TIMING_RELATIONS, refreshRoomRelation, type TimingRelation } from '../../dram/timing-sanity.ts';
import { HBM2_PRESET_NAMES, HBM2_PRESETS } from './hbm2-presets.ts';
import { HBM2_TIMING_NAMES, type Hbm2TimingName } from './hbm2-standard.ts';

const Hbm2TimingOverridesSchema = timingOverridesSchema<Hbm2TimingName>(HBM2_TIMING_NAMES);

/** JESD235's relations between HBM2 timing parameters (COMMON_TIMING_RELATIONS plus the HBM2 names). */
const HBM2_TIMING_RELATIONS: readonly TimingRelation[] = [
  ...COMMON_TIMING_RELATIONS,
  { rule: 'tRAS ≥ tRCDRD', names: ['tRAS', 'tRCDRD'], holds: (t) => t.tRAS! >= t.tRCDRD!, why: 'a row stays open at least until its first read' },
  { rule: 'tRTP_L ≥ tRTP_S', names: ['tRTP_L', 'tRTP_S'], holds: (t) => t.tRTP_L! >= t.tRTP_S!, why: 'the same bank group is never faster than another' },
  refreshRoomRelation('tRCDWR'),
];

/**
 * HBM2 in pseudo-channel mode, simulated command by command by the same controller as DDR4
 * (sim/memory/dram): independent 64-bit pseudo-channels of 4 bank groups × 4 banks, BL4
 * (32 bytes per column command), HBM2 timing from a preset, refresh, IDD energy.
 */
export const Hbm2MemorySchema = z
  .object({
    model: z.literal('hbm2'),
    preset: z
      .enum(HBM2_PRESET_NAMES)
      .default('hbm2-1800')
      .describe('Speed bin: hbm2-1800 (1800 MT/s, 900 MHz: the AMD Alveo U280 stacks, 14.4 GB/s per pseudo-channel) or hbm2-2000 (2000 MT/s, 1 GHz).'),
    mode: z
      .enum(['pseudo_channel', 'legacy'])
      .default('pseudo_channel')
      .describe(
        'pseudo_channel: 64-bit pseudo-channels, 32 bytes per BL4 column command (how FPGA HBM controllers run it); legacy: 128-bit channels, 64 bytes per BL4 command and a 2 KB page (DRAMsim3\'s HBM2 configurations). In legacy mode pseudo_channels counts 128-bit channels.',
      ),
    pseudo_channels: z
      .number()
      .int()
      .min(1)
      .max(64)
      .refine(isPowerOfTwo, 'must be a power of two (the address mapping splits bits)')
      .default(32)
      .describe('Independent 64-bit pseudo-channels, each with its own controller and queues (a U280 has 32: 2 stacks × 8 channels × 2).'),
    page_policy: z
      .enum(['open', 'closed'])
      .default('open')
      .describe('open: rows stay open until a conflict or refresh; closed: a column command auto-precharges unless another queued request hits the same row.'),
    mapping: z
      .string()
      .regex(/^(ro|ch|ra|bg|ba|co){6}$/, 'expected six two-letter fields from MSB down, e.g. rorabacochbg (ro row, ch pseudo-channel, ra rank, bg bank group, ba bank, co column)')
      .refine((m) => ADDRESS_FIELDS.every((f) => m.match(/../g)!.includes(f)), 'each of ro, ch, ra, bg, ba, co must appear exactly once')
      .default('rorabacochbg')
      .describe('Address mapping, fields from MSB down above the 32-byte burst offset (ra has one value): rorabacochbg rotates consecutive bursts over the 4 bank groups (tCCD_S), then over the pseudo-channels, so one stream uses every pseudo-channel.'),
    max_request_bytes: z
      .number()
      .int()
      .min(32)
      .max(8192)
      .refine(isPowerOfTwo, 'must be a power of two')
      .default(64)
      .describe('Largest request accepted: up to 256 the AXI burst of one HBM controller port; above, a wide port that spreads one request over the pseudo-channels (every pseudo-channel\'s port at once, as a core reading all 32 in parallel does). A request is split into 32-byte BL4 column commands on consecutive bursts, each queued in its pseudo-channel, and completes with its last one.'),
    read_queue: z.number().int().min(1).max(4096).default(32).describe('Read queue entries per pseudo-channel (one per 32-byte burst); a full queue refuses new reads.'),
    write_queue: z.number().int().min(1).max(4096).default(32).describe('Write buffer entries per pseudo-channel (one per 32-byte burst); a full buffer refuses new writes.'),
    bank_queue: z.number().int().min(1).max(4096).default(8).describe("Per-bank command queue depth: the scheduler sees each bank's oldest bank_queue reads (and, separately, writes)."),
    scheduler: z.enum(['frfcfs', 'fcfs']).default('frfcfs').describe('frfcfs: ready row hits first, then the oldest ready command; fcfs: the oldest ready command.'),
    write_high_watermark: z.number().min(0).max(1).default(0.8).describe('Switch to draining writes when the write buffer is this full (fraction), or when no reads wait.'),
    write_low_watermark: z.number().min(0).max(1).default(0.2).describe('Stop draining writes (if reads wait) when the write buffer falls to this fraction.'),
    ...controllerKeys,
    refresh: z.boolean().default(true).describe('All-bank refresh (REFab) every tREFI (3.9 µs) per pseudo-channel, each taking tRFC.'),
    shell_latency_ns: z
      .number()
      .min(0)
      .max(MAX_SHELL_LATENCY_NS)
      .default(0)
      .describe('Extra fixed latency in ns added to each request on its way in and to each response on its way out (the FPGA HBM subsystem: AXI switch and controller pipeline).'),
    timing: Hbm2TimingOverridesSchema.prefault({}).describe('Timing overrides in DRAM clock cycles (CL, tRCDRD, tCCD_L, …); unset ones come from the preset. The result must satisfy the JEDEC relations (tRC ≥ tRAS + tRP, tRFC < tREFI, tFAW ≥ 4 × tRRD_S, …; docs/limits.md).'),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const preset = HBM2_PRESETS[spec.preset];
    if (preset) checkTimingRelations(ctx, presetTimingWithOverrides(preset.timing, HBM2_TIMING_NAMES, spec.timing), spec.timing, HBM2_TIMING_RELATIONS);
    checkWatermarks(ctx, spec);
  });
export type Hbm2MemorySpec = z.infer<typeof Hbm2MemorySchema>;
