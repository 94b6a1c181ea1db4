import { describe, expect, it } from 'vitest';
import { loadDevice } from '../../sim/arch/device-catalogue.ts';
import { PAPER_CORE_RAIL_W, PAPER_TOLERANCE, runPaperCalibration } from '../../sim/power/paper-calibration.ts';

describe('calibration anchor: the paper core on the D5005 at 13 W', () => {
  const c = runPaperCalibration();

  it('runs paper-block.tmi at d = 512 in about the paper\'s 43 ms', () => {
    expect(c.time_s).toBeGreaterThan(0.043 * 0.95);
    expect(c.time_s).toBeLessThan(0.043 * 1.05);
    expect(c.report.busy_fraction.tmatmul).toBeGreaterThan(0.9); // memory-latency-bound tmatmul
  });

  it('lands the FPGA core rail at 13 W ± 10 %', () => {
    expect(Math.abs(c.core_rail_w / PAPER_CORE_RAIL_W - 1)).toBeLessThanOrEqual(PAPER_TOLERANCE);
    expect(c.report.feasible).toBe(true);
  });

  it('names its calibrated coefficient in the device YAML, and it is the residual to 13 W', () => {
    const hardIp = loadDevice('intel-pac-d5005').device.shell!.hard_ip_w;
    expect(hardIp.provenance).toBe('calibrated');
    expect(hardIp.note).toMatch(/13(\.0)? W/);
    expect(Math.abs(c.hard_ip_w_for_anchor - hardIp.value)).toBeLessThan(0.05);
    const entry = c.report.provenance.find((e) => e.coefficient === 'intel-pac-d5005.shell.hard_ip_w');
    expect(entry?.provenance).toBe('calibrated');
  });
});
