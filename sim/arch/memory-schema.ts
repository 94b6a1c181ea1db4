import { z } from 'zod';
import { DDR4_TIMING_NAMES, type Ddr4TimingName } from '../hw/memory/dram/ddr4-standard.ts';
import { DDR4_PRESET_NAMES } from '../hw/memory/dram/ddr4-presets.ts';
import { HBM2_TIMING_NAMES, type Hbm2TimingName } from '../hw/memory/dram/hbm2-standard.ts';
import { HBM2_PRESET_NAMES } from '../hw/memory/dram/hbm2-presets.ts';

/** A memory that answers every request a fixed number of core cycles after it was made. */
export const FixedMemorySchema = z
  .object({
    model: z.literal('fixed'),
    response_cycles: z
      .number()
      .int()
      .positive()
      .describe('A request made in core cycle n is answered in cycle n + response_cycles.'),
  })
  .strict();

const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

const ADDRESS_FIELDS = ['ro', 'ch', 'ra', 'bg', 'ba', 'co'] as const;

/** Optional per-parameter overrides of a preset's timing, in DRAM clock cycles. */
function timingOverridesSchema<N extends string>(names: readonly N[]) {
  return z
    .object(
      Object.fromEntries(
        names.map((n) => [
          n,
          z.number().int().min(n === 'tBL' || n === 'tREFI' || n === 'tRFC' ? 1 : 0).optional().describe(`${n} in DRAM clock cycles (overrides the preset).`),
        ]),
      ) as Record<N, z.ZodOptional<z.ZodNumber>>,
    )
    .strict();
}

const Ddr4TimingOverridesSchema = timingOverridesSchema<Ddr4TimingName>(DDR4_TIMING_NAMES);

/**
 * A DDR4 memory simulated command by command (sim/hw/memory/dram): channels of ranks of
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
    refresh: z.boolean().default(true).describe('All-bank refresh every tREFI per rank, staggered across ranks, each taking tRFC.'),
    shell_latency_ns: z
      .number()
      .min(0)
      .default(0)
      .describe('Extra fixed latency in ns added to each request on its way in and to each response on its way out (the FPGA board shell between a core and the DDR controller).'),
    timing: Ddr4TimingOverridesSchema.prefault({}).describe('Timing overrides in DRAM clock cycles (CL, CWL, tRCD, …); unset ones come from the preset.'),
  })
  .strict();
export type Ddr4MemorySpec = z.infer<typeof Ddr4MemorySchema>;

const Hbm2TimingOverridesSchema = timingOverridesSchema<Hbm2TimingName>(HBM2_TIMING_NAMES);

/**
 * HBM2 in pseudo-channel mode, simulated command by command by the same controller as DDR4
 * (sim/hw/memory/dram): independent 64-bit pseudo-channels of 4 bank groups × 4 banks, BL4
 * (32 bytes per column command), HBM2 timing from a preset, refresh, IDD energy.
 */
export const Hbm2MemorySchema = z
  .object({
    model: z.literal('hbm2'),
    preset: z
      .enum(HBM2_PRESET_NAMES)
      .default('hbm2-1800')
      .describe('Speed bin: hbm2-1800 (1800 MT/s, 900 MHz: the AMD Alveo U280 stacks, 14.4 GB/s per pseudo-channel) or hbm2-2000 (2000 MT/s, 1 GHz).'),
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
      .max(256)
      .refine(isPowerOfTwo, 'must be a power of two')
      .default(64)
      .describe('Largest request accepted (the AXI burst of the HBM controller port); a request is split into 32-byte BL4 column commands on consecutive bursts and completes with its last one.'),
    read_queue: z.number().int().min(1).max(4096).default(32).describe('Read queue entries per pseudo-channel (one per 32-byte burst); a full queue refuses new reads.'),
    write_queue: z.number().int().min(1).max(4096).default(32).describe('Write buffer entries per pseudo-channel (one per 32-byte burst); a full buffer refuses new writes.'),
    bank_queue: z.number().int().min(1).max(4096).default(8).describe("Per-bank command queue depth: the scheduler sees each bank's oldest bank_queue reads (and, separately, writes)."),
    scheduler: z.enum(['frfcfs', 'fcfs']).default('frfcfs').describe('frfcfs: ready row hits first, then the oldest ready command; fcfs: the oldest ready command.'),
    write_high_watermark: z.number().min(0).max(1).default(0.8).describe('Switch to draining writes when the write buffer is this full (fraction), or when no reads wait.'),
    write_low_watermark: z.number().min(0).max(1).default(0.2).describe('Stop draining writes (if reads wait) when the write buffer falls to this fraction.'),
    refresh: z.boolean().default(true).describe('All-bank refresh (REFab) every tREFI (3.9 µs) per pseudo-channel, each taking tRFC.'),
    shell_latency_ns: z
      .number()
      .min(0)
      .default(0)
      .describe('Extra fixed latency in ns added to each request on its way in and to each response on its way out (the FPGA HBM subsystem: AXI switch and controller pipeline).'),
    timing: Hbm2TimingOverridesSchema.prefault({}).describe('Timing overrides in DRAM clock cycles (CL, tRCDRD, tCCD_L, …); unset ones come from the preset.'),
  })
  .strict();
export type Hbm2MemorySpec = z.infer<typeof Hbm2MemorySchema>;

export const MemorySchema = z.discriminatedUnion('model', [FixedMemorySchema, Ddr4MemorySchema, Hbm2MemorySchema]);
export type MemorySpec = z.infer<typeof MemorySchema>;

/** Independent DRAM channels of a memory (HBM2: pseudo-channels); 0 for a non-DRAM memory. */
export function memoryChannels(spec: MemorySpec): number {
  switch (spec.model) {
    case 'fixed':
      return 0;
    case 'ddr4':
      return spec.channels;
    case 'hbm2':
      return spec.pseudo_channels;
    default: {
      const never: never = spec;
      throw new Error(`unknown memory model ${JSON.stringify(never)}`);
    }
  }
}

/** The same memory with `channels` DRAM channels (a core's private share); fixed memory unchanged. */
export function withMemoryChannels(spec: MemorySpec, channels: number): MemorySpec {
  switch (spec.model) {
    case 'fixed':
      return spec;
    case 'ddr4':
      return { ...spec, channels };
    case 'hbm2':
      return { ...spec, pseudo_channels: channels };
    default: {
      const never: never = spec;
      throw new Error(`unknown memory model ${JSON.stringify(never)}`);
    }
  }
}
