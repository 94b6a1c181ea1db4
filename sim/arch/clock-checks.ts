import type * as z from 'zod';
import type { MemorySpec } from './memory-schema.ts';
import { memoryTechnology } from '../memory/registry.ts';

/**
 * The clocks of a design must be ones the engine can simulate exactly (sim/engine/
 * clock-domain.ts): each a whole number of Hz, and all of them on a common integer timebase
 * (their least common multiple, in ticks per second) that leaves at least MIN_HORIZON_S of
 * simulated time below 2^53 ticks. Checked when the arch is validated, so `mmfsim validate`
 * refuses what `run` and `exec` would fail on (61.123457 MHz beside a 1.2 GHz DDR4 needs a
 * 7.3e16 Hz timebase).
 */

/** Least simulated time the clocks' common timebase must represent exactly, in seconds. */
export const MIN_HORIZON_S = 1000;

/** The most ticks per second that leave MIN_HORIZON_S below 2^53 ticks (about 9.0e12). */
export const MAX_TIMEBASE_HZ = Math.floor(Number.MAX_SAFE_INTEGER / MIN_HORIZON_S);

type Ctx = z.core.$RefinementCtx<unknown>;

/** A clock in MHz as whole Hz, or null when it is not a whole number of Hz. */
export function wholeHz(mhz: number): number | null {
  const hz = mhz * 1e6;
  const rounded = Math.round(hz);
  // MHz × 1e6 carries float noise of a few ulps; anything beyond that is a fractional Hz.
  return Number.isSafeInteger(rounded) && Math.abs(hz - rounded) <= Math.max(1e-6, hz * 1e-15) ? rounded : null;
}

/** The clock a memory runs at, in Hz: its own for a DRAM, else the core's (a fixed-latency memory). */
function memoryClockHz(memory: MemorySpec, coreHz: number): number {
  const t = memoryTechnology(memory);
  return t.clockHz?.(memory) ?? t.dramConfig?.(memory).clockHz ?? coreHz;
}

/** Adds issues at `core.clock_mhz` for a clock the engine cannot represent beside the memory's. */
export function checkClocks(ctx: Ctx, clockMhz: number, memory: MemorySpec): void {
  const coreHz = wholeHz(clockMhz);
  if (coreHz !== null && coreHz <= 0) return; // the key's own range check reports it
  if (coreHz === null) {
    ctx.addIssue({ code: 'custom', path: ['core', 'clock_mhz'], message: `the core clock must be a whole number of Hz: ${clockMhz} MHz is ${clockMhz * 1e6} Hz` });
    return;
  }
  const memHz = memoryClockHz(memory, coreHz);
  // The engine's Timebase computes the same least common multiple and refuses it past 2^53;
  // BigInt gives the exact figure for the message however large it is.
  const ticksPerSecond = Number(lcm(BigInt(coreHz), BigInt(memHz)));
  if (ticksPerSecond > MAX_TIMEBASE_HZ) {
    ctx.addIssue({
      code: 'custom',
      path: ['core', 'clock_mhz'],
      message:
        `the core clock (${coreHz} Hz) and the memory clock (${memHz} Hz) share a timebase (their least common multiple) of ${ticksPerSecond.toPrecision(3)} Hz, ` +
        `which represents only ${(Number.MAX_SAFE_INTEGER / ticksPerSecond).toPrecision(3)} s of simulated time exactly; the limit is at least ${MIN_HORIZON_S} s ` +
        `(a timebase up to ${MAX_TIMEBASE_HZ.toPrecision(3)} Hz): choose a clock in whole MHz, or one with a larger common divisor with the memory's`,
    });
  }
}

function lcm(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return (a / x) * b;
}
