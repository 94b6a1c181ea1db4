import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../sim/cli/main.ts';

const TESTBENCH = new URL('../../arch-configs/paper-rtl-testbench.yaml', import.meta.url).pathname;
const PROGRAM = new URL('../../arch-configs/paper-block.tmi', import.meta.url).pathname;

async function cli(argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const code = await main(argv);
  vi.restoreAllMocks();
  return { code, stdout };
}

afterEach(() => vi.restoreAllMocks());

describe('mmfsim exec power block', () => {
  it('--json carries power, resources and provenance for the run as simulated', async () => {
    const { code, stdout } = await cli(['exec', '--arch', TESTBENCH, '--program', PROGRAM, '--d', '16', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.cycles).toBe(1494);
    const p = out.power;
    expect(p.device.id).toBe('intel-pac-d5005');
    expect(p.time_s).toBeCloseTo(1494 / 60e6, 15);
    expect(p.feasible).toBe(true);
    expect(p.power_w.total).toBeCloseTo(p.power_w.fpga_total + p.power_w.dram_core + p.power_w.dram_io + p.power_w.dram_background, 12);
    expect(p.power_w.dram_core).toBe(0); // the testbench memory is not DRAM
    expect(p.busy_fraction.tmatmul).toBeCloseTo(out.unit_busy_cycles.tmatmul / 1494, 12);
    expect(p.provenance.some((e: { provenance: string }) => e.provenance === 'calibrated')).toBe(true);
  });

  it('sizes the resources for the --d the program ran with', async () => {
    const small = JSON.parse((await cli(['exec', '--arch', TESTBENCH, '--program', PROGRAM, '--d', '16', '--json'])).stdout);
    const large = JSON.parse((await cli(['exec', '--arch', TESTBENCH, '--program', PROGRAM, '--d', '64', '--json'])).stdout);
    expect(large.power.resources_by_unit.register_file.registers).toBe(8 * 64 * 8);
    expect(small.power.resources_by_unit.register_file.registers).toBe(8 * 16 * 8);
  });

  it('plain output ends with the power breakdown', async () => {
    const { code, stdout } = await cli(['exec', '--arch', TESTBENCH, '--program', PROGRAM, '--d', '16']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/cycles\s+1494/);
    expect(stdout).toMatch(/\npower {10}\d+\.\d{3} W total = FPGA core rail/);
    expect(stdout).toMatch(/\nresources {6}ALM [\d,]+\/933,120/);
  });
});
