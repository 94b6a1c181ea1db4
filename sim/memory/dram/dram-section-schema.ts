import { z } from 'zod';
import { MAX_TIMING_CYCLES, ZERO_ALLOWED_TIMINGS } from './timing-sanity.ts';

/** Pieces every DRAM technology's `memory:` schema shares. */

export const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

export const ADDRESS_FIELDS = ['ro', 'ch', 'ra', 'bg', 'ba', 'co'] as const;

/**
 * Longest board-shell latency accepted, in ns (each way): FPGA shells add 50–500 ns; 10 µs
 * is twenty times that, and keeps a request's trip within a few refresh intervals.
 */
export const MAX_SHELL_LATENCY_NS = 10_000;

/**
 * Optional per-parameter overrides of a preset's timing, in DRAM clock cycles: each at least
 * one cycle (tRTRS may be 0) and at most MAX_TIMING_CYCLES (timing-sanity.ts says why).
 */
export function timingOverridesSchema<N extends string>(names: readonly N[]) {
  return z
    .object(
      Object.fromEntries(
        names.map((n) => [
          n,
          z
            .number()
            .int()
            .min(ZERO_ALLOWED_TIMINGS.has(n) ? 0 : 1)
            .max(MAX_TIMING_CYCLES)
            .optional()
            .describe(`${n} in DRAM clock cycles (overrides the preset).`),
        ]),
      ) as Record<N, z.ZodOptional<z.ZodNumber>>,
    )
    .strict();
}
