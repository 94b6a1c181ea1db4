import { z } from 'zod';

/**
 * The core section of the arch YAML. Defaults reproduce the paper's core (paper-core.md):
 * d = 512 at 60 MHz, eight 8-bit registers, an 8-bit memory port with one access
 * outstanding, a 2048-byte weight FIFO and one ternary weight per cycle.
 */
export const CoreSchema = z
  .object({
    d: z.number().int().positive().default(512).describe('Vector length (elements per register).'),
    clock_mhz: z.number().positive().default(60).describe('Core clock in MHz.'),
    registers: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(8)
      .describe('Number of vector registers (v0 … v{n−1}); the instruction register fields widen past 8.'),
    address_bits: z
      .number()
      .int()
      .min(1)
      .max(36)
      .default(16)
      .describe('Width of the instruction DDR address field in bits: 16 as published, 33 in the D5005 board build. Programs whose addresses do not fit are rejected.'),
    memory_port: z
      .object({
        width_bytes: z.number().int().positive().default(1).describe('Bytes per beat of the core memory port.'),
        outstanding: z.number().int().positive().default(1).describe('Memory requests the port may have in flight.'),
        burst_beats: z.number().int().positive().default(1).describe('Beats per memory request.'),
      })
      .strict()
      .prefault({})
      .describe('The core memory port shared by load/store and the tmatmul weight reader (paper: 8 bits, one access in flight).'),
    tmatmul: z
      .object({
        weights_per_cycle: z.number().int().positive().default(1).describe('Ternary weights consumed per cycle (lanes).'),
        fifo_bytes: z.number().int().positive().default(2048).describe('Depth of the weight FIFO in bytes.'),
        accumulator_bits: z.number().int().min(8).max(53).default(16).describe('Saturating accumulator width.'),
      })
      .strict()
      .prefault({})
      .describe('Ternary matrix-vector unit: weight FIFO, lanes, accumulators.'),
    rowwise: z
      .object({
        elements_per_cycle: z.number().int().positive().default(1).describe('Vector elements processed per cycle.'),
      })
      .strict()
      .prefault({})
      .describe('Row-wise unit (add, sub, mul, div, exp, sig): d/lanes + 1 cycles per operation.'),
  })
  .strict()
  .superRefine((core, ctx) => {
    // Instruction words are exact JavaScript integers: fu[3] op[3] 3×reg[R] ls_op[2] addr[A] ≤ 53 bits.
    const registerBits = Math.max(1, Math.ceil(Math.log2(core.registers)));
    const bits = 8 + 3 * registerBits + core.address_bits;
    if (bits > 53) {
      ctx.addIssue({
        code: 'custom',
        path: ['address_bits'],
        message: `instruction word would be ${bits} bits (${core.registers} registers, ${core.address_bits}-bit address); the limit is 53`,
      });
    }
  });

export type CoreSpec = z.infer<typeof CoreSchema>;
