import { z } from 'zod';

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

/** Placeholder for the DDR4 section; the DDR4 model owns and extends it. */
export const Ddr4MemorySchema = z
  .object({
    model: z.literal('ddr4'),
    preset: z.string().default('ddr4-2400'),
  })
  .strict();

export const MemorySchema = z.discriminatedUnion('model', [FixedMemorySchema, Ddr4MemorySchema]);
export type MemorySpec = z.infer<typeof MemorySchema>;
