import type { ArchSpec } from '../arch/schema.ts';
import type { ProgramRun } from '../hw/run-program.ts';
import { dramRunFromStats } from './dram-power.ts';
import { powerReport, type PowerReport } from './power-report.ts';

/**
 * The power/resources block of one program run (`mmfsim exec`, the paper core): the arch as it actually ran
 * (a `--d` override changes the register file and accumulators, so the resources too), the
 * run's cycles and per-unit busy cycles, and the memory model's DRAM energy when it has one.
 */
export function programPowerReport(arch: ArchSpec, run: ProgramRun, d: number, tokens: number | null = null): PowerReport {
  const ranAs: ArchSpec = d === arch.core.d ? arch : { ...arch, core: { ...arch.core, d } };
  return powerReport({
    arch: ranAs,
    cycles: Math.max(1, run.cycles),
    unitBusyCycles: run.unitBusyCycles,
    dram: dramRunFromStats(run.memory, arch.memory),
    tokens,
    simulated: { kind: 'paper' },
  });
}
