import { Hbm2MemorySchema, type Hbm2MemorySpec } from '../../../sim/memory/technologies/hbm2/hbm2-schema.ts';
import { DramMemory } from '../../../sim/memory/dram/dram-memory.ts';
import { DRAM_COMMANDS } from '../../../sim/memory/dram/dram-standard.ts';
import type { DramTrace } from '../../../sim/memory/dram/dram-trace.ts';
import { resolveHbm2Config, type Hbm2Config } from '../../../sim/memory/technologies/hbm2/hbm2-config.ts';
import { playTrace, type TracePlayResult } from '../../../sim/memory/dram/trace-player.ts';
import type { IssuedCommand } from './ddr4-helpers.ts';

/** An HBM2 config from YAML-style keys (defaults: hbm2-1800, here 1 pseudo-channel unless set). */
export function hbm2Config(spec: Record<string, unknown> = {}): Hbm2Config {
  return resolveHbm2Config(hbm2Spec(spec));
}

/** The validated `memory:` section behind `hbm2Config`. */
export function hbm2Spec(spec: Record<string, unknown> = {}): Hbm2MemorySpec {
  return Hbm2MemorySchema.parse({ model: 'hbm2', pseudo_channels: 1, mapping: 'rochrababgco', ...spec });
}

/** Address of (bank group, bank, row, burst column) of one pseudo-channel under `rochrababgco`. */
export function hbmAddr(row: number, bank: number, bankGroup: number, column = 0): number {
  // Fields LSB first: 5 offset bits (32-byte burst), 5 column bits, 2 bank group, 2 bank, row.
  return (((row * 4 + bank) * 4 + bankGroup) * 32 + column) * 32;
}

/** Run a trace of 32-byte bursts and record every command the controller issued. */
export function runHbmRecorded(config: Hbm2Config, trace: DramTrace): { result: TracePlayResult; commands: IssuedCommand[]; model: DramMemory } {
  const model = new DramMemory(config);
  const commands: IssuedCommand[] = [];
  model.setCommandListener((cmd, channel, rank, bankGroup, bank, row, cycle) =>
    commands.push({ cmd: DRAM_COMMANDS[cmd]!, channel, rank, bankGroup, bank, row, cycle }),
  );
  const result = playTrace(model, trace, config.burstBytes);
  return { result, commands, model };
}
