import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYamlConfig, loadYamlConfig } from '../arch/yaml-config.ts';
import { ArchSchema, type ArchSpec } from '../arch/schema.ts';
import { execProgram } from '../hw/exec-program.ts';
import { loadDevice } from '../arch/device-catalogue.ts';
import { dramRunFromStats } from './dram-power.ts';
import { powerReport, type PowerReport } from './power-report.ts';

/**
 * The calibration anchor of the power model (docs/memory-and-power.md, "Calibration anchor"): the paper's single
 * D5005 core at 60 MHz draws about 13 W on the "FPGA core" rail while running its block
 * program (d = 512). This module runs that program on the simulated core and reports the
 * modelled core-rail power, and the value of the one calibrated coefficient
 * (intel-pac-d5005 shell.hard_ip_w) that would make it exactly 13 W.
 */
export const PAPER_CORE_RAIL_W = 13;
export const PAPER_TOLERANCE = 0.1;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PAPER_ARCH_FILE = join(ROOT, 'arch-configs', 'd5005-paper.yaml');
export const PAPER_PROGRAM_FILE = join(ROOT, 'arch-configs', 'paper-block.tmi');

/**
 * The paper's core as built, for when arch-configs/d5005-paper.yaml is not there: d = 512,
 * 60 MHz, and memory answering a request 12 core cycles later (≈200 ns through the shell to
 * DDR4, the round trip that reproduces the paper's 43 ms — docs/paper-core.md, "The block time follows from the round trip").
 */
const FALLBACK_ARCH = `
name: d5005-paper-fallback
core: { kind: paper, d: 512, clock_mhz: 60, address_bits: 33 }
memory: { model: fixed, response_cycles: 12 }
device: { id: intel-pac-d5005 }
`;

export interface CalibrationResult {
  arch_source: string;
  cycles: number;
  time_s: number;
  report: PowerReport;
  /** FPGA core-rail power the model gives (the quantity the paper measured), W. */
  core_rail_w: number;
  /** Relative error against 13 W. */
  error: number;
  /** hard_ip_w in the device file, and the value that would give exactly 13 W. */
  hard_ip_w: number;
  hard_ip_w_for_anchor: number;
}

export function paperArch(): { arch: ArchSpec; source: string } {
  if (existsSync(PAPER_ARCH_FILE)) return { arch: loadYamlConfig(PAPER_ARCH_FILE, ArchSchema), source: PAPER_ARCH_FILE };
  return { arch: parseYamlConfig(FALLBACK_ARCH, 'paper-calibration (built-in)', ArchSchema), source: 'built-in fallback (d=512, 60 MHz, 12-cycle memory)' };
}

export function runPaperCalibration(): CalibrationResult {
  const { arch, source } = paperArch();
  const { run } = execProgram({ arch, programText: readFileSync(PAPER_PROGRAM_FILE, 'utf8'), programFile: PAPER_PROGRAM_FILE });
  const report = powerReport({
    arch,
    cycles: run.cycles,
    unitBusyCycles: run.unitBusyCycles,
    dram: dramRunFromStats(run.memory, arch.memory),
    tokens: null,
    simulated: { kind: 'paper' },
  });
  const hardIp = loadDevice(arch.device.id).device.shell?.hard_ip_w.value ?? 0;
  const rail = report.power_w.fpga_total;
  return {
    arch_source: source,
    cycles: run.cycles,
    time_s: run.timeS,
    report,
    core_rail_w: rail,
    error: rail / PAPER_CORE_RAIL_W - 1,
    hard_ip_w: hardIp,
    hard_ip_w_for_anchor: hardIp + (PAPER_CORE_RAIL_W - rail),
  };
}
