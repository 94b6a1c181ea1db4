import * as z from 'zod';

/**
 * Weights held in the FPGA's own block memories (UltraRAM, BRAM36, M20K), interleaved over
 * `banks` blocks that are all read every cycle. The organisation (how many blocks the device
 * has, bits per block, widest read port) comes from the device catalogue
 * (sim/arch/devices/): arch validation fills `banks`, `bank_bits` and `width_bits` from the
 * arch's `device.id` (sim/arch/onchip-memory.ts), so a file states only what differs.
 */
export const OnChipMemorySchema = z
  .object({
    model: z.literal('onchip'),
    block: z
      .enum(['uram', 'bram'])
      .default('uram')
      .describe("Block kind that holds the weights: `uram` (AMD UltraRAM, 288 Kbit) or `bram` (the family's block RAM: AMD BRAM36, Intel M20K)."),
    banks: z
      .number()
      .int()
      .positive()
      .max(1_000_000)
      .optional()
      .describe("Blocks read in parallel (consecutive words interleave over them). Default: every block of that kind the device has, less the shell's."),
    bank_bits: z
      .number()
      .int()
      .positive()
      .max(1 << 30)
      .optional()
      .describe('Bits one block stores. Default: the device family (UG573: URAM 294,912, BRAM36 36,864; M20K 20,480).'),
    width_bits: z
      .number()
      .int()
      .positive()
      .max(4096)
      .optional()
      .describe("Bits one block returns per read. Default: the block's widest aspect ratio in the family (URAM 72, BRAM36 72, M20K 40)."),
    read_latency_cycles: z
      .number()
      .int()
      .positive()
      .max(64)
      .default(2)
      .describe('Core cycles from a read address to its data (assumed default 2: the address register and the enabled output register a block needs at these clocks).'),
    read_pj_per_bit: z
      .number()
      .nonnegative()
      .max(1000)
      .optional()
      .describe('Energy of one bit read from the weight blocks, in pJ. Default: the assumed figure of the block kind (docs/memory-and-power.md, "On-chip weight memory").'),
  })
  .strict();
export type OnChipMemorySpec = z.infer<typeof OnChipMemorySchema>;

/** A section whose organisation is known (the device catalogue's figures filled in). */
export type ResolvedOnChipMemorySpec = OnChipMemorySpec & { banks: number; bank_bits: number; width_bits: number };

/** The organisation of a section, or an error saying it was not resolved against a device. */
export function onChipOrganisation(spec: OnChipMemorySpec): { banks: number; bankBits: number; widthBits: number } {
  if (spec.banks === undefined || spec.bank_bits === undefined || spec.width_bits === undefined) {
    throw new Error('an onchip memory section needs banks, bank_bits and width_bits: resolve it against the device catalogue first (sim/arch/onchip-memory.ts)');
  }
  return { banks: spec.banks, bankBits: spec.bank_bits, widthBits: spec.width_bits };
}
