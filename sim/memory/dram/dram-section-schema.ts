import { z } from 'zod';

/** Pieces every DRAM technology's `memory:` schema shares. */

export const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

export const ADDRESS_FIELDS = ['ro', 'ch', 'ra', 'bg', 'ba', 'co'] as const;

/** Optional per-parameter overrides of a preset's timing, in DRAM clock cycles. */
export function timingOverridesSchema<N extends string>(names: readonly N[]) {
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
