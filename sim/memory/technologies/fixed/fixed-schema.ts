import * as z from 'zod';

/** A memory that answers every request a fixed number of core cycles after it was made. */
export const FixedMemorySchema = z
  .object({
    model: z.literal('fixed'),
    response_cycles: z
      .number()
      .int()
      .positive()
      .max(1_000_000)
      .describe('A request made in core cycle n is answered in cycle n + response_cycles (at most 10^6: 17 ms at 60 MHz, far beyond any memory).'),
  })
  .strict();
export type FixedMemorySpec = z.infer<typeof FixedMemorySchema>;
