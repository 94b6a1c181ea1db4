import { Hbm2MemorySchema } from '../../../../sim/arch/memory-schema.ts';
import { Ddr4Memory } from '../../../../sim/hw/memory/dram/ddr4-memory.ts';
import { DRAM_COMMANDS } from '../../../../sim/hw/memory/dram/dram-standard.ts';
import type { DramTrace } from '../../../../sim/hw/memory/dram/dram-trace.ts';
import { resolveHbm2Config, type Hbm2Config } from '../../../../sim/hw/memory/dram/hbm2-config.ts';
import { playTrace, type TracePlayResult } from '../../../../sim/hw/memory/dram/trace-player.ts';
import type { IssuedCommand } from './ddr4-helpers.ts';

/** An HBM2 config from YAML-style keys (defaults: hbm2-1800, here 1 pseudo-channel unless set). */
export function hbm2Config(spec: Record<string, unknown> = {}): Hbm2Config {
  return resolveHbm2Config(Hbm2MemorySchema.parse({ model: 'hbm2', pseudo_channels: 1, mapping: 'rochrababgco', ...spec }));
}

/** Address of (bank group, bank, row, burst column) of one pseudo-channel under `rochrababgco`. */
export function hbmAddr(row: number, bank: number, bankGroup: number, column = 0): number {
  // Fields LSB first: 5 offset bits (32-byte burst), 5 column bits, 2 bank group, 2 bank, row.
  return (((row * 4 + bank) * 4 + bankGroup) * 32 + column) * 32;
}

/** Run a trace of 32-byte bursts and record every command the controller issued. */
export function runHbmRecorded(config: Hbm2Config, trace: DramTrace): { result: TracePlayResult; commands: IssuedCommand[]; model: Ddr4Memory } {
  const model = new Ddr4Memory(config);
  const commands: IssuedCommand[] = [];
  model.setCommandListener((cmd, channel, rank, bankGroup, bank, row, cycle) =>
    commands.push({ cmd: DRAM_COMMANDS[cmd]!, channel, rank, bankGroup, bank, row, cycle }),
  );
  const result = playTrace(model, trace, config.burstBytes);
  return { result, commands, model };
}
