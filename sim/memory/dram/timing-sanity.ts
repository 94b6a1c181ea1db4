import type * as z from 'zod';

/**
 * Physical sanity of a DRAM's timing, checked when its `memory:` section is validated (so
 * `mmfsim validate` and `run` refuse the same things): every parameter in a range real parts
 * have, and the relations JEDEC's tables always satisfy between them. A table that breaks
 * them does not describe a DRAM, and some break the controller: `tREFI < tRFC` keeps a rank
 * refreshing forever (the run never finishes), `CL = 0` returns data in the cycle it is asked
 * for, an inverted write watermark pair drains on every write.
 */

/** Largest value any timing parameter may take, in DRAM cycles: 41 µs at 1.6 GHz, 5× the longest JEDEC parameter (tREFI, 7.8 µs). */
export const MAX_TIMING_CYCLES = 65_535;

/** Timing parameters that may be zero (the rank-to-rank bus gap); every other one is at least one cycle. */
export const ZERO_ALLOWED_TIMINGS: ReadonlySet<string> = new Set(['tRTRS']);

/** One relation between timing parameters, in DRAM cycles. */
export interface TimingRelation {
  /** As printed in messages, e.g. `tRC ≥ tRAS + tRP`. */
  rule: string;
  /** The parameters it relates; a violation is reported at the first one the YAML overrides. */
  names: readonly string[];
  holds: (t: Readonly<Record<string, number>>) => boolean;
  /** Why it must hold, in a few words. */
  why: string;
}

const r = (rule: string, names: string[], holds: TimingRelation['holds'], why: string): TimingRelation => ({ rule, names, holds, why });

/** Relations both DDR4 and HBM2 tables satisfy (names they share). */
export const COMMON_TIMING_RELATIONS: readonly TimingRelation[] = [
  r('tRC ≥ tRAS + tRP', ['tRC', 'tRAS', 'tRP'], (t) => t.tRC! >= t.tRAS! + t.tRP!, 'a row cycle is the row active time plus the precharge'),
  r('tRFC < tREFI', ['tREFI', 'tRFC'], (t) => t.tRFC! < t.tREFI!, 'a refresh must end before the next is due, or the rank refreshes forever'),
  r('tFAW ≥ 4 × tRRD_S', ['tFAW', 'tRRD_S'], (t) => t.tFAW! >= 4 * t.tRRD_S!, 'four activates spaced tRRD_S apart already span tFAW'),
  r('tRRD_L ≥ tRRD_S', ['tRRD_L', 'tRRD_S'], (t) => t.tRRD_L! >= t.tRRD_S!, 'the same bank group is never faster than another'),
  r('tCCD_L ≥ tCCD_S', ['tCCD_L', 'tCCD_S'], (t) => t.tCCD_L! >= t.tCCD_S!, 'the same bank group is never faster than another'),
  r('tWTR_L ≥ tWTR_S', ['tWTR_L', 'tWTR_S'], (t) => t.tWTR_L! >= t.tWTR_S!, 'the same bank group is never faster than another'),
  r('tCCD_S ≥ tBL', ['tCCD_S', 'tBL'], (t) => t.tCCD_S! >= t.tBL!, 'a burst holds the data bus for tBL'),
  r('CWL ≤ CL', ['CWL', 'CL'], (t) => t.CWL! <= t.CL!, 'write latency never exceeds read latency in DDR4 or HBM2'),
];

/**
 * Refresh must leave time to serve requests: between the end of one refresh and the next
 * there must be room for two complete row cycles of a write (activate, write, write recovery,
 * precharge: `rcd + CWL + tBL + tWR + tRP`, at least tRC), so a request that arrives just
 * after a row cycle starts still finishes before the refresh. With less, the controller's
 * refresh keeps pre-empting the same request and a run never ends (DDR4-2400 with tREFI 480
 * does not finish a 1 000-read trace). `rcd` is the technology's activate-to-write delay.
 */
export function refreshRoomRelation(rcd: string): TimingRelation {
  const rowCycle = (t: Readonly<Record<string, number>>) => Math.max(t.tRC!, t[rcd]! + t.CWL! + t.tBL! + t.tWR! + t.tRP!);
  return r(
    `tREFI − tRFC ≥ 2 × max(tRC, ${rcd} + CWL + tBL + tWR + tRP)`,
    ['tREFI', 'tRFC', 'tRC', rcd, 'CWL', 'tBL', 'tWR', 'tRP'],
    (t) => t.tREFI! - t.tRFC! >= 2 * rowCycle(t),
    'between refreshes there must be room for two write row cycles, or requests starve',
  );
}

type Ctx = z.core.$RefinementCtx<unknown>;

/**
 * Adds an issue for each relation `timing` (the preset with the YAML's overrides) breaks,
 * at `timing.<name>` of the first overridden name it involves (the preset alone satisfies
 * every relation, so one of them was overridden).
 */
export function checkTimingRelations(ctx: Ctx, timing: Readonly<Record<string, number>>, overrides: Readonly<Record<string, number | undefined>>, relations: readonly TimingRelation[]): void {
  for (const rel of relations) {
    if (rel.holds(timing)) continue;
    const blamed = rel.names.find((n) => overrides[n] !== undefined);
    const values = rel.names.map((n) => `${n} ${timing[n]}`).join(', ');
    ctx.addIssue({
      code: 'custom',
      path: blamed ? ['timing', blamed] : ['timing'],
      message: `timing must satisfy ${rel.rule} (${rel.why}); here ${values} cycles`,
    });
  }
}

/** The write-drain watermarks: draining stops (low) at or below where it starts (high). */
export function checkWatermarks(ctx: Ctx, spec: { write_low_watermark: number; write_high_watermark: number }): void {
  if (spec.write_low_watermark > spec.write_high_watermark) {
    ctx.addIssue({
      code: 'custom',
      path: ['write_low_watermark'],
      message: `must be at most write_high_watermark (${spec.write_high_watermark}): writes drain from the high watermark down to the low one, got ${spec.write_low_watermark}`,
    });
  }
}
