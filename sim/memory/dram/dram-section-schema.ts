import * as z from 'zod';
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
  // Two shared bounds instead of one chain per name: every zod method call copies the schema,
  // and building ~40 overrides per technology that way was a tenth of loading the CLI.
  const cycles = (min: number) => z.number().int().min(min).max(MAX_TIMING_CYCLES).optional();
  const atLeastZero = cycles(0);
  const atLeastOne = cycles(1);
  return z
    .object(
      Object.fromEntries(
        names.map((n) => [n, (ZERO_ALLOWED_TIMINGS.has(n) ? atLeastZero : atLeastOne).describe(`${n} in DRAM clock cycles (overrides the preset).`)]),
      ) as Record<N, z.ZodOptional<z.ZodNumber>>,
    )
    .strict();
}

/**
 * The controller keys every DRAM technology takes (docs/dram.md): which controller, and the
 * two DRAMsim3 behaviours `controller: dramsim3` can keep or drop. Spread into each
 * technology's `memory:` object.
 */
export const controllerKeys = {
  controller: z
    .enum(['mmfsim', 'dramsim3'])
    .default('mmfsim')
    .describe(
      "mmfsim: a request joins its bank's queue as it enters and the scheduler sees it at once. dramsim3: DRAMsim3's controller (commit 2981759): requests wait in the read queue / write buffer and move one per cycle into per-bank command queues of bank_queue entries, queues served round-robin, refresh rank after rank, writes acknowledged as they enter (docs/dram.md).",
    ),
  row_hit_cap: z.number().int().min(1).max(65535).default(4).describe('controller dramsim3: column commands an open row serves before a miss waiting at the head of its command queue may close it (DRAMsim3: 4).'),
  hold_idle_writes: z
    .boolean()
    .default(true)
    .describe('controller dramsim3: as DRAMsim3, drain writes only from a full buffer or when more than 8 wait with every command queue empty, so up to 8 can stay buffered for good; false drains them whenever the controller is otherwise idle.'),
};
