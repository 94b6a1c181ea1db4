import { describe, expect, it } from 'vitest';
import { MemorySchema } from '../../../sim/arch/memory-schema.ts';
import { loadDramTrace } from '../../../sim/memory/dram/dram-trace.ts';
import { runDramTrace } from '../../../sim/run/run-dram-trace.ts';
import { DDR4_PRESETS } from '../../../sim/memory/technologies/ddr4/ddr4-presets.ts';
import { HBM2_PRESETS } from '../../../sim/memory/technologies/hbm2/hbm2-presets.ts';

/** The first issue of a memory section, or null when it validates. */
function issueOf(section: Record<string, unknown>): { path: string; message: string } | null {
  const r = MemorySchema.safeParse(section);
  if (r.success) return null;
  const i = r.error.issues[0]!;
  return { path: i.path.join('.'), message: i.message };
}

describe('DRAM timing sanity (ranges and JEDEC relations, checked at validation)', () => {
  it('every shipped preset satisfies every rule', () => {
    for (const preset of Object.keys(DDR4_PRESETS)) expect(issueOf({ model: 'ddr4', preset }), preset).toBeNull();
    for (const preset of Object.keys(HBM2_PRESETS)) expect(issueOf({ model: 'hbm2', preset }), preset).toBeNull();
  });

  it.each([
    ['ddr4', { CL: 0 }, 'timing.CL', /Too small/],
    ['ddr4', { tRCD: 65536 }, 'timing.tRCD', /Too big/],
    ['ddr4', { tRC: 50 }, 'timing.tRC', /tRC ≥ tRAS \+ tRP .* tRC 50, tRAS 39, tRP 17 cycles/],
    ['ddr4', { tREFI: 400 }, 'timing.tREFI', /tRFC < tREFI/],
    ['ddr4', { tRFC: 9300 }, 'timing.tRFC', /tREFI − tRFC ≥ 2 ×/],
    ['ddr4', { tRFC: 9360 }, 'timing.tRFC', /tRFC < tREFI/],
    ['ddr4', { tREFI: 555 }, 'timing.tREFI', /tREFI − tRFC ≥ 2 × max\(tRC, tRCD \+ CWL \+ tBL \+ tWR \+ tRP\)/],
    ['ddr4', { tFAW: 15 }, 'timing.tFAW', /tFAW ≥ 4 × tRRD_S/],
    ['ddr4', { tRRD_L: 3 }, 'timing.tRRD_L', /tRRD_L ≥ tRRD_S/],
    ['ddr4', { tCCD_S: 3 }, 'timing.tCCD_S', /tCCD_S ≥ tBL/],
    ['ddr4', { CWL: 18 }, 'timing.CWL', /CWL ≤ CL/],
    ['ddr4', { tRCD: 40 }, 'timing.tRCD', /tRAS ≥ tRCD/],
    ['hbm2', { tRCDRD: 32 }, 'timing.tRCDRD', /tRAS ≥ tRCDRD/],
    ['hbm2', { tRTP_S: 7 }, 'timing.tRTP_S', /tRTP_L ≥ tRTP_S/],
    ['hbm2', { tREFI: 320 }, 'timing.tREFI', /tRCDWR \+ CWL/],
  ])('%s timing %j is refused at %s', (model, timing, path, message) => {
    const issue = issueOf({ model, timing });
    expect(issue?.path).toBe(path);
    expect(issue?.message).toMatch(message);
  });

  it('the least tREFI the refresh-room rule accepts (DDR4-2400: 556) still serves a trace of reads and writes', () => {
    const memory = MemorySchema.parse({ model: 'ddr4', ranks: 2, page_policy: 'closed', timing: { tREFI: 556 } });
    const r = runDramTrace({ memory, trace: loadDramTrace('arch-configs/memory/random-mixed-1k.trace') });
    expect(r.requests).toBe(1024);
    expect(r.ref).toBeGreaterThan(0);
  });

  it('orders the write watermarks and bounds the shell latency', () => {
    expect(issueOf({ model: 'ddr4', write_high_watermark: 0.3, write_low_watermark: 0.5 })?.path).toBe('write_low_watermark');
    expect(issueOf({ model: 'hbm2', write_high_watermark: 0.5, write_low_watermark: 0.5 })).toBeNull();
    expect(issueOf({ model: 'ddr4', shell_latency_ns: 1e300 })?.path).toBe('shell_latency_ns');
    expect(issueOf({ model: 'hbm2', shell_latency_ns: 10_000 })).toBeNull();
  });
});
