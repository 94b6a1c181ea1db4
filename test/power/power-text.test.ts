import { describe, expect, it } from 'vitest';
import { ArchSchema } from '../../sim/arch/schema.ts';
import { powerReport } from '../../sim/power/power-report.ts';
import { formatPowerReport } from '../../sim/power/power-text.ts';

const arch = ArchSchema.parse({ name: 't', core: { kind: 'paper' }, memory: { model: 'fixed', response_cycles: 3 } });

describe('plain-text power block', () => {
  it('shows resources, the power lines and the provenance summary', () => {
    const text = formatPowerReport(powerReport({ simulated: { kind: 'paper' }, arch, cycles: 60_000, unitBusyCycles: { tmatmul: 50_000 }, tokens: 2 }));
    expect(text).toMatch(/^device {9}Intel FPGA PAC D5005 \(1SX280HN2F43E2VG\)/);
    expect(text).toMatch(/ALM [\d,]+\/933,120 \(\d+\.\d%\)/);
    expect(text).toMatch(/fpga static {2}\d+\.\d{3} W at Tj 50 °C/);
    expect(text).toMatch(/per token {6}[\d.e+-]+ J\/token/);
    expect(text).toMatch(/coefficients .*calibrated/);
    expect(text).not.toMatch(/INFEASIBLE/);
  });

  it('flags an infeasible design on its own line', () => {
    const text = formatPowerReport(powerReport({ simulated: { kind: 'paper' }, arch, cycles: 1000, unitBusyCycles: {}, cores: 50 }));
    expect(text).toMatch(/\nINFEASIBLE {5}50 cores do not fit intel-pac-d5005: ALM/);
  });
});
